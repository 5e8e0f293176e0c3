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
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import jdk.disagg.DisaggregatedHeapMXBean;

/** The implementation of {@link DisaggregatedHeapMXBean}: reads the VM's counters. */
final class DisaggregatedHeapImpl implements DisaggregatedHeapMXBean {

    static final DisaggregatedHeapImpl INSTANCE = new DisaggregatedHeapImpl();

    private DisaggregatedHeapImpl() { }

    @Override
    public ObjectName getObjectName() {
        try {
            return ObjectName.getInstance(OBJECT_NAME);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override public boolean isEnabled()             { return VMCounters.read(VMCounters.ENABLED) != 0; }
    @Override public List<String> getMemoryServers() { return VMCounters.memoryServers(); }
    @Override public long getLocalHeapLimit()        { return VMCounters.read(VMCounters.LOCAL_LIMIT); }
    @Override public long getResidentBytes()         { return VMCounters.read(VMCounters.RESIDENT_BYTES); }
    @Override public long getRemoteBytes()           { return VMCounters.read(VMCounters.REMOTE_BYTES); }
    @Override public long getFaultCount()            { return VMCounters.read(VMCounters.FAULTS); }
    @Override public long getFaultLatencyP50Nanos()  { return VMCounters.read(VMCounters.FAULT_P50_NANOS); }
    @Override public long getFaultLatencyP99Nanos()  { return VMCounters.read(VMCounters.FAULT_P99_NANOS); }
    @Override public long getFaultTimeNanos()        { return VMCounters.read(VMCounters.FAULT_NANOS); }
    @Override public long getGCFaultCount()          { return VMCounters.read(VMCounters.GC_FAULTS); }
    @Override public long getPagesPrefetched()       { return VMCounters.read(VMCounters.PAGES_PREFETCHED); }
    @Override public long getPagesReactivated()      { return VMCounters.read(VMCounters.PAGES_REACTIVATED); }
    @Override public long getRoomWaitCount()         { return VMCounters.read(VMCounters.ROOM_WAITS); }
    @Override public long getRoomWaitNanos()         { return VMCounters.read(VMCounters.ROOM_WAIT_NANOS); }
    @Override public long getPagesFetched()          { return VMCounters.read(VMCounters.PAGES_FETCHED); }
    @Override public long getPagesZeroFilled()       { return VMCounters.read(VMCounters.PAGES_ZERO_FILLED); }
    @Override public long getPagesEvicted()          { return VMCounters.read(VMCounters.PAGES_EVICTED); }
    @Override public long getPagesWrittenBack()      { return VMCounters.read(VMCounters.PAGES_WRITTEN_BACK); }
    @Override public long getPagesDiscarded()        { return VMCounters.read(VMCounters.PAGES_DISCARDED); }
    @Override public long getBytesFetched()          { return VMCounters.read(VMCounters.BYTES_FETCHED); }
    @Override public long getBytesWrittenBack()      { return VMCounters.read(VMCounters.BYTES_WRITTEN_BACK); }
    @Override public long getRetryCount()            { return VMCounters.read(VMCounters.RETRIES); }
}
