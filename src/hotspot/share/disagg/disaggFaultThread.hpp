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

#ifndef SHARE_DISAGG_DISAGGFAULTTHREAD_HPP
#define SHARE_DISAGG_DISAGGFAULTTHREAD_HPP

#include "gc/shared/concurrentGCThread.hpp"

class DisaggPager;

// -XX:DisaggFaultHandler=thread: resolves faults on behalf of the faulting
// threads, which sleep in the kernel meanwhile (userfaultfd without
// SIGBUS). Slower than resolving in the faulting thread on a machine whose
// cross-CPU wake-up is slow, but also covers system calls on missing pages.
// Kept for measurement (benchmarks/RESULTS.md) and as a fallback.
class DisaggFaultThread : public ConcurrentGCThread {
  DisaggPager* _pager;
protected:
  void run_service();
  void stop_service() {}
public:
  explicit DisaggFaultThread(DisaggPager* pager);
  const char* type_name() const { return "DisaggFaultThread"; }
};

#endif // SHARE_DISAGG_DISAGGFAULTTHREAD_HPP
