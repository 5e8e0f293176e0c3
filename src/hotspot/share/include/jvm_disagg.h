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

#ifndef _JAVASOFT_JVM_DISAGG_H_
#define _JAVASOFT_JVM_DISAGG_H_

/*
 * The interface between libjvm and module jdk.disagg (libdisagg): the
 * counters of the disaggregated heap.  JVM_DisaggReadCounters fills up to
 * `length` values, indexed by jvm_disagg_counter, and returns how many the
 * VM has, so that either side may be newer.  The Java mirror of the indices
 * is jdk.internal.disagg.management.VMCounters; keep them in step.
 */

#include "jni.h"

#ifdef __cplusplus
extern "C" {
#endif

enum jvm_disagg_counter {
  JVM_DISAGG_ENABLED = 0,         /* 1 with -XX:+UseDisaggregatedHeap */
  JVM_DISAGG_LOCAL_LIMIT,         /* bytes */
  JVM_DISAGG_RESIDENT_BYTES,
  JVM_DISAGG_REMOTE_BYTES,
  JVM_DISAGG_FAULTS,              /* faults on non-resident pages */
  JVM_DISAGG_FAULT_P50_NANOS,
  JVM_DISAGG_FAULT_P99_NANOS,
  JVM_DISAGG_PAGES_FETCHED,
  JVM_DISAGG_PAGES_ZERO_FILLED,
  JVM_DISAGG_PAGES_EVICTED,
  JVM_DISAGG_PAGES_WRITTEN_BACK,
  JVM_DISAGG_PAGES_DISCARDED,
  JVM_DISAGG_BYTES_FETCHED,
  JVM_DISAGG_BYTES_WRITTEN_BACK,
  JVM_DISAGG_RETRIES,
  JVM_DISAGG_GC_FAULTS,           /* of JVM_DISAGG_FAULTS, taken by GC and VM threads */
  JVM_DISAGG_PAGES_PREFETCHED,
  JVM_DISAGG_PAGES_REACTIVATED,   /* faults on inactive pages: back from the pool, no transfer */
  JVM_DISAGG_ROOM_WAITS,          /* faults and prefetches that waited for the evictor to make room */
  JVM_DISAGG_ROOM_WAIT_NANOS,     /* their total wait */
  JVM_DISAGG_FAULT_NANOS,         /* total time of the faults in JVM_DISAGG_FAULTS */
  JVM_DISAGG_COUNTER_COUNT
};

JNIEXPORT jint JNICALL
JVM_DisaggReadCounters(jlong* values, jint length);

/* Writes the memory servers as "host:port,host:port" (NUL-terminated,
 * truncated to `length`) and returns the full length without the NUL. */
JNIEXPORT jint JNICALL
JVM_DisaggMemoryServers(char* buffer, jint length);

#ifdef __cplusplus
}
#endif

#endif /* _JAVASOFT_JVM_DISAGG_H_ */
