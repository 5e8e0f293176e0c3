/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.memory;

import disagg.server.common.NativeMemory;
import java.util.Arrays;

/**
 * The server's page memory: one lazily committed mapping of the whole
 * capacity, cut into 4 KiB slots.  A slot is committed when first written and
 * given back to the kernel when freed, so the server's resident memory
 * follows the pages it holds.  Only the I/O thread uses it.
 */
final class PageStore {
    static final int PAGE = Protocol.PAGE_SIZE;

    private final long base;
    private final long capacityPages;
    private int[] free = new int[1024];  // stack of freed slots
    private int freeCount;
    private long bump;                   // slots below have been handed out at least once
    private long used;

    PageStore(long capacityBytes) {
        this.capacityPages = capacityBytes / PAGE;
        if (capacityPages > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("capacity " + capacityBytes + " bytes is more than this server supports ("
                    + ((long) Integer.MAX_VALUE * PAGE) + " bytes)");
        }
        this.base = capacityPages == 0 ? 0 : NativeMemory.map(capacityPages * PAGE);
    }

    long capacityPages() { return capacityPages; }
    long usedPages()     { return used; }
    long freePages()     { return capacityPages - used; }

    long address(int slot) {
        return base + (long) slot * PAGE;
    }

    /** A slot, or -1 when the store is full. */
    int allocate() {
        if (used >= capacityPages) {
            return -1;
        }
        used++;
        if (freeCount > 0) {
            return free[--freeCount];
        }
        return (int) bump++;
    }

    /** Frees a slot and gives its memory back to the kernel. */
    void release(int slot) {
        assert slot >= 0 && slot < bump : "slot " + slot;
        NativeMemory.discard(address(slot), PAGE);
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = slot;
        used--;
    }
}
