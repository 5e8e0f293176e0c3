/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

import java.util.Random;

/**
 * A program with a large, linked live set: a graph of nodes, each holding a
 * payload array and references to other nodes, mutated for a while (new
 * nodes replace old ones, payloads are rewritten, links are rewired) and
 * then traversed.  It prints a checksum that depends on every byte of the
 * final live set, so two runs that print the same checksum computed the same
 * thing.  Nothing in it knows about Disagg JDK.
 *
 * Mutations are skewed like most programs' accesses: by default 90% of them
 * go to a hot tenth of the nodes (which moves every round), the rest are
 * uniform over everything. SKEW=10 makes them uniform: the worst case for
 * any memory hierarchy.
 *
 * Usage: java LinkedLiveSet.java LIVE_MB [ROUNDS] [SEED] [SKEW]
 */
public class LinkedLiveSet {
    static final class Node {
        final long id;
        final long[] payload;
        Node next;      // a chain through all nodes
        Node far;       // a random link
        Node(long id, int words, Random r) {
            this.id = id;
            this.payload = new long[words];
            for (int i = 0; i < words; i++) {
                payload[i] = r.nextLong();
            }
        }
    }

    public static void main(String[] args) {
        int liveMb = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        int skew = args.length > 3 ? Integer.parseInt(args[3]) : 90;
        long start = System.nanoTime();

        final int words = 120;                          // ~1 KiB of payload per node
        final int bytesPerNode = 16 + words * 8 + 48;   // array + node, roughly
        final int n = (int) ((long) liveMb * 1024 * 1024 / bytesPerNode);
        Random r = new Random(seed);
        Node[] nodes = new Node[n];
        for (int i = 0; i < n; i++) {
            nodes[i] = new Node(i, words, r);
        }
        link(nodes, r);

        // Mutate: each round replaces a fifth of the nodes (garbage for the
        // collector), rewrites payloads all over the heap, rewires links.
        for (int round = 0; round < rounds; round++) {
            int hot = Math.max(1, n / 10);
            int hotStart = r.nextInt(n - hot + 1);
            for (int k = 0; k < n / 5; k++) {
                int i = pick(r, n, hotStart, hot, skew);
                nodes[i] = new Node(nodes[i].id + n, words, r);
            }
            for (int k = 0; k < n; k++) {
                Node x = nodes[pick(r, n, hotStart, hot, skew)];
                x.payload[r.nextInt(words)] ^= r.nextLong();
            }
            link(nodes, r);
        }
        nodes = walkOnly(nodes[0], n);  // from here on the graph is reachable only through links

        long sum = 0;
        Node x = nodes[0];
        for (int i = 0; i < n; i++) {
            long h = x.id;
            for (long v : x.payload) {
                h = h * 31 + v;
            }
            sum = sum * 1_000_003 + h + (x.far.id << 7);
            x = x.next;
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("LinkedLiveSet: %d nodes, about %d MiB live, %d rounds, %d%% of mutations hot%n",
                          n, liveMb, rounds, skew);
        System.out.printf("checksum %016x%n", sum);
        System.err.printf("time %.2f s%n", s);
    }

    /** A node index: in the hot range with probability skew%, else anywhere. */
    static int pick(Random r, int n, int hotStart, int hot, int skew) {
        return r.nextInt(100) < skew ? hotStart + r.nextInt(hot) : r.nextInt(n);
    }

    static void link(Node[] nodes, Random r) {
        for (int i = 0; i < nodes.length; i++) {
            nodes[i].next = nodes[(i + 1) % nodes.length];
            nodes[i].far = nodes[r.nextInt(nodes.length)];
        }
    }

    /** Drops the array: keeps only the head, so the traversal follows references through the heap. */
    static Node[] walkOnly(Node head, int n) {
        return new Node[] {head};
    }
}
