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

#include "jvm_io.h"
#include "disagg/disaggTransport.hpp"
#include "runtime/os.hpp"
#include "utilities/count_trailing_zeros.hpp"
#include "utilities/globalDefinitions.hpp"

#include <ctype.h>
#include <string.h>

const char* disagg_result_name(DisaggResult r) {
  switch (r) {
    case DisaggResult::Ok:                return "ok";
    case DisaggResult::Timeout:           return "timed out";
    case DisaggResult::Disconnected:      return "not connected";
    case DisaggResult::CapacityExhausted: return "capacity exhausted";
    case DisaggResult::BadToken:          return "token refused";
    case DisaggResult::Refused:           return "refused";
  }
  return "?";
}

DisaggTransport::DisaggTransport() : _lane_count(0), _reserved(0), _busy(0), _acquire_spins(0), _server_count(0) {
  memset(_lanes, 0, sizeof(_lanes));
  memset(_servers, 0, sizeof(_servers));
}

DisaggTransport::~DisaggTransport() {
  delete_lanes();
}

void DisaggTransport::delete_lanes() {
  for (int i = 0; i < _lane_count; i++) {
    delete _lanes[i];
    _lanes[i] = nullptr;
  }
  _lane_count = 0;
}

void DisaggTransport::add_lane(DisaggLane* lane) {
  assert(_lane_count < MaxLanes, "too many lanes");
  lane->_index = _lane_count;
  _lanes[_lane_count++] = lane;
}

DisaggLane* DisaggTransport::acquire() {
  assert(_lane_count > 0, "no lanes");
  const uint64_t all = (_lane_count == 64 ? ~uint64_t(0) : ((uint64_t(1) << _lane_count) - 1))
                     & ~((uint64_t(1) << _reserved) - 1);
  for (int spins = 0;; spins++) {
    uint64_t busy = _busy.load_relaxed();
    uint64_t free_bits = ~busy & all;
    while (free_bits != 0) {
      int i = count_trailing_zeros(free_bits);
      uint64_t bit = uint64_t(1) << i;
      if (_busy.compare_exchange(busy, busy | bit) == busy) {
        return _lanes[i];
      }
      busy = _busy.load_relaxed();
      free_bits = ~busy & all;
    }
    _acquire_spins.add_then_fetch(1u, memory_order_relaxed);
    if (spins < 64) {
      SpinPause();
    } else {
      os::naked_yield();
    }
  }
}

void DisaggTransport::release(DisaggLane* lane) {
  uint64_t bit = uint64_t(1) << lane->index();
  assert((_busy.load_relaxed() & bit) != 0, "lane %d not taken", lane->index());
  uint64_t busy = _busy.load_relaxed();
  while (true) {
    uint64_t seen = _busy.compare_exchange(busy, busy & ~bit);
    if (seen == busy) {
      return;
    }
    busy = seen;
  }
}

int DisaggTransport::parse_servers(const char* list, char names[][64], int max, char* err, size_t err_len) {
  int n = 0;
  const char* p = list;
  while (*p != '\0') {
    const char* end = strchr(p, ',');
    size_t len = end != nullptr ? (size_t)(end - p) : strlen(p);
    if (len == 0 || len >= 64) {
      jio_snprintf(err, err_len, "'%.*s' is not a server address; expected host:port[,host:port...]",
                   (int)MIN2(len, (size_t)80), p);
      return -1;
    }
    if (n == max) {
      jio_snprintf(err, err_len, "more than %d servers; at most %d are supported", max, max);
      return -1;
    }
    memcpy(names[n], p, len);
    names[n][len] = '\0';
    const char* colon = strrchr(names[n], ':');
    bool ok = colon != nullptr && colon != names[n] && colon[1] != '\0';
    long port = -1;
    if (ok) {
      char* stop = nullptr;
      port = strtol(colon + 1, &stop, 10);
      ok = *stop == '\0' && port > 0 && port <= 65535;
    }
    if (!ok) {
      jio_snprintf(err, err_len, "'%s' is not a server address; expected host:port with a port from 1 to 65535",
                   names[n]);
      return -1;
    }
    n++;
    p += len;
    if (*p == ',') {
      p++;
      if (*p == '\0') {
        jio_snprintf(err, err_len, "'%s' ends with a comma; expected host:port[,host:port...]", list);
        return -1;
      }
    }
  }
  if (n == 0) {
    jio_snprintf(err, err_len, "no servers given; expected host:port[,host:port...]");
    return -1;
  }
  return n;
}
