/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.memory;

import java.util.HexFormat;

/**
 * One client's page space: a two-level table from page number to store
 * slot, allocated as pages are written, so it costs memory in proportion to
 * what the client stored.  Only the I/O thread uses it.
 */
final class Session {
    private static final int LEAF_BITS = 12;
    private static final int LEAF = 1 << LEAF_BITS;

    final byte[] id;
    final String label;          // first 8 hex digits of the id: for logs and metrics
    final long spacePages;
    private int[][] table;       // slot + 1; 0 means absent; grows to the highest written page
    private long pages;
    long lastActivityNanos;
    int endpoints;
    long reads, writes;

    Session(byte[] id, long spacePages, long now) {
        this.id = id.clone();
        this.label = HexFormat.of().formatHex(id, 0, 4);
        this.spacePages = spacePages;
        this.table = new int[0][];
        this.lastActivityNanos = now;
    }

    long pages() {
        return pages;
    }

    /** The slot holding page p, or -1. */
    int slot(long p) {
        int hi = (int) (p >>> LEAF_BITS);
        if (hi >= table.length) {
            return -1;
        }
        int[] leaf = table[hi];
        return leaf == null ? -1 : leaf[(int) (p & (LEAF - 1))] - 1;
    }

    void put(long p, int slot) {
        assert p < spacePages;
        int hi = (int) (p >>> LEAF_BITS);
        if (hi >= table.length) {
            table = java.util.Arrays.copyOf(table, Math.max(hi + 1, table.length * 2));
        }
        int[] leaf = table[hi];
        if (leaf == null) {
            leaf = table[hi] = new int[LEAF];
        }
        int lo = (int) (p & (LEAF - 1));
        if (leaf[lo] == 0) {
            pages++;
        }
        leaf[lo] = slot + 1;
    }

    /** Removes page p; returns its slot or -1. */
    int remove(long p) {
        int hi = (int) (p >>> LEAF_BITS);
        if (hi >= table.length) {
            return -1;
        }
        int[] leaf = table[hi];
        if (leaf == null) {
            return -1;
        }
        int lo = (int) (p & (LEAF - 1));
        int s = leaf[lo] - 1;
        if (s >= 0) {
            leaf[lo] = 0;
            pages--;
        }
        return s;
    }

    /** Calls {@code action} with every slot; for freeing the whole session. */
    void forEachSlot(java.util.function.IntConsumer action) {
        for (int[] leaf : table) {
            if (leaf != null) {
                for (int v : leaf) {
                    if (v != 0) {
                        action.accept(v - 1);
                    }
                }
            }
        }
    }
}
