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

#include "disagg/disaggPager.hpp"
#include "disagg/disaggPrefetcher.hpp"
#include "runtime/atomicAccess.hpp"
#include "runtime/os.hpp"
#include "utilities/macros.hpp"
#include OS_HEADER(disagg/disaggUserfault)

DisaggPrefetcher::DisaggPrefetcher(DisaggPager* pager, DisaggLane* lane)
  : _pager(pager), _lane(lane), _head(0), _tail(0), _word(0) {
  set_name("Disagg Prefetcher");
  create_and_start(NearMaxPriority);
}

void DisaggPrefetcher::request(size_t region) {
  if (_pager->region(region).remote == 0) {
    return;
  }
  uint32_t head = AtomicAccess::load(&_head);
  while (true) {
    if (head - AtomicAccess::load_acquire(&_tail) >= (uint32_t)QueueSize) {
      return;  // full: drop
    }
    uint32_t seen = AtomicAccess::cmpxchg(&_head, head, head + 1);
    if (seen == head) {
      break;
    }
    head = seen;
  }
  // Slot claimed; publish the region (+1 so that 0 means "not yet written").
  AtomicAccess::release_store(&_queue[head % QueueSize], (uint32_t)region + 1);
  AtomicAccess::inc(&_word);
  DisaggUserfault::futex_wake(&_word, 1);
}

void DisaggPrefetcher::run_service() {
  while (!should_terminate()) {
    int seen = AtomicAccess::load_acquire(&_word);
    uint32_t tail = _tail;
    if (tail == AtomicAccess::load_acquire(&_head)) {
      DisaggUserfault::futex_wait(&_word, seen, 100 * NANOSECS_PER_MILLISEC);
      continue;
    }
    uint32_t v;
    while ((v = AtomicAccess::load_acquire(&_queue[tail % QueueSize])) == 0) {
      SpinPause();  // the producer claimed the slot but has not written it yet
    }
    _queue[tail % QueueSize] = 0;
    AtomicAccess::release_store(&_tail, tail + 1);
    _pager->prefetch_region(v - 1, _lane);
  }
}

void DisaggPrefetcher::stop_service() {
  AtomicAccess::inc(&_word);
  DisaggUserfault::futex_wake(&_word, 1);
}
