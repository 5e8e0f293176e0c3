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
#include "disagg/disaggSimTransport.hpp"
#include "runtime/atomicAccess.hpp"
#include "runtime/os.hpp"

#include <string.h>

DisaggSimServer::DisaggSimServer(uint64_t capacity_pages)
  : _capacity_pages(capacity_pages), _stored_pages(0), _lock(0),
    stalled(false), disconnected(false), requests(0) {
  memset(_table, 0, sizeof(_table));
}

DisaggSimServer::~DisaggSimServer() {
  for (size_t b = 0; b < Buckets; b++) {
    Page* p = _table[b];
    while (p != nullptr) {
      Page* next = p->next;
      FREE_C_HEAP_OBJ(p);
      p = next;
    }
  }
}

void DisaggSimServer::lock() {
  while (AtomicAccess::cmpxchg(&_lock, 0, 1) != 0) {
    SpinPause();
  }
}

void DisaggSimServer::unlock() {
  AtomicAccess::release_store(&_lock, 0);
}

DisaggSimServer::Page** DisaggSimServer::find(uint64_t number) {
  Page** slot = &_table[(number * 0x9E3779B97F4A7C15ULL) >> 52];
  while (*slot != nullptr && (*slot)->number != number) {
    slot = &(*slot)->next;
  }
  return slot;
}

void DisaggSimServer::serve(DisaggRequest* r) {
  requests.add_then_fetch(1u, memory_order_relaxed);
  if (disconnected) {
    r->result = DisaggResult::Disconnected;
    return;
  }
  if (stalled) {
    r->result = DisaggResult::Timeout;
    return;
  }
  if (r->op != DisaggProtocol::Ping && (r->count == 0 || r->count > DisaggProtocol::MaxPages)) {
    r->result = DisaggResult::Refused;
    r->status = DisaggProtocol::TooLarge;
    return;
  }
  lock();
  r->result = DisaggResult::Ok;
  r->status = DisaggProtocol::Ok;
  char* buf = (char*)r->buffer;
  switch (r->op) {
    case DisaggProtocol::Read: {
      uint64_t present = 0;
      for (uint32_t i = 0; i < r->count; i++) {
        Page* p = *find(r->page + i);
        if (p != nullptr) {
          memcpy(buf + i * DisaggProtocol::PageSize, p->data, DisaggProtocol::PageSize);
          present++;
        } else {
          memset(buf + i * DisaggProtocol::PageSize, 0, DisaggProtocol::PageSize);
        }
      }
      r->arg = present;
      break;
    }
    case DisaggProtocol::Write: {
      uint64_t missing = 0;
      for (uint32_t i = 0; i < r->count; i++) {
        if (*find(r->page + i) == nullptr) {
          missing++;
        }
      }
      if (_stored_pages + missing > _capacity_pages) {
        r->result = DisaggResult::CapacityExhausted;
        r->status = DisaggProtocol::CapacityExhausted;
        break;
      }
      for (uint32_t i = 0; i < r->count; i++) {
        Page** slot = find(r->page + i);
        if (*slot == nullptr) {
          Page* p = NEW_C_HEAP_OBJ(Page, mtDisagg);
          p->number = r->page + i;
          p->next = nullptr;
          *slot = p;
          _stored_pages++;
        }
        memcpy((*slot)->data, buf + i * DisaggProtocol::PageSize, DisaggProtocol::PageSize);
      }
      r->arg = _stored_pages;
      break;
    }
    case DisaggProtocol::Discard: {
      for (uint32_t i = 0; i < r->count; i++) {
        Page** slot = find(r->page + i);
        if (*slot != nullptr) {
          Page* p = *slot;
          *slot = p->next;
          FREE_C_HEAP_OBJ(p);
          _stored_pages--;
        }
      }
      r->arg = _stored_pages;
      break;
    }
    case DisaggProtocol::Ping:
      break;
    default:
      r->result = DisaggResult::Refused;
      r->status = DisaggProtocol::UnknownOp;
  }
  unlock();
}

// A lane of the simulated transport: serves each request synchronously.
class DisaggSimLane : public DisaggLane {
  DisaggSimTransport* _t;
public:
  explicit DisaggSimLane(DisaggSimTransport* t) : _t(t) {}
  void execute(DisaggRequest* requests, int n, jlong timeout_ns) {
    _t->round_trips.add_then_fetch(1u);
    for (int i = 0; i < n; i++) {
      DisaggRequest* r = &requests[i];
      if (r->server < 0 || r->server >= _t->server_count()) {
        r->result = DisaggResult::Disconnected;
        continue;
      }
      _t->sim(r->server)->serve(r);
    }
  }
};

DisaggSimTransport::DisaggSimTransport(int servers, int lanes, uint64_t capacity_pages_per_server) {
  assert(servers > 0 && servers <= MaxServers, "servers");
  memset(_sims, 0, sizeof(_sims));
  _server_count = servers;
  for (int i = 0; i < servers; i++) {
    _sims[i] = new DisaggSimServer(capacity_pages_per_server);
    jio_snprintf(_servers[i], sizeof(_servers[i]), "sim:%d", i);
  }
  for (int i = 0; i < lanes && i < MaxLanes; i++) {
    add_lane(new DisaggSimLane(this));
  }
}

DisaggSimTransport::~DisaggSimTransport() {
  for (int i = 0; i < _server_count; i++) {
    delete _sims[i];
  }
}
