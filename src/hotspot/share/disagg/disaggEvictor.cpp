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
#include "disagg/disaggPager.hpp"
#include "logging/log.hpp"
#include "runtime/os.hpp"

DisaggEvictor::DisaggEvictor(DisaggPager* pager, DisaggLane* lane, StartFn start)
  : _pager(pager), _lane(lane), _start(start), _ping_interval_ns(0) {
  set_name("Disagg Evictor");
  create_and_start(NearMaxPriority);
}

void DisaggEvictor::run_service() {
  _ping_interval_ns = _start != nullptr ? _start() : 0;
  if (_ping_interval_ns < 0) {
    return;
  }
  jlong last_ping = os::javaTimeNanos();
  jlong last_pin_count = 0;
  jlong full_since = 0;
  bool pinned_over = false;
  while (!should_terminate()) {
    jlong start = os::javaTimeNanos();
    if (start - last_pin_count > 10 * NANOSECS_PER_MILLISEC) {
      last_pin_count = start;
      int64_t pinned = _pager->refresh_pinned();
      bool over = pinned > _pager->budget() - _pager->budget() / 8;
      if (over != pinned_over) {
        pinned_over = over;
        if (over) {
          log_info(disagg)("Pinned objects (JNI critical access) hold " INT64_FORMAT " MiB locally, about the local "
                           "limit for paged regions: they stay local, and the limit is exceeded by what is pinned",
                           pinned * (int64_t)DisaggPager::PageSize / (int64_t)M);
        } else {
          log_info(disagg)("Pinned objects fit the local limit again");
        }
      }
    }
    // Evict down to a little under the budget, so that a burst of faults
    // does not hit the limit at once.
    int64_t margin = MAX2(_pager->budget() / 32, (int64_t)DisaggPager::BatchPages);
    int64_t over = _pager->over_budget();
    if (over > -margin / 2 && !_pager->servers_full()) {
      size_t got = _pager->evict((size_t)(over + margin), _lane);
      if (got == 0) {
        _pager->evictor_wait(10 * NANOSECS_PER_MILLISEC, true);  // nothing evictable now (pinned or busy)
      }
    } else {
      // Under budget, or the servers are full (nothing to do until they
      // have room again: retried below every 5 s).
      _pager->evictor_wait(100 * NANOSECS_PER_MILLISEC, _pager->servers_full());
    }
    jlong now = os::javaTimeNanos();
    if (_pager->servers_full()) {
      if (full_since == 0) {
        full_since = now;
        log_warning(disagg)("Every memory server is full: pages can no longer be evicted, so the heap cannot "
                            "grow beyond the local limit; allocations that need more will fail with OutOfMemoryError");
      } else if (now - full_since > 5 * NANOSECS_PER_SEC) {
        full_since = 0;
        _pager->clear_servers_full();  // try again: the GC may have freed remote pages
      }
    }
    log_trouble();
    if (_ping_interval_ns > 0 && now - last_ping > _ping_interval_ns) {
      _pager->ping(_lane);
      last_ping = now;
    }
  }
}

void DisaggEvictor::log_trouble() {
  int server;
  DisaggResult last;
  uint64_t n = _pager->take_failures(&server, &last);
  if (n > 0 && server >= 0) {
    log_warning(disagg)("Memory server %s: " UINT64_FORMAT " request(s) failed (%s); retrying with backoff "
                        "(the VM ends with a fatal error if it stays unreachable for -XX:DisaggServerTimeout)",
                        _pager->transport()->server_name(server), n, disagg_result_name(last));
  }
}

void DisaggEvictor::stop_service() {
  _pager->wake_evictor();
}
