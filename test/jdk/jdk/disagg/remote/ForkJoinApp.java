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

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.stream.Collectors;

/**
 * An unmodified program whose fork/join tasks (RecursiveTask, in the common
 * pool) may run on remote carriers; it prints one line per result.  Run
 * with and without remote carriers, its output must be the same
 * (RemoteForkJoin compares them).
 */
public class ForkJoinApp {
    static int work(long v) {
        int h = (int) v;
        for (int i = 0; i < 300; i++) {
            h = h * 31 + (h >>> 7) + i;
        }
        return h & 0xffff;
    }

    /** A pure divide-and-conquer sum over part of an array: may run anywhere. */
    static final class Sum extends RecursiveTask<Long> {
        final long[] data;
        final int lo, hi;
        Sum(long[] data, int lo, int hi) { this.data = data; this.lo = lo; this.hi = hi; }
        @Override
        protected Long compute() {
            if (hi - lo <= 2_000) {
                long s = 0;
                for (int i = lo; i < hi; i++) {
                    s += work(data[i]);
                }
                return s;
            }
            int mid = (lo + hi) >>> 1;
            Sum left = new Sum(data, lo, mid);
            left.fork();
            long right = new Sum(data, mid, hi).compute();
            return right + left.join();
        }
    }

    /** A class only the client has. */
    static final class Item {
        final String name;
        final int weight;
        Item(String name, int weight) { this.name = name; this.weight = weight; }
    }

    /** Returns one of the items it was given: the program may compare it with ==. */
    static final class Heaviest extends RecursiveTask<Item> {
        final Item[] items;
        final int lo, hi;
        Heaviest(Item[] items, int lo, int hi) { this.items = items; this.lo = lo; this.hi = hi; }
        @Override
        protected Item compute() {
            if (hi - lo <= 500) {
                Item best = items[lo];
                for (int i = lo; i < hi; i++) {
                    work(i);
                    if (items[i].weight > best.weight) {
                        best = items[i];
                    }
                }
                return best;
            }
            int mid = (lo + hi) >>> 1;
            Heaviest left = new Heaviest(items, lo, mid);
            left.fork();
            Item r = new Heaviest(items, mid, hi).compute();
            Item l = left.join();
            return l.weight >= r.weight ? l : r;
        }
    }

    /** Writes into the array it was given and returns a count: must run where its writes are seen. */
    static final class Scale extends RecursiveTask<Integer> {
        final long[] data;
        final int lo, hi;
        Scale(long[] data, int lo, int hi) { this.data = data; this.lo = lo; this.hi = hi; }
        @Override
        protected Integer compute() {
            if (hi - lo <= 500) {
                int odd = 0;
                for (int i = lo; i < hi; i++) {
                    data[i] = work(data[i]);
                    odd += (int) (data[i] & 1);
                }
                return odd;
            }
            int mid = (lo + hi) >>> 1;
            Scale left = new Scale(data, lo, mid);
            left.fork();
            int right = new Scale(data, mid, hi).compute();
            return right + left.join();
        }
    }

    /** Throws part of the way down. */
    static final class Fails extends RecursiveTask<Long> {
        final int lo, hi;
        Fails(int lo, int hi) { this.lo = lo; this.hi = hi; }
        @Override
        protected Long compute() {
            if (hi - lo <= 1_000) {
                long s = 0;
                for (int i = lo; i < hi; i++) {
                    s += work(i);
                    if (i == 123_456) {
                        throw new IllegalStateException("element " + i + " is bad");
                    }
                }
                return s;
            }
            int mid = (lo + hi) >>> 1;
            Fails left = new Fails(lo, mid);
            left.fork();
            long right = new Fails(mid, hi).compute();
            return right + left.join();
        }
    }

    /** Holds its parent task: a copy could never join it, so it is never sent. */
    static final class Linked extends RecursiveTask<Long> {
        final Linked parent;
        final int lo, hi;
        Linked(Linked parent, int lo, int hi) { this.parent = parent; this.lo = lo; this.hi = hi; }
        @Override
        protected Long compute() {
            if (hi - lo <= 2_000) {
                long s = 0;
                for (int i = lo; i < hi; i++) {
                    s += work(i) + (parent == null ? 0 : 1);
                }
                return s;
            }
            int mid = (lo + hi) >>> 1;
            Linked left = new Linked(this, lo, mid);
            left.fork();
            long right = new Linked(this, mid, hi).compute();
            return right + left.join();
        }
    }

    /** Reads a static the program set at run time: its home value only. */
    static int factor;

    static final class Scaled extends RecursiveTask<Long> {
        final int lo, hi;
        Scaled(int lo, int hi) { this.lo = lo; this.hi = hi; }
        @Override
        protected Long compute() {
            if (hi - lo <= 2_000) {
                long s = 0;
                for (int i = lo; i < hi; i++) {
                    s += (long) work(i) * factor;
                }
                return s;
            }
            int mid = (lo + hi) >>> 1;
            Scaled left = new Scaled(lo, mid);
            left.fork();
            long right = new Scaled(mid, hi).compute();
            return right + left.join();
        }
    }

    static String innermost(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }

    public static void main(String[] args) throws Exception {
        int n = 100_000;  // 800 KiB: under what an untimed task may carry
        long[] data = new long[n];
        for (int i = 0; i < n; i++) {
            data[i] = i * 2_654_435_761L;
        }
        System.out.println("sum " + ForkJoinPool.commonPool().invoke(new Sum(data, 0, n)));
        System.out.println("sum again " + new Sum(data, 0, n).fork().join());
        // A pool of the program's own keeps its tasks.
        ForkJoinPool own = new ForkJoinPool(2);
        System.out.println("sum in own pool " + own.invoke(new Sum(data, 0, n)));
        own.shutdown();

        Item[] items = new Item[20_000];  // under 1 MiB as a graph
        for (int i = 0; i < items.length; i++) {
            items[i] = new Item("item" + i, work(i * 7L) ^ (i == 7_777 ? 0x10000 : 0));
        }
        Item best = ForkJoinPool.commonPool().invoke(new Heaviest(items, 0, items.length));
        System.out.println("heaviest " + best.name + " is the program's own object: " + (best == items[7_777]));
        // The same for a stream: max returns the element itself.
        List<Item> list = Arrays.asList(items);
        Item viaStream = list.parallelStream().map(it -> { work(it.weight); return it; })
                             .max((a, b) -> Integer.compare(a.weight, b.weight)).orElseThrow();
        System.out.println("stream max is the program's own object: " + (viaStream == items[7_777]));
        Map<Integer, List<Item>> byLast = list.parallelStream().filter(it -> work(it.weight) % 2 == 0)
                                              .collect(Collectors.groupingBy(it -> it.weight % 10));
        boolean same = byLast.values().stream().flatMap(List::stream)
                             .allMatch(it -> it == items[Integer.parseInt(it.name.substring(4))]);
        System.out.println("grouped " + byLast.values().stream().mapToInt(List::size).sum()
                           + " items, all the program's own objects: " + same);

        // Three times: the first one sent is stopped on the server (it
        // writes to its array), and every one gives the same answer.
        for (int round = 0; round < 3; round++) {
            long[] copy = data.clone();
            int odd = ForkJoinPool.commonPool().invoke(new Scale(copy, 0, n));
            long check = 0;
            for (long v : copy) {
                check = check * 31 + v;
            }
            System.out.println("scaled in place: " + odd + " odd, checksum " + check);
        }

        try {
            ForkJoinPool.commonPool().invoke(new Fails(0, 200_000));
            System.out.println("no exception");
        } catch (IllegalStateException e) {
            // How often fork/join wraps what a task threw depends on which
            // threads joined it; the program's own exception is the innermost.
            System.out.println("threw " + innermost(e));
        }
        try {
            ForkJoinPool.commonPool().submit(new Fails(0, 200_000)).get();
        } catch (ExecutionException e) {
            System.out.println("get threw " + innermost(e));
        }

        // Three rounds each: whether a worker steals one of these tasks while
        // a remote carrier is free (what sends it, and shows it refused)
        // depends on timing; one round left the test without a refusal.
        for (int round = 0; round < 3; round++) {
            System.out.println("linked " + ForkJoinPool.commonPool().invoke(new Linked(null, 0, n)));
        }

        factor = args.length + 3;
        for (int round = 0; round < 3; round++) {
            System.out.println("scaled by a static " + ForkJoinPool.commonPool().invoke(new Scaled(0, n)));
        }
    }
}
