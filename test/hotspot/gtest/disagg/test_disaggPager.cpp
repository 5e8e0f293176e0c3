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

#include "disagg/disaggEvictor.hpp"
#include "disagg/disaggFaultThread.hpp"
#include "disagg/disaggPager.hpp"
#include "disagg/disaggSimTransport.hpp"
#include "disagg/disaggStats.hpp"
#include "runtime/os.hpp"
#include "utilities/align.hpp"
#include "utilities/macros.hpp"
#include "unittest.hpp"
#include OS_HEADER(disagg/disaggUserfault)

#include <pthread.h>
#include <string.h>

// The pager on a scratch "heap" of 16 regions of 1 MiB, with real
// userfaultfd (handler-thread mode, so a test may touch evicted memory
// through DisaggFaultThread) and the simulated server. Checks the page
// state machine, what is and is not transferred, and the eviction policy.
class DisaggPagerTest : public ::testing::Test {
protected:
  static constexpr size_t Region = 1 * M;
  static constexpr size_t Regions = 16;
  static constexpr size_t PagesPerRegion = Region / DisaggPager::PageSize;
  char* _raw;
  uintptr_t _base;
  DisaggSimTransport* _t;
  DisaggPager* _p;
  DisaggLane* _lane;

  void SetUp() {
    _raw = nullptr;
    _p = nullptr;
    _t = nullptr;
    char why[512];
    if (!DisaggUserfault::available(why, sizeof(why))) {
      GTEST_SKIP() << why;
    }
    if (DisaggUserfault::is_open()) {
      GTEST_SKIP() << "this VM already uses userfaultfd (-XX:+UseDisaggregatedHeap)";
    }
    const char* missing = nullptr;
    int rc = DisaggUserfault::open(false /* handler-thread mode */, &missing);
    if (rc != 0) {
      GTEST_SKIP() << "the kernel lacks " << missing;
    }
    _raw = (char*)DisaggUserfault::map_anonymous((Regions + 1) * Region);
    ASSERT_NE((char*)nullptr, _raw);
    _base = align_up((uintptr_t)_raw, Region);
    make_pager(64 * K);
  }

  // (Re)creates the simulated server, with room for `capacity` pages, and
  // the pager over the scratch heap.
  void make_pager(uint64_t capacity) {
    delete _p;
    delete _t;
    _t = new DisaggSimTransport(1, 4, capacity);
    _t->set_reserved_lanes(1);
    _lane = _t->lane(0);
    _p = new DisaggPager(_base, Regions * Region, Region, _t, 1, true);
    _p->configure(15, NANOSECS_PER_SEC, 2 * NANOSECS_PER_SEC, true /* verify pages */);
    char err[256];
    ASSERT_TRUE(_p->initialize(err, sizeof(err))) << err;
  }

  void TearDown() {
    if (_p != nullptr) {
      for (size_t r = 0; r < Regions; r++) {
        _p->region_to_unmanaged(r);
      }
      delete _p;
    }
    delete _t;
    if (_raw != nullptr) {
      DisaggUserfault::unmap(_raw, (Regions + 1) * Region);
    }
    DisaggUserfault::close();
  }

  char* region(size_t r) const { return (char*)(_base + r * Region); }
  char* page(size_t r, size_t i) const { return region(r) + i * DisaggPager::PageSize; }
  uint8_t state(size_t r, size_t i) const { return _p->page_state((uintptr_t)page(r, i)); }

  // Writes a recognizable pattern into every page of region r (before it is paged).
  void write_pattern(size_t r, int seed) {
    for (size_t i = 0; i < PagesPerRegion; i++) {
      uint64_t* w = (uint64_t*)page(r, i);
      for (size_t k = 0; k < DisaggPager::PageSize / 8; k++) {
        w[k] = (uint64_t)seed * 1000003 + i * 4099 + k + 1;
      }
    }
  }

  bool has_pattern(size_t r, size_t i, int seed) {
    if (state(r, i) != DisaggPager::Resident) {
      _p->resolve((uintptr_t)page(r, i));  // bring it back without touching it
    }
    const uint64_t* w = (const uint64_t*)page(r, i);
    for (size_t k = 0; k < DisaggPager::PageSize / 8; k++) {
      if (w[k] != (uint64_t)seed * 1000003 + i * 4099 + k + 1) {
        return false;
      }
    }
    return true;
  }

  size_t resident_pages_by_kernel(size_t r) {
    unsigned char vec[PagesPerRegion];
    EXPECT_EQ(0, DisaggUserfault::residency((uintptr_t)region(r), Region, vec));
    size_t n = 0;
    for (size_t i = 0; i < PagesPerRegion; i++) {
      n += vec[i] & 1;
    }
    return n;
  }

  size_t count_state(size_t r, uint8_t s) {
    size_t n = 0;
    for (size_t i = 0; i < PagesPerRegion; i++) {
      n += state(r, i) == s ? 1 : 0;
    }
    return n;
  }
};

TEST_VM_F(DisaggPagerTest, untouched_pages_are_zero_filled_locally) {
  _p->region_to_managed(0, false);
  EXPECT_EQ(PagesPerRegion, count_state(0, DisaggPager::Untouched));
  EXPECT_EQ(0, _p->managed_resident());
  uint64_t zero_filled = DisaggStats::get(JVM_DISAGG_PAGES_ZERO_FILLED);
  uint64_t requests = _t->sim(0)->requests.load_relaxed();
  ASSERT_TRUE(_p->resolve((uintptr_t)page(0, 0)));
  EXPECT_EQ(16u, DisaggStats::get(JVM_DISAGG_PAGES_ZERO_FILLED) - zero_filled) << "the page and 15 ahead";
  EXPECT_EQ(requests, _t->sim(0)->requests.load_relaxed()) << "no remote traffic for untouched pages";
  EXPECT_EQ(16u, count_state(0, DisaggPager::Resident));
  EXPECT_EQ(16, _p->managed_resident());
  for (size_t i = 0; i < 16; i++) {
    const uint64_t* w = (const uint64_t*)page(0, i);
    EXPECT_EQ(0u, w[0] | w[511]);
  }
}

TEST_VM_F(DisaggPagerTest, pages_present_when_paging_starts_are_resident) {
  for (size_t i = 0; i < PagesPerRegion; i += 2) {
    page(1, i)[0] = 1;
  }
  _p->region_to_managed(1, false);
  EXPECT_EQ(PagesPerRegion / 2, count_state(1, DisaggPager::Resident));
  EXPECT_EQ(PagesPerRegion / 2, count_state(1, DisaggPager::Untouched));
  EXPECT_EQ((int64_t)PagesPerRegion / 2, _p->managed_resident());
}

TEST_VM_F(DisaggPagerTest, evicted_pages_leave_memory_and_come_back_intact) {
  write_pattern(2, 7);
  _p->region_to_managed(2, false);
  uint64_t written = DisaggStats::get(JVM_DISAGG_PAGES_WRITTEN_BACK);
  size_t evicted = _p->evict(PagesPerRegion, _lane);
  EXPECT_EQ(PagesPerRegion, evicted);
  EXPECT_EQ(PagesPerRegion, DisaggStats::get(JVM_DISAGG_PAGES_WRITTEN_BACK) - written);
  EXPECT_EQ(PagesPerRegion, count_state(2, DisaggPager::Remote));
  EXPECT_EQ(0u, resident_pages_by_kernel(2)) << "evicted pages are gone from local memory";
  EXPECT_EQ(PagesPerRegion, _t->sim(0)->stored_pages());
  EXPECT_EQ(0, _p->managed_resident());
  EXPECT_EQ((int64_t)PagesPerRegion, _p->remote_pages());
  for (size_t i = 0; i < PagesPerRegion; i++) {
    ASSERT_TRUE(has_pattern(2, i, 7)) << "page " << i;
  }
  EXPECT_EQ(0, _p->remote_pages());
}

TEST_VM_F(DisaggPagerTest, zero_and_unchanged_pages_are_evicted_without_transfer) {
  write_pattern(3, 3);
  for (size_t i = 0; i < PagesPerRegion; i += 2) {
    memset(page(3, i), 0, DisaggPager::PageSize);  // half the pages are zeros
  }
  _p->region_to_managed(3, false);
  uint64_t written = DisaggStats::get(JVM_DISAGG_PAGES_WRITTEN_BACK);
  EXPECT_EQ(PagesPerRegion, _p->evict(PagesPerRegion, _lane));
  EXPECT_EQ(PagesPerRegion / 2, DisaggStats::get(JVM_DISAGG_PAGES_WRITTEN_BACK) - written) << "zero pages are not sent";
  EXPECT_EQ(PagesPerRegion / 2, count_state(3, DisaggPager::Untouched));
  EXPECT_EQ(PagesPerRegion / 2, count_state(3, DisaggPager::Remote));
  for (size_t i = 1; i < PagesPerRegion; i += 2) {
    ASSERT_TRUE(has_pattern(3, i, 3));
  }
  // Back in, unchanged: evicting again sends nothing.
  written = DisaggStats::get(JVM_DISAGG_PAGES_WRITTEN_BACK);
  _p->evict(PagesPerRegion, _lane);
  EXPECT_EQ(0u, DisaggStats::get(JVM_DISAGG_PAGES_WRITTEN_BACK) - written) << "clean pages are dropped, not sent";
  // One page changed: only it is sent.
  ASSERT_TRUE(has_pattern(3, 5, 3));
  ((uint64_t*)page(3, 5))[17] ^= 0xdeadbeef;
  written = DisaggStats::get(JVM_DISAGG_PAGES_WRITTEN_BACK);
  _p->evict(PagesPerRegion, _lane);
  EXPECT_EQ(1u, DisaggStats::get(JVM_DISAGG_PAGES_WRITTEN_BACK) - written) << "only the dirty page is sent";
  _p->resolve((uintptr_t)page(3, 5));
  EXPECT_EQ(0xdeadbeefULL ^ ((uint64_t)3 * 1000003 + 5 * 4099 + 17 + 1), ((uint64_t*)page(3, 5))[17]);
}

TEST_VM_F(DisaggPagerTest, coldest_region_is_evicted_first) {
  write_pattern(4, 4);
  _p->region_to_managed(4, false);   // older
  write_pattern(5, 5);
  _p->region_to_managed(5, false);   // newer
  EXPECT_EQ(PagesPerRegion, _p->evict(PagesPerRegion, _lane));
  EXPECT_EQ(PagesPerRegion, count_state(4, DisaggPager::Remote)) << "the older region went";
  EXPECT_EQ(PagesPerRegion, count_state(5, DisaggPager::Resident)) << "the newer one stayed";
  // A fault makes a region recent again.
  ASSERT_TRUE(has_pattern(4, 0, 4));
  _p->evict(PagesPerRegion, _lane);
  EXPECT_EQ(PagesPerRegion, count_state(5, DisaggPager::Remote));
}

TEST_VM_F(DisaggPagerTest, pinned_regions_stay_resident) {
  write_pattern(6, 6);
  _p->region_to_managed(6, false);
  _p->evict(PagesPerRegion, _lane);
  ASSERT_EQ(PagesPerRegion, count_state(6, DisaggPager::Remote));
  // Pinning fetches the pinned range back (native code must not fault) ...
  _p->pin((uintptr_t)page(6, 10), 3 * DisaggPager::PageSize + 100);
  for (size_t i = 10; i < 14; i++) {
    EXPECT_EQ(DisaggPager::Resident, state(6, i)) << "page " << i;
  }
  // ... and keeps the region from being evicted.
  EXPECT_EQ(0u, _p->evict(PagesPerRegion, _lane));
  _p->unpin((uintptr_t)page(6, 10), 3 * DisaggPager::PageSize + 100);
  EXPECT_GT(_p->evict(PagesPerRegion, _lane), 0u);
  for (size_t i = 10; i < 14; i++) {
    EXPECT_TRUE(has_pattern(6, i, 6));
  }
}

TEST_VM_F(DisaggPagerTest, freed_regions_are_dropped_here_and_remotely) {
  write_pattern(7, 1);
  _p->region_to_managed(7, false);
  _p->evict(PagesPerRegion / 2, _lane);
  EXPECT_EQ(PagesPerRegion / 2, _t->sim(0)->stored_pages());
  uint64_t fetched = DisaggStats::get(JVM_DISAGG_PAGES_FETCHED);
  uint64_t discarded = DisaggStats::get(JVM_DISAGG_PAGES_DISCARDED);
  _p->region_to_unmanaged(7);
  EXPECT_EQ(0u, _t->sim(0)->stored_pages()) << "its server copy is discarded";
  EXPECT_EQ(fetched, DisaggStats::get(JVM_DISAGG_PAGES_FETCHED)) << "nothing is fetched to free a region";
  EXPECT_EQ(PagesPerRegion, DisaggStats::get(JVM_DISAGG_PAGES_DISCARDED) - discarded);
  EXPECT_EQ(PagesPerRegion, count_state(7, DisaggPager::Unmanaged));
  EXPECT_EQ(0u, resident_pages_by_kernel(7));
  EXPECT_EQ(0, _p->managed_resident());
  EXPECT_EQ(0, _p->remote_pages());
  EXPECT_EQ(0, region(7)[12345]) << "a freed region reads as zeros";
}

TEST_VM_F(DisaggPagerTest, full_servers_leave_pages_in_place) {
  ASSERT_NO_FATAL_FAILURE(make_pager(10));  // room for 10 pages
  write_pattern(8, 8);
  _p->region_to_managed(8, false);
  EXPECT_EQ(0u, _p->evict(PagesPerRegion, _lane));
  EXPECT_TRUE(_p->servers_full());
  EXPECT_EQ(PagesPerRegion, count_state(8, DisaggPager::Resident) + count_state(8, DisaggPager::Inactive))
      << "every page is still local";
  EXPECT_EQ((int64_t)PagesPerRegion, _p->managed_resident());
  for (size_t i = 0; i < PagesPerRegion; i++) {
    ASSERT_TRUE(has_pattern(8, i, 8)) << "page " << i << " is intact";
  }
}

TEST_VM_F(DisaggPagerTest, write_back_of_scattered_pages_is_pipelined) {
  write_pattern(9, 9);
  for (size_t i = 0; i < PagesPerRegion; i += 2) {
    memset(page(9, i), 0, DisaggPager::PageSize);  // every dirty page is a write of its own
  }
  _p->region_to_managed(9, false);
  uint64_t trips = _t->round_trips.load_relaxed();
  uint64_t written = DisaggStats::get(JVM_DISAGG_PAGES_WRITTEN_BACK);
  EXPECT_EQ(PagesPerRegion, _p->evict(PagesPerRegion, _lane));
  EXPECT_EQ(PagesPerRegion / 2, DisaggStats::get(JVM_DISAGG_PAGES_WRITTEN_BACK) - written);
  EXPECT_LE(_t->round_trips.load_relaxed() - trips, 8u)
      << PagesPerRegion / 2 << " writes, many in flight at once rather than one round trip each";
  for (size_t i = 1; i < PagesPerRegion; i += 2) {
    ASSERT_TRUE(has_pattern(9, i, 9)) << "page " << i;
  }
}

TEST_VM_F(DisaggPagerTest, a_server_filling_mid_batch_keeps_the_rest_in_place) {
  ASSERT_NO_FATAL_FAILURE(make_pager(10));  // room for 10 pages
  // Two regions with 8 dirty pages each: both writes go in one batch, and
  // only the first fits.
  for (size_t r = 10; r <= 11; r++) {
    write_pattern(r, (int)r);
    memset(page(r, 8), 0, (PagesPerRegion - 8) * DisaggPager::PageSize);
    _p->region_to_managed(r, false);
  }
  EXPECT_EQ(PagesPerRegion, _p->evict(2 * PagesPerRegion, _lane)) << "the first region leaves";
  EXPECT_TRUE(_p->servers_full());
  EXPECT_EQ(8u, count_state(10, DisaggPager::Remote));
  EXPECT_EQ(PagesPerRegion - 8, count_state(10, DisaggPager::Untouched));
  EXPECT_EQ(PagesPerRegion, count_state(11, DisaggPager::Resident) + count_state(11, DisaggPager::Inactive))
      << "the second stays local";
  EXPECT_EQ((int64_t)PagesPerRegion, _p->managed_resident());
  for (size_t i = 0; i < 8; i++) {
    ASSERT_TRUE(has_pattern(10, i, 10)) << "page " << i << " of the written region";
    ASSERT_TRUE(has_pattern(11, i, 11)) << "page " << i << " of the region that stayed";
  }
}

// With every server full nothing can leave local memory, so waiting for room
// is useless; a faulting thread then goes over the budget (it must have its
// page), but the GC prefetcher, which only guesses, must not.
TEST_VM_F(DisaggPagerTest, full_servers_do_not_let_the_prefetcher_go_over_the_budget) {
  ASSERT_NO_FATAL_FAILURE(make_pager(10));  // room for 10 pages
  for (size_t r = 10; r <= 11; r++) {
    write_pattern(r, (int)r);
    memset(page(r, 8), 0, (PagesPerRegion - 8) * DisaggPager::PageSize);
    _p->region_to_managed(r, false);
  }
  EXPECT_EQ(PagesPerRegion, _p->evict(2 * PagesPerRegion, _lane)) << "the first region leaves";
  ASSERT_TRUE(_p->servers_full());
  ASSERT_EQ(8u, count_state(10, DisaggPager::Remote));
  _p->set_budget(_p->managed_resident());  // at the budget: no room
  EXPECT_EQ(0u, _p->prefetch_region(10, _lane));
  EXPECT_EQ(0, _p->over_budget()) << "the prefetcher went over the budget";
  EXPECT_EQ(8u, count_state(10, DisaggPager::Remote)) << "the remote pages stay remote";
  ASSERT_TRUE(_p->resolve((uintptr_t)page(10, 0)));
  EXPECT_GT(_p->over_budget(), 0) << "a faulting thread takes its page";
  EXPECT_TRUE(has_pattern(10, 0, 10));
}

TEST_VM_F(DisaggPagerTest, touching_evicted_memory_faults_it_back) {
  DisaggFaultThread* handler = new DisaggFaultThread(_p);
  write_pattern(9, 9);
  write_pattern(10, 10);
  _p->region_to_managed(9, false);
  _p->region_to_managed(10, false);
  _p->evict(2 * PagesPerRegion, _lane);
  ASSERT_EQ(0u, resident_pages_by_kernel(9));
  uint64_t faults = DisaggStats::get(JVM_DISAGG_FAULTS);
  // Plain loads of evicted memory: the thread sleeps in the kernel while the
  // handler thread fetches the pages.
  uint64_t sum = 0, expect = 0;
  for (size_t i = 0; i < PagesPerRegion; i++) {
    for (size_t r = 9; r <= 10; r++) {
      sum += ((uint64_t*)page(r, i))[i % 512];
      expect += (uint64_t)r * 1000003 + i * 4099 + (i % 512) + 1;
    }
  }
  EXPECT_EQ(expect, sum);
  EXPECT_GT(DisaggStats::get(JVM_DISAGG_FAULTS) - faults, 0u);
  EXPECT_LT(DisaggStats::get(JVM_DISAGG_FAULTS) - faults, 2 * PagesPerRegion / 8) << "faults fetch ahead";
  // A store to an evicted page, then eviction writes it back.
  _p->evict(2 * PagesPerRegion, _lane);
  ((uint64_t*)page(9, 77))[3] = 42;
  _p->evict(2 * PagesPerRegion, _lane);
  EXPECT_EQ(42u, ((uint64_t*)page(9, 77))[3]);
  handler->stop();
}

// A scan downwards through a region whose pages are partly resident (the
// way G1 lays out the objects of an array, chunk by chunk in reverse) is
// recognized as sequential: its faults fetch batches, across the resident
// pages, and leave those pages alone.
TEST_VM_F(DisaggPagerTest, downward_scans_across_resident_pages_fetch_ahead) {
  write_pattern(9, 9);
  _p->region_to_managed(9, false);
  _p->evict(PagesPerRegion, _lane);
  ASSERT_EQ(0u, resident_pages_by_kernel(9));
  const size_t thirds = (PagesPerRegion + 2) / 3;
  for (size_t k = 0; k < thirds; k++) {
    size_t i = 3 * ((k * 37) % thirds);  // every third page, in an order that jumps around
    ASSERT_TRUE(_p->resolve((uintptr_t)page(9, i)));
  }
  ((uint64_t*)page(9, 0))[0] ^= 1;  // a resident page changed here must stay as it is
  size_t remote = count_state(9, DisaggPager::Remote);
  ASSERT_EQ(PagesPerRegion - thirds, remote);
  uint64_t faults = DisaggStats::get(JVM_DISAGG_FAULTS);
  uint64_t fetched = DisaggStats::get(JVM_DISAGG_PAGES_FETCHED);
  for (size_t i = PagesPerRegion; i-- > 1; ) {
    ASSERT_TRUE(has_pattern(9, i, 9)) << "page " << i;
  }
  uint64_t scan_faults = DisaggStats::get(JVM_DISAGG_FAULTS) - faults;
  EXPECT_EQ(remote, DisaggStats::get(JVM_DISAGG_PAGES_FETCHED) - fetched) << "each remote page fetched once";
  EXPECT_LT(scan_faults, remote / 4) << "the scan fetched ahead";
  EXPECT_EQ(0u, count_state(9, DisaggPager::Remote));
  EXPECT_EQ(PagesPerRegion, resident_pages_by_kernel(9));
  EXPECT_EQ(((uint64_t)9 * 1000003 + 1) ^ 1, ((uint64_t*)page(9, 0))[0]) << "a resident page was overwritten";
}

// Faults that jump around fetch only what they touch.
TEST_VM_F(DisaggPagerTest, random_faults_fetch_one_page) {
  write_pattern(9, 9);
  _p->region_to_managed(9, false);
  _p->evict(PagesPerRegion, _lane);
  uint64_t faults = DisaggStats::get(JVM_DISAGG_FAULTS);
  uint64_t fetched = DisaggStats::get(JVM_DISAGG_PAGES_FETCHED);
  const size_t touched = 64;
  for (size_t k = 0; k < touched; k++) {
    size_t i = (k * 97 + 13) % PagesPerRegion;  // strides of 97 pages, both ways around the region
    ASSERT_TRUE(has_pattern(9, i, 9)) << "page " << i;
  }
  EXPECT_EQ(touched, DisaggStats::get(JVM_DISAGG_FAULTS) - faults);
  EXPECT_EQ(touched, DisaggStats::get(JVM_DISAGG_PAGES_FETCHED) - fetched);
}

// A sparse scan (every third page, upwards, the remote pages in between left
// alone, as G1's card scans and lookups of a record's neighbouring objects
// go) is not sequential: reading ahead would fetch what it never touches.
TEST_VM_F(DisaggPagerTest, sparse_scans_fetch_only_what_they_touch) {
  write_pattern(9, 9);
  _p->region_to_managed(9, false);
  _p->evict(PagesPerRegion, _lane);
  ASSERT_EQ(0u, resident_pages_by_kernel(9));
  uint64_t faults = DisaggStats::get(JVM_DISAGG_FAULTS);
  uint64_t fetched = DisaggStats::get(JVM_DISAGG_PAGES_FETCHED);
  size_t touched = 0;
  for (size_t i = 0; i < PagesPerRegion; i += 3, touched++) {
    ASSERT_TRUE(has_pattern(9, i, 9)) << "page " << i;
  }
  EXPECT_EQ(touched, DisaggStats::get(JVM_DISAGG_FAULTS) - faults);
  EXPECT_EQ(touched, DisaggStats::get(JVM_DISAGG_PAGES_FETCHED) - fetched);
  EXPECT_EQ(PagesPerRegion - touched, count_state(9, DisaggPager::Remote));
}

TEST_VM_F(DisaggPagerTest, touched_inactive_pages_get_a_second_chance) {
  write_pattern(11, 11);
  _p->region_to_managed(11, false);
  _p->set_budget(2048);  // an inactive pool of 256 pages (an eighth of the budget)
  EXPECT_EQ(0u, _p->evict(0, _lane)) << "stocking the pool transfers nothing";
  EXPECT_EQ(PagesPerRegion, count_state(11, DisaggPager::Inactive));
  EXPECT_EQ(0u, resident_pages_by_kernel(11)) << "inactive pages are out of the heap";
  EXPECT_EQ((int64_t)PagesPerRegion, _p->managed_resident()) << "but still in local memory";

  uint64_t fetched = DisaggStats::get(JVM_DISAGG_PAGES_FETCHED);
  uint64_t reactivated = DisaggStats::get(JVM_DISAGG_PAGES_REACTIVATED);
  uint64_t requests = _t->sim(0)->requests.load_relaxed();
  for (size_t i = 0; i < 10; i++) {
    ASSERT_TRUE(has_pattern(11, i, 11));  // a touch: back from the pool
  }
  EXPECT_EQ(fetched, DisaggStats::get(JVM_DISAGG_PAGES_FETCHED));
  EXPECT_EQ(requests, _t->sim(0)->requests.load_relaxed()) << "no network for inactive pages";
  EXPECT_GE(DisaggStats::get(JVM_DISAGG_PAGES_REACTIVATED) - reactivated, 10u);

  // Making room: the pages that stayed untouched in the pool go first; the
  // touched ones, deactivated again, wait at the head of the ring.
  size_t touched = count_state(11, DisaggPager::Resident);
  EXPECT_EQ(PagesPerRegion - touched, _p->evict(PagesPerRegion - touched, _lane));
  EXPECT_EQ(PagesPerRegion - touched, count_state(11, DisaggPager::Remote));
  for (size_t i = 0; i < touched; i++) {
    EXPECT_EQ(DisaggPager::Inactive, state(11, i)) << "page " << i << " had its second chance";
  }
  for (size_t i = 0; i < PagesPerRegion; i++) {
    ASSERT_TRUE(has_pattern(11, i, 11)) << "page " << i;
  }
}

TEST_VM_F(DisaggPagerTest, freeing_a_region_empties_its_pool_slots) {
  write_pattern(12, 12);
  _p->region_to_managed(12, false);
  _p->set_budget(2048);
  _p->evict(0, _lane);
  ASSERT_EQ((int64_t)PagesPerRegion, _p->inactive_pages());
  _p->region_to_unmanaged(12);
  EXPECT_EQ(0, _p->inactive_pages());
  EXPECT_EQ(0, _p->managed_resident());
  EXPECT_EQ(PagesPerRegion, count_state(12, DisaggPager::Unmanaged));
  // The pool's slots are reusable: the next region's pages fit.
  write_pattern(13, 13);
  _p->region_to_managed(13, false);
  _p->evict(PagesPerRegion, _lane);
  for (size_t i = 0; i < PagesPerRegion; i += 17) {
    ASSERT_TRUE(has_pattern(13, i, 13));
  }
}

TEST_VM_F(DisaggPagerTest, a_page_whose_object_moved_is_written_back) {
  // The same bytes at another offset (what a GC does to a page) is a new
  // page: eviction must write it, or the old copy would come back.
  _p->region_to_managed(12, false);
  uint64_t* w = (uint64_t*)page(12, 0);
  ASSERT_TRUE(_p->resolve((uintptr_t)w));
  for (size_t k = 0; k < 8; k++) {
    w[k] = 0x1000 + k;
  }
  _p->evict(PagesPerRegion, _lane);
  ASSERT_EQ(DisaggPager::Remote, state(12, 0));
  ASSERT_TRUE(_p->resolve((uintptr_t)w));
  memmove(&w[8], &w[0], 64);
  memset(&w[0], 0, 64);
  _p->evict(PagesPerRegion, _lane);
  ASSERT_EQ(DisaggPager::Remote, state(12, 0));
  ASSERT_TRUE(_p->resolve((uintptr_t)w));
  EXPECT_EQ(0u, w[0]);
  EXPECT_EQ(0x1000u, w[8]);
  EXPECT_EQ(0x1007u, w[15]);
}

TEST_VM_F(DisaggPagerTest, pinned_pages_beyond_the_budget_leave_unpinned_pages_a_floor) {
  // Pinned pages cannot leave. When they fill the budget, the evictor must
  // not take the pages other threads just faulted in (they would fault
  // again forever): the budget grows by what is pinned.
  write_pattern(13, 13);
  _p->region_to_managed(13, false);
  _p->set_budget(PagesPerRegion);  // the smallest budget: one region
  _p->pin((uintptr_t)region(13), Region);
  EXPECT_EQ((int64_t)PagesPerRegion, _p->refresh_pinned());
  EXPECT_EQ((int64_t)(3 * PagesPerRegion), _p->effective_budget()) << "pinned plus a floor of two regions";
  _p->region_to_managed(14, false);
  ASSERT_TRUE(_p->resolve((uintptr_t)page(14, 0)));
  EXPECT_LT(_p->over_budget(), 0);
  EXPECT_EQ(DisaggPager::Resident, state(14, 0));
  _p->unpin((uintptr_t)region(13), Region);
  EXPECT_EQ(0, _p->refresh_pinned());
  EXPECT_EQ((int64_t)PagesPerRegion, _p->effective_budget());
  EXPECT_GT(_p->over_budget(), 0);
}

// The budget is a bound, not an average: a thread that faults in more than
// the budget waits for the evictor to make room, and room is taken before
// pages are installed, so the paged pages never exceed the budget.
TEST_VM_F(DisaggPagerTest, faulting_threads_stay_within_the_budget) {
  _p->set_budget(2 * PagesPerRegion);
  for (size_t r = 0; r < 8; r++) {
    _p->region_to_managed(r, false);  // never touched: nothing resident yet
  }
  uint64_t evicted = DisaggStats::get(JVM_DISAGG_PAGES_EVICTED);
  DisaggEvictor* evictor = new DisaggEvictor(_p, _lane, nullptr);
  int64_t worst = 0;
  for (size_t r = 0; r < 8; r++) {
    for (size_t i = 0; i < PagesPerRegion; i++) {
      if (state(r, i) != DisaggPager::Resident) {
        ASSERT_TRUE(_p->resolve((uintptr_t)page(r, i)));
      }
      worst = MAX2(worst, _p->over_budget());
    }
  }
  evictor->stop();
  EXPECT_LE(worst, 0) << "over the budget";
  EXPECT_GE(DisaggStats::get(JVM_DISAGG_PAGES_EVICTED) - evicted, 6 * PagesPerRegion - 16)
      << "eight regions went through a budget of two";
}

// A fault's neighbours come along only as far as the budget has room: the
// batch shrinks instead of going over (before, a fault at the budget's edge
// zero-filled its whole batch of 16 and each thread faulting at once could
// go over by that much).
TEST_VM_F(DisaggPagerTest, a_fault_at_the_edge_of_the_budget_takes_only_the_room_left) {
  _p->set_budget(2 * PagesPerRegion - 11);
  _p->region_to_managed(0, false);
  _p->region_to_managed(1, false);
  size_t faults = 0;
  for (size_t r = 0; r < 2; r++) {
    for (size_t i = 0; i < PagesPerRegion && _p->over_budget() < 0; i++) {
      if (state(r, i) != DisaggPager::Resident) {
        ASSERT_TRUE(_p->resolve((uintptr_t)page(r, i)));
        faults++;
      }
    }
  }
  EXPECT_EQ(0, _p->over_budget()) << "the last fault took more room than was left, or less";
  EXPECT_EQ(2 * PagesPerRegion / 16, faults) << "batches of 1 + fault-ahead 15, the last one cut to 5 pages";
  EXPECT_EQ((size_t)11, count_state(1, DisaggPager::Untouched)) << "pages left untouched at the end of region 1";
}

// While the embedded server starts, nothing can be evicted: a thread that
// would take the paged pages over the budget waits for the connection (or,
// when the VM ends first, until the transport is abandoned) instead of
// going over.
struct DisaggWaitingFault {
  DisaggPager* pager;
  uintptr_t addr;
  volatile bool done;
  static void* run(void* arg) {
    DisaggWaitingFault* f = (DisaggWaitingFault*)arg;
    f->pager->resolve(f->addr);
    AtomicAccess::release_store(&f->done, true);
    return nullptr;
  }
  bool finishes_within(jlong ms) {
    for (jlong waited = 0; waited < ms && !AtomicAccess::load_acquire(&done); waited += 5) {
      os::naked_short_sleep(5);
    }
    return AtomicAccess::load_acquire(&done);
  }
};

TEST_VM_F(DisaggPagerTest, faults_over_the_budget_wait_for_a_transport_that_is_connecting) {
  _p->set_budget(PagesPerRegion);
  _p->set_transport_ready(false);
  _p->region_to_managed(0, false);
  _p->region_to_managed(1, false);
  for (size_t i = 0; i < PagesPerRegion; i++) {
    if (state(0, i) != DisaggPager::Resident) {
      ASSERT_TRUE(_p->resolve((uintptr_t)page(0, i)));  // up to the budget: no wait
    }
  }
  ASSERT_EQ(0, _p->over_budget()) << "at the budget";

  const char* how[] = {"ready", "abandoned"};
  for (int k = 0; k < 2; k++) {
    DisaggWaitingFault f = {_p, (uintptr_t)page(1, 64 + 32 * k), false};
    pthread_t t;
    ASSERT_EQ(0, pthread_create(&t, nullptr, DisaggWaitingFault::run, &f));
    EXPECT_FALSE(f.finishes_within(200)) << "went over the budget while the transport was connecting";
    if (k == 0) {
      _p->set_transport_ready(true);  // (no evictor here: it then waits its 20 ms and goes on)
    } else {
      _p->abandon_transport();
    }
    EXPECT_TRUE(f.finishes_within(2000)) << "still waiting after the transport was " << how[k];
    pthread_join(t, nullptr);
    _p->set_transport_ready(false);
  }
}
