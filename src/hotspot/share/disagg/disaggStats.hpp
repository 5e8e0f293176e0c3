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

#ifndef SHARE_DISAGG_DISAGGSTATS_HPP
#define SHARE_DISAGG_DISAGGSTATS_HPP

#include "jvm_disagg.h"
#include "memory/allStatic.hpp"
#include "runtime/atomic.hpp"
#include "utilities/globalDefinitions.hpp"

class outputStream;

// A latency histogram with bounded relative error (HdrHistogram-like): each
// power of two is split into 16 linear sub-buckets, so a percentile is off
// by at most 1/16 of its value.  Lock-free: recording is one relaxed add.
class DisaggLatencyHistogram {
  static const int SubBits = 4;
  static const int SubBuckets = 1 << SubBits;
  static const int Buckets = 64 * SubBuckets;
  Atomic<uint64_t> _counts[Buckets];

  static int index_of(uint64_t value);
  static uint64_t lower_bound_of(int index);

public:
  void record(uint64_t value);
  uint64_t count() const;
  // The value at quantile q in [0, 1]: the lower bound of its bucket.
  uint64_t percentile(double q) const;
  void reset();
};

// Counters of the disaggregated heap, indexed by jvm_disagg_counter (see
// jvm_disagg.h) so that the MXBean, jcmd, JFR and the exit summary all read
// the same values.  Cumulative counters only grow; gauges (resident and
// remote bytes, the limit) are set by the pager.
class DisaggStats : AllStatic {
  static Atomic<uint64_t> _values[JVM_DISAGG_COUNTER_COUNT];
  static DisaggLatencyHistogram _fault_latency;
  static char _servers[1024];

public:
  // Reads the live gauges (resident and remote bytes) when asked.
  typedef void (*GaugeProvider)(uint64_t* resident, uint64_t* remote);
private:
  static GaugeProvider _gauges;
public:
  static void set_gauge_provider(GaugeProvider p) { _gauges = p; }

  static void add(jvm_disagg_counter c, uint64_t v) {
    _values[c].add_then_fetch(v, memory_order_relaxed);
  }
  static void inc(jvm_disagg_counter c) { add(c, 1); }
  static void sub(jvm_disagg_counter c, uint64_t v) {
    _values[c].sub_then_fetch(v, memory_order_relaxed);
  }
  static void set(jvm_disagg_counter c, uint64_t v) { _values[c].store_relaxed(v); }
  static uint64_t get(jvm_disagg_counter c);

  static void record_fault_latency(uint64_t nanos) { _fault_latency.record(nanos); }
  static const DisaggLatencyHistogram* fault_latency() { return &_fault_latency; }

  // The memory servers as "host:port,...", for the MXBean and the logs.
  static void set_servers(const char* servers);
  static const char* servers() { return _servers; }

  // Fills up to length values; returns JVM_DISAGG_COUNTER_COUNT.
  static jint read(jlong* values, jint length);

  // The exit summary and the jcmd output.
  static void print_summary(outputStream* st);
};

#endif // SHARE_DISAGG_DISAGGSTATS_HPP
