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

#ifndef SHARE_DISAGG_DISAGGPREFETCHER_HPP
#define SHARE_DISAGG_DISAGGPREFETCHER_HPP

#include "gc/shared/concurrentGCThread.hpp"

class DisaggLane;
class DisaggPager;

// Fetches the remote pages of regions the GC is about to scan (collection
// set regions at the start of a pause, regions concurrent marking claims),
// in large pipelined reads on its own lane, so GC threads find them
// resident instead of faulting page by page. Requests are dropped when the
// queue is full or the budget has no room: prefetch is only a hint.
class DisaggPrefetcher : public ConcurrentGCThread {
  static const int QueueSize = 1024;
  DisaggPager* _pager;
  DisaggLane* _lane;
  volatile uint32_t _queue[QueueSize];
  volatile uint32_t _head;  // next slot to fill
  volatile uint32_t _tail;  // next slot to take
  volatile int _word;       // futex

protected:
  void run_service();
  void stop_service();

public:
  DisaggPrefetcher(DisaggPager* pager, DisaggLane* lane);
  const char* type_name() const { return "DisaggPrefetcher"; }
  // Any thread; lock-free; drops the request if the queue is full.
  void request(size_t region);
};

#endif // SHARE_DISAGG_DISAGGPREFETCHER_HPP
