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
#include "memory/allocation.hpp"
#include "unittest.hpp"

TEST(DisaggLatencyHistogram, empty_is_zero) {
  DisaggLatencyHistogram* h = new DisaggLatencyHistogram();
  EXPECT_EQ(0u, h->count());
  EXPECT_EQ(0u, h->percentile(0.5));
  delete h;
}

TEST(DisaggLatencyHistogram, small_values_are_exact) {
  DisaggLatencyHistogram* h = new DisaggLatencyHistogram();
  for (uint64_t v = 0; v < 16; v++) {
    h->record(v);
  }
  EXPECT_EQ(16u, h->count());
  EXPECT_EQ(0u, h->percentile(0.0));
  EXPECT_EQ(7u, h->percentile(0.5));
  EXPECT_EQ(15u, h->percentile(1.0));
  delete h;
}

TEST(DisaggLatencyHistogram, percentiles_within_one_sixteenth) {
  DisaggLatencyHistogram* h = new DisaggLatencyHistogram();
  // 1..100000 ns uniformly: p50 ~ 50000, p99 ~ 99000.
  for (uint64_t v = 1; v <= 100000; v++) {
    h->record(v);
  }
  uint64_t p50 = h->percentile(0.50);
  uint64_t p99 = h->percentile(0.99);
  EXPECT_LE(p50, 50000u);
  EXPECT_GE(p50, 50000u - 50000u / 16);
  EXPECT_LE(p99, 99000u);
  EXPECT_GE(p99, 99000u - 99000u / 16);
  h->reset();
  EXPECT_EQ(0u, h->count());
  delete h;
}

TEST(DisaggLatencyHistogram, huge_values_land_in_the_last_buckets) {
  DisaggLatencyHistogram* h = new DisaggLatencyHistogram();
  h->record(UINT64_MAX);
  h->record(uint64_t(1) << 40);
  EXPECT_EQ(2u, h->count());
  EXPECT_GE(h->percentile(1.0), uint64_t(1) << 63);
  EXPECT_EQ(uint64_t(1) << 40, h->percentile(0.0));
  delete h;
}

TEST(DisaggStats, read_fills_what_fits_and_reports_the_count) {
  jlong values[JVM_DISAGG_COUNTER_COUNT + 4];
  for (jlong& v : values) {
    v = -1;
  }
  jint n = DisaggStats::read(values, 3);
  EXPECT_EQ((jint)JVM_DISAGG_COUNTER_COUNT, n);
  EXPECT_NE(-1, values[0]);
  EXPECT_NE(-1, values[2]);
  EXPECT_EQ(-1, values[3]) << "read must not write past the length it was given";
  EXPECT_EQ((jint)JVM_DISAGG_COUNTER_COUNT, JVM_DisaggReadCounters(values, JVM_DISAGG_COUNTER_COUNT + 4));
  EXPECT_EQ(-1, values[JVM_DISAGG_COUNTER_COUNT]) << "nor past the counters it has";
}

TEST(DisaggStats, memory_servers_are_truncated_safely) {
  DisaggStats::set_servers("10.0.0.1:7700,10.0.0.2:7700");
  char small[8];
  jint n = JVM_DisaggMemoryServers(small, sizeof(small));
  EXPECT_EQ(27, n);
  EXPECT_STREQ("10.0.0.", small);
  DisaggStats::set_servers("");
}
