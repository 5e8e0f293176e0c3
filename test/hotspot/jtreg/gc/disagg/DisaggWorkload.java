/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * DO NOT ALTER OR REMOVE COPYRIGHT NOTICES OR THIS FILE HEADER.
 *
 * This code is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License version 2 only, as
 * published by the Free Software Foundation.
 *
 * This code is distributed in the hope that it will be useful, but WITHOUT
 * ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or
 * FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * version 2 for more details (a copy is included in the LICENSE file that
 * accompanied this code).
 */

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The workload of the gc/disagg tests: builds a live set, mutates it for a
 * while (so young, mixed and full collections all happen), then prints a
 * checksum that depends on every byte of the final live set. It knows
 * nothing about the disaggregated heap; the tests run it with and without
 * and compare what it prints.
 *
 * Usage: DisaggWorkload MODE LIVE_MB [THREADS]
 *   MODE: linked    a graph of small nodes with payload arrays
 *         humongous large arrays, each spanning several regions
 *         mixed     both, plus System.gc() calls
 *         vthreads  the linked graph mutated by many virtual threads
 */
public class DisaggWorkload {
    static final class Node {
        final long id;
        final long[] payload;
        Node next;
        Node far;

        Node(long id, int words, Random r) {
            this.id = id;
            this.payload = new long[words];
            for (int i = 0; i < words; i++) {
                payload[i] = r.nextLong();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int liveMb = Integer.parseInt(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        long sum = switch (mode) {
            case "linked" -> linked(liveMb, 3, 1, false);
            case "humongous" -> humongous(liveMb);
            case "mixed" -> linked(liveMb / 2, 2, 1, true) * 31 + humongous(liveMb / 2);
            case "fragmented" -> fragmented(liveMb);
            case "vthreads" -> linked(liveMb, 2, threads, false);
            case "threads" -> linkedPlatform(liveMb, threads);
            default -> throw new IllegalArgumentException(mode);
        };
        System.out.printf("checksum %016x%n", sum);
    }

    static long linked(int liveMb, int rounds, int threads, boolean systemGc) throws Exception {
        final int words = 120;
        final int n = (int) ((long) liveMb * 1024 * 1024 / (16 + words * 8 + 48));
        Random r = new Random(42);
        Node[] nodes = new Node[n];
        for (int i = 0; i < n; i++) {
            nodes[i] = new Node(i, words, r);
        }
        relink(nodes, r);
        for (int round = 0; round < rounds; round++) {
            if (threads > 1) {
                // Virtual threads, each replacing and rewriting its own slice.
                int slice = n / threads;
                try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<?>> fs = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        final int from = t * slice, to = t == threads - 1 ? n : from + slice, seed = round * 1000 + t;
                        fs.add(ex.submit(() -> mutate(nodes, from, to, words, new Random(seed))));
                    }
                    for (Future<?> f : fs) {
                        f.get();
                    }
                }
            } else {
                mutate(nodes, 0, n, words, r);
            }
            relink(nodes, r);
            if (systemGc) {
                System.gc();
            }
        }
        return checksum(nodes[0], n);
    }

    static long linkedPlatform(int liveMb, int threads) throws Exception {
        final int words = 120;
        final int n = (int) ((long) liveMb * 1024 * 1024 / (16 + words * 8 + 48));
        Random r = new Random(42);
        Node[] nodes = new Node[n];
        for (int i = 0; i < n; i++) {
            nodes[i] = new Node(i, words, r);
        }
        relink(nodes, r);
        Thread[] ts = new Thread[threads];
        int slice = n / threads;
        for (int t = 0; t < threads; t++) {
            final int from = t * slice, to = t == threads - 1 ? n : from + slice, seed = t;
            ts[t] = new Thread(() -> {
                for (int round = 0; round < 3; round++) {
                    mutate(nodes, from, to, words, new Random(seed * 100 + round));
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        relink(nodes, r);
        return checksum(nodes[0], n);
    }

    static void mutate(Node[] nodes, int from, int to, int words, Random r) {
        int span = to - from;
        for (int k = 0; k < span / 5; k++) {
            int i = from + r.nextInt(span);
            nodes[i] = new Node(nodes[i].id + 1_000_000_000L, words, r);
        }
        for (int k = 0; k < span; k++) {
            Node x = nodes[from + r.nextInt(span)];
            x.payload[r.nextInt(words)] ^= r.nextLong();
        }
    }

    static void relink(Node[] nodes, Random r) {
        for (int i = 0; i < nodes.length; i++) {
            nodes[i].next = nodes[(i + 1) % nodes.length];
            nodes[i].far = nodes[r.nextInt(nodes.length)];
        }
    }

    static long checksum(Node head, int n) {
        long sum = 0;
        Node x = head;
        for (int i = 0; i < n; i++) {
            long h = x.id;
            for (long v : x.payload) {
                h = h * 31 + v;
            }
            sum = sum * 1_000_003 + h + (x.far.id << 7);
            x = x.next;
        }
        return sum;
    }

    static long humongous(int liveMb) {
        // 3 MiB arrays: humongous with the small regions of small heaps.
        final int len = 3 * 1024 * 1024 / 8;
        int count = Math.max(1, liveMb / 3);
        long[][] arrays = new long[count][];
        Random r = new Random(7);
        for (int i = 0; i < count; i++) {
            arrays[i] = new long[len];
            for (int j = 0; j < len; j += 7) {
                arrays[i][j] = r.nextLong();
            }
        }
        // Replace some (garbage humongous regions), rewrite others.
        for (int k = 0; k < count / 3; k++) {
            int i = r.nextInt(count);
            long[] a = new long[len];
            for (int j = 0; j < len; j += 5) {
                a[j] = r.nextLong();
            }
            arrays[i] = a;
        }
        for (int k = 0; k < count * 100; k++) {
            long[] a = arrays[r.nextInt(count)];
            a[r.nextInt(len)] += r.nextLong();
        }
        return checksum(0, arrays);
    }

    static long checksum(long sum, long[][] arrays) {
        for (long[] a : arrays) {
            for (long v : a) {
                sum = sum * 31 + v;
            }
        }
        return sum;
    }

    static long fragmented(int liveMb) {
        // Live humongous arrays with garbage ones of the same size between
        // them, then one array that fits only after a maximal full GC has
        // moved the live ones together (G1 moves humongous objects then),
        // some into regions that others have just left.
        final int len = 5 * 1024 * 1024 / 2 / 8;  // 2.5 MiB: three 1 MiB regions
        int count = Math.max(2, liveMb * 2 / 5);
        long[][] live = new long[count][];
        long[][] garbage = new long[count][];
        Random r = new Random(11);
        for (int i = 0; i < count; i++) {
            live[i] = new long[len];
            for (int j = 0; j < len; j += 3) {
                live[i][j] = r.nextLong();
            }
            garbage[i] = new long[len];
        }
        garbage = null;
        long liveBytes = (long)count * 3 * 1024 * 1024;
        long[] big = new long[(int)((Runtime.getRuntime().maxMemory() - liveBytes) * 3 / 4 / 8)];
        big[0] = 1;
        big[big.length - 1] = 2;
        return checksum(big[0] * 31 + big[big.length - 1], live);
    }
}
