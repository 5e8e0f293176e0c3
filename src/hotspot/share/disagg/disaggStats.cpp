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

#include "disagg/disaggStats.hpp"
#include "jvm_disagg.h"
#include "utilities/count_leading_zeros.hpp"
#include "utilities/globalDefinitions.hpp"
#include "utilities/ostream.hpp"

Atomic<uint64_t> DisaggStats::_values[JVM_DISAGG_COUNTER_COUNT];
DisaggLatencyHistogram DisaggStats::_fault_latency;
char DisaggStats::_servers[1024] = "";
DisaggStats::GaugeProvider DisaggStats::_gauges = nullptr;

int DisaggLatencyHistogram::index_of(uint64_t value) {
  if (value < (uint64_t)SubBuckets) {
    return (int)value;  // exact below 16
  }
  int msb = 63 - count_leading_zeros(value);
  int sub = (int)((value >> (msb - SubBits)) & (SubBuckets - 1));
  return (msb - SubBits + 1) * SubBuckets + sub;
}

uint64_t DisaggLatencyHistogram::lower_bound_of(int index) {
  if (index < SubBuckets) {
    return (uint64_t)index;
  }
  int msb = index / SubBuckets + SubBits - 1;
  uint64_t sub = (uint64_t)(index % SubBuckets);
  return (uint64_t(1) << msb) | (sub << (msb - SubBits));
}

void DisaggLatencyHistogram::record(uint64_t value) {
  int i = index_of(value);
  assert(i >= 0 && i < Buckets, "bucket %d out of range", i);
  _counts[i].add_then_fetch(1u, memory_order_relaxed);
}

uint64_t DisaggLatencyHistogram::count() const {
  uint64_t n = 0;
  for (int i = 0; i < Buckets; i++) {
    n += _counts[i].load_relaxed();
  }
  return n;
}

uint64_t DisaggLatencyHistogram::percentile(double q) const {
  assert(q >= 0.0 && q <= 1.0, "quantile %f", q);
  uint64_t total = count();
  if (total == 0) {
    return 0;
  }
  uint64_t rank = (uint64_t)(q * (double)(total - 1)) + 1;
  uint64_t seen = 0;
  for (int i = 0; i < Buckets; i++) {
    seen += _counts[i].load_relaxed();
    if (seen >= rank) {
      return lower_bound_of(i);
    }
  }
  return lower_bound_of(Buckets - 1);
}

void DisaggLatencyHistogram::reset() {
  for (int i = 0; i < Buckets; i++) {
    _counts[i].store_relaxed(0);
  }
}

uint64_t DisaggStats::get(jvm_disagg_counter c) {
  switch (c) {
    case JVM_DISAGG_FAULT_P50_NANOS: return _fault_latency.percentile(0.50);
    case JVM_DISAGG_FAULT_P99_NANOS: return _fault_latency.percentile(0.99);
    case JVM_DISAGG_RESIDENT_BYTES:
    case JVM_DISAGG_REMOTE_BYTES:
      if (_gauges != nullptr) {
        uint64_t resident, remote;
        _gauges(&resident, &remote);
        return c == JVM_DISAGG_RESIDENT_BYTES ? resident : remote;
      }
      return _values[c].load_relaxed();
    default:                         return _values[c].load_relaxed();
  }
}

void DisaggStats::set_servers(const char* servers) {
  strncpy(_servers, servers, sizeof(_servers) - 1);
  _servers[sizeof(_servers) - 1] = '\0';
}

jint DisaggStats::read(jlong* values, jint length) {
  for (int i = 0; i < length && i < JVM_DISAGG_COUNTER_COUNT; i++) {
    values[i] = (jlong)get((jvm_disagg_counter)i);
  }
  return JVM_DISAGG_COUNTER_COUNT;
}

void DisaggStats::print_summary(outputStream* st) {
  const double MiB = 1024.0 * 1024.0;
  st->print_cr("Disaggregated heap: limit %.1f MiB, resident %.1f MiB, remote %.1f MiB, servers %s",
               get(JVM_DISAGG_LOCAL_LIMIT) / MiB, get(JVM_DISAGG_RESIDENT_BYTES) / MiB,
               get(JVM_DISAGG_REMOTE_BYTES) / MiB, _servers[0] != '\0' ? _servers : "(none)");
  st->print_cr("  faults " UINT64_FORMAT " (p50 %.1f us, p99 %.1f us, %.1f ms in all), of which " UINT64_FORMAT
               " in GC and VM threads",
               get(JVM_DISAGG_FAULTS), get(JVM_DISAGG_FAULT_P50_NANOS) / 1000.0,
               get(JVM_DISAGG_FAULT_P99_NANOS) / 1000.0, get(JVM_DISAGG_FAULT_NANOS) / 1e6, get(JVM_DISAGG_GC_FAULTS));
  st->print_cr("  pages fetched " UINT64_FORMAT " (prefetched " UINT64_FORMAT "), zero-filled " UINT64_FORMAT
               ", evicted " UINT64_FORMAT " (written back " UINT64_FORMAT "), discarded " UINT64_FORMAT
               ", reactivated " UINT64_FORMAT,
               get(JVM_DISAGG_PAGES_FETCHED), get(JVM_DISAGG_PAGES_PREFETCHED), get(JVM_DISAGG_PAGES_ZERO_FILLED),
               get(JVM_DISAGG_PAGES_EVICTED), get(JVM_DISAGG_PAGES_WRITTEN_BACK), get(JVM_DISAGG_PAGES_DISCARDED),
               get(JVM_DISAGG_PAGES_REACTIVATED));
  st->print_cr("  bytes fetched %.1f MiB, written back %.1f MiB, retries " UINT64_FORMAT,
               get(JVM_DISAGG_BYTES_FETCHED) / MiB, get(JVM_DISAGG_BYTES_WRITTEN_BACK) / MiB,
               get(JVM_DISAGG_RETRIES));
  st->print_cr("  waits for room " UINT64_FORMAT " (%.1f ms in all): the local limit was reached and the "
               "evictor had to make room first",
               get(JVM_DISAGG_ROOM_WAITS), get(JVM_DISAGG_ROOM_WAIT_NANOS) / 1e6);
}

// The exported interface of jvm_disagg.h; callable from any thread at any
// time (plain reads of counters), so no JVM_ENTRY transition is needed.

JNIEXPORT jint JNICALL
JVM_DisaggReadCounters(jlong* values, jint length) {
  return DisaggStats::read(values, length);
}

JNIEXPORT jint JNICALL
JVM_DisaggMemoryServers(char* buffer, jint length) {
  const char* s = DisaggStats::servers();
  jint n = (jint)strlen(s);
  if (length > 0) {
    jint m = MIN2(n, length - 1);
    memcpy(buffer, s, (size_t)m);
    buffer[m] = '\0';
  }
  return n;
}
