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

package jdk.disagg;

import java.lang.management.PlatformManagedObject;
import java.util.List;

/**
 * The platform MXBean of the disaggregated (far-memory) heap.
 *
 * <p>Obtain it with
 * {@code ManagementFactory.getPlatformMXBean(DisaggregatedHeapMXBean.class)};
 * its object name is {@value #OBJECT_NAME}.  It is present in every VM of
 * this JDK; {@link #isEnabled()} tells whether the VM runs with
 * {@code -XX:+UseDisaggregatedHeap}.  All counts are cumulative since the VM
 * started, and every value is a snapshot: counters are read one by one while
 * the VM runs, so two of them need not be from the same instant.
 *
 * @since 26
 */
public interface DisaggregatedHeapMXBean extends PlatformManagedObject {

    /** The object name of this MXBean. */
    String OBJECT_NAME = "jdk.disagg:type=DisaggregatedHeap";

    /** {@return whether the VM runs with the disaggregated heap} */
    boolean isEnabled();

    /** {@return the memory servers as {@code host:port}, the embedded one included} */
    List<String> getMemoryServers();

    /** {@return the most heap bytes kept resident locally ({@code -XX:DisaggLocalHeapLimit})} */
    long getLocalHeapLimit();

    /** {@return the heap bytes resident locally now} */
    long getResidentBytes();

    /** {@return the heap bytes that live only on memory servers now} */
    long getRemoteBytes();

    /** {@return the faults on non-resident heap pages resolved so far} */
    long getFaultCount();

    /** {@return the median latency of resolving a fault, in nanoseconds} */
    long getFaultLatencyP50Nanos();

    /** {@return the 99th percentile latency of resolving a fault, in nanoseconds} */
    long getFaultLatencyP99Nanos();

    /**
     * {@return the time threads spent resolving faults, in nanoseconds}
     * Threads fault concurrently, so this can exceed the time the VM has run.
     */
    long getFaultTimeNanos();

    /** {@return of the faults, those taken by GC and other VM threads rather than the program's} */
    long getGCFaultCount();

    /** {@return the pages fetched ahead of use, for regions the GC was about to scan} */
    long getPagesPrefetched();

    /**
     * {@return the pages taken back from the inactive pool, where pages wait
     * locally before they are evicted; no transfer}
     */
    long getPagesReactivated();

    /** {@return the faults and prefetches that found the local limit reached and waited for eviction} */
    long getRoomWaitCount();

    /** {@return the time those waits took in all, in nanoseconds} */
    long getRoomWaitNanos();

    /** {@return the pages fetched from memory servers} */
    long getPagesFetched();

    /** {@return the pages filled with zeros locally, never having been written before} */
    long getPagesZeroFilled();

    /** {@return the pages evicted from local memory} */
    long getPagesEvicted();

    /** {@return the evicted pages that had to be written to a server (the dirty ones)} */
    long getPagesWrittenBack();

    /** {@return the pages discarded without any transfer because the GC freed them} */
    long getPagesDiscarded();

    /** {@return the bytes received from memory servers} */
    long getBytesFetched();

    /** {@return the bytes sent to memory servers} */
    long getBytesWrittenBack();

    /** {@return the requests that were sent again after a timeout or a lost connection} */
    long getRetryCount();
}
