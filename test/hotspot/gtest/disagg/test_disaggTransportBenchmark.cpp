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
#include "disagg/disaggUcxTransport.hpp"
#include "memory/allocation.hpp"
#include "runtime/os.hpp"
#include "unittest.hpp"
#include "utilities/macros.hpp"
#include OS_HEADER(disagg/disaggProcess)

#include <stdlib.h>
#include <string.h>

// The VM transport against a real memory server: the benchmark of
// benchmarks/transport/run.sh, which starts the server and names it in
// DISAGG_BENCH_SERVER / DISAGG_BENCH_TOKEN_FILE. Disabled in normal test
// runs (it measures, it does not check); run with
// --gtest_also_run_disabled_tests --gtest_filter='DisaggTransportBenchmark.*'.
// Prints one "RESULT name key=value..." line per measurement.

static DisaggUcxTransport* connect_bench(int lanes) {
  const char* server = ::getenv("DISAGG_BENCH_SERVER");
  const char* token_file = ::getenv("DISAGG_BENCH_TOKEN_FILE");
  if (server == nullptr || token_file == nullptr) {
    return nullptr;
  }
  char token[DisaggProtocol::MaxToken];
  char err[512];
  ssize_t len = DisaggProcess::read_small_file(token_file, token, sizeof(token), err, sizeof(err));
  if (len < 0) {
    return nullptr;
  }
  uint8_t session[DisaggProtocol::SessionIdSize];
  DisaggProcess::random_bytes(session, sizeof(session));
  DisaggUcxTransport* t = DisaggUcxTransport::create(server, token, (size_t)len, session, 1 << 20, lanes,
                                                     5 * NANOSECS_PER_SEC, nullptr, err, sizeof(err));
  if (t == nullptr) {
    fprintf(stderr, "cannot connect: %s\n", err);
  }
  return t;
}

static void latency(DisaggLane* lane, const char* name, DisaggProtocol::Op op, uint32_t pages, int iterations,
                    char* buf) {
  DisaggLatencyHistogram* h = new DisaggLatencyHistogram();
  for (int i = -iterations / 10; i < iterations; i++) {  // the first tenth warms up
    DisaggRequest r;
    r.init(op, 0, (uint64_t)(i & 1023) * pages, pages, buf);
    jlong t0 = os::javaTimeNanos();
    lane->execute(&r, 1, 5 * NANOSECS_PER_SEC);
    jlong t = os::javaTimeNanos() - t0;
    ASSERT_EQ(DisaggResult::Ok, r.result);
    if (i >= 0) {
      h->record((uint64_t)t);
    }
  }
  printf("RESULT %s p50_us=%.1f p99_us=%.1f n=%d\n", name, h->percentile(0.5) / 1000.0,
         h->percentile(0.99) / 1000.0, iterations);
  fflush(stdout);
  delete h;
}

static void throughput(DisaggLane* lane, const char* name, DisaggProtocol::Op op, uint32_t pages, int depth,
                       jlong seconds, char* bufs) {
  DisaggRequest r[64];
  uint64_t bytes = 0;
  jlong start = os::javaTimeNanos();
  jlong end = start + seconds * NANOSECS_PER_SEC;
  uint64_t next = 0;
  while (os::javaTimeNanos() < end) {
    for (int i = 0; i < depth; i++) {
      r[i].init(op, 0, (next++ & 511) * pages, pages, bufs + (size_t)i * pages * DisaggProtocol::PageSize);
    }
    lane->execute(r, depth, 5 * NANOSECS_PER_SEC);
    for (int i = 0; i < depth; i++) {
      ASSERT_EQ(DisaggResult::Ok, r[i].result);
      bytes += r[i].bytes();
    }
  }
  double s = (os::javaTimeNanos() - start) / 1e9;
  printf("RESULT %s MBps=%.0f depth=%d\n", name, bytes / s / 1e6, depth);
  fflush(stdout);
}

TEST_VM(DisaggTransportBenchmark, DISABLED_round_trips) {
  DisaggUcxTransport* t = connect_bench(1);
  if (t == nullptr) {
    GTEST_SKIP() << "set DISAGG_BENCH_SERVER and DISAGG_BENCH_TOKEN_FILE (benchmarks/transport/run.sh does)";
  }
  const int depth = 16;
  char* buf = NEW_C_HEAP_ARRAY(char, (size_t)depth * 16 * DisaggProtocol::PageSize, mtTest);
  memset(buf, 0x5a, (size_t)depth * 16 * DisaggProtocol::PageSize);
  DisaggLane* lane = t->acquire();
  // Writes first, so the reads find pages.
  latency(lane, "write_4k", DisaggProtocol::Write, 1, 20000, buf);
  latency(lane, "read_4k", DisaggProtocol::Read, 1, 20000, buf);
  latency(lane, "write_64k", DisaggProtocol::Write, 16, 5000, buf);
  latency(lane, "read_64k", DisaggProtocol::Read, 16, 5000, buf);
  throughput(lane, "read_64k_throughput", DisaggProtocol::Read, 16, depth, 3, buf);
  throughput(lane, "write_64k_throughput", DisaggProtocol::Write, 16, depth, 3, buf);
  throughput(lane, "read_64k_throughput_1", DisaggProtocol::Read, 16, 1, 3, buf);
  t->release(lane);
  t->shutdown();
  delete t;
  FREE_C_HEAP_ARRAY(char, buf);
}
