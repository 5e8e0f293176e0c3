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

#ifndef SHARE_DISAGG_DISAGGEVICTOR_HPP
#define SHARE_DISAGG_DISAGGEVICTOR_HPP

#include "gc/shared/concurrentGCThread.hpp"

class DisaggLane;
class DisaggPager;

// Keeps the paged regions within their budget: evicts the coldest pages
// whenever the pager is over (or near) the budget, on its own transport
// lane. Not part of the suspendible thread set: eviction is safe at any
// time (pages move out atomically) and must go on during GC pauses, which
// touch remote pages too. Also keeps the server sessions alive and logs
// transport trouble, which the fault path (a signal handler) cannot.
class DisaggEvictor : public ConcurrentGCThread {
public:
  // Run on the evictor's thread before it evicts anything (it makes a
  // deferred connection to the embedded server): returns how often to ping
  // the servers (0: never), or -1 when the VM is ending first. Null: start
  // at once, no pings.
  typedef jlong (*StartFn)();

private:
  DisaggPager* _pager;
  DisaggLane* _lane;
  StartFn _start;
  jlong _ping_interval_ns;

  void log_trouble();

protected:
  void run_service();
  void stop_service();

public:
  DisaggEvictor(DisaggPager* pager, DisaggLane* lane, StartFn start);
  const char* type_name() const { return "DisaggEvictor"; }
};

#endif // SHARE_DISAGG_DISAGGEVICTOR_HPP
