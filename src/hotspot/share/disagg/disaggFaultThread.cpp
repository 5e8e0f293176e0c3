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

#include "disagg/disaggFaultThread.hpp"
#include "disagg/disaggPager.hpp"
#include "utilities/macros.hpp"
#include OS_HEADER(disagg/disaggUserfault)

DisaggFaultThread::DisaggFaultThread(DisaggPager* pager) : _pager(pager) {
  set_name("Disagg Fault Handler");
  create_and_start(MaxPriority);
}

void DisaggFaultThread::run_service() {
  while (!should_terminate()) {
    uintptr_t addr = 0;
    if (DisaggUserfault::read_fault(&addr, 100) != 0 || addr == 0) {
      continue;
    }
    _pager->resolve(addr);
    // Whoever resolved the page woke the range; wake this page too in case
    // the fault raced with another resolution.
    DisaggUserfault::wake(align_down(addr, DisaggPager::PageSize), DisaggPager::PageSize);
  }
}
