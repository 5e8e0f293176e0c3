/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * DO NOT ALTER OR REMOVE COPYRIGHT NOTICES OR THIS FILE HEADER.
 *
 * This code is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License version 2 only, as
 * published by the Free Software Foundation.  The Disagg JDK Project
 * designates this particular file as subject to the "Classpath" exception
 * as provided in the LICENSE file that accompanied this code.
 *
 * This code is distributed in the hope that it will be useful, but WITHOUT
 * ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or
 * FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * version 2 for more details (a copy is included in the LICENSE file that
 * accompanied this code).
 */

package jdk.internal.disagg.management;

import java.util.List;

/**
 * Reads the disaggregated heap's counters from the VM (libdisagg, which calls
 * JVM_DisaggReadCounters).  The indices mirror {@code jvm_disagg_counter} in
 * {@code jvm_disagg.h}; keep them in step.
 */
@SuppressWarnings("restricted")
final class VMCounters {
    static final int ENABLED = 0;
    static final int LOCAL_LIMIT = 1;
    static final int RESIDENT_BYTES = 2;
    static final int REMOTE_BYTES = 3;
    static final int FAULTS = 4;
    static final int FAULT_P50_NANOS = 5;
    static final int FAULT_P99_NANOS = 6;
    static final int PAGES_FETCHED = 7;
    static final int PAGES_ZERO_FILLED = 8;
    static final int PAGES_EVICTED = 9;
    static final int PAGES_WRITTEN_BACK = 10;
    static final int PAGES_DISCARDED = 11;
    static final int BYTES_FETCHED = 12;
    static final int BYTES_WRITTEN_BACK = 13;
    static final int RETRIES = 14;
    static final int GC_FAULTS = 15;
    static final int PAGES_PREFETCHED = 16;
    static final int PAGES_REACTIVATED = 17;
    static final int ROOM_WAITS = 18;
    static final int ROOM_WAIT_NANOS = 19;
    static final int FAULT_NANOS = 20;
    static final int COUNT = 21;

    static {
        System.loadLibrary("disagg");
    }

    private VMCounters() { }

    /** {@return one counter of the VM, or 0 if this VM does not have it} */
    static long read(int index) {
        long[] values = new long[COUNT];
        int n = read0(values);
        return index < n ? values[index] : 0;
    }

    /** {@return the memory servers as host:port} */
    static List<String> memoryServers() {
        String s = memoryServers0();
        return s.isEmpty() ? List.of() : List.of(s.split(","));
    }

    private static native int read0(long[] values);

    private static native String memoryServers0();
}
