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

#ifndef SHARE_DISAGG_DISAGGSIMTRANSPORT_HPP
#define SHARE_DISAGG_DISAGGSIMTRANSPORT_HPP

#include "disagg/disaggTransport.hpp"

// A simulated memory server living in the VM: a sparse page store with a
// capacity, behind a spin lock, with failures a test can switch on (a
// stall that makes requests time out, a disconnect, a full store).  It
// implements the protocol's semantics (reads of unwritten pages are zeros,
// a write that does not fit stores nothing), not its bytes.
//
// For unit tests and -XX:DisaggTransport=sim; never what "done" means.
class DisaggSimServer : public CHeapObj<mtDisagg> {
  static const size_t Buckets = 4096;
  struct Page {
    uint64_t number;
    Page* next;
    char data[DisaggProtocol::PageSize];
  };
  Page* _table[Buckets];
  uint64_t _capacity_pages;
  uint64_t _stored_pages;
  volatile int _lock;

  Page** find(uint64_t number);
  void lock();
  void unlock();

public:
  // Failure injection, read by the lanes on every request.
  volatile bool stalled;       // requests get no reply (time out)
  volatile bool disconnected;  // requests fail as not connected
  Atomic<uint64_t> requests;

  explicit DisaggSimServer(uint64_t capacity_pages);
  ~DisaggSimServer();

  uint64_t stored_pages() const { return _stored_pages; }
  void serve(DisaggRequest* r);
};

class DisaggSimTransport : public DisaggTransport {
  DisaggSimServer* _sims[MaxServers];
public:
  // Lane executions: what a network would charge a round trip each.
  Atomic<uint64_t> round_trips;

  DisaggSimTransport(int servers, int lanes, uint64_t capacity_pages_per_server);
  ~DisaggSimTransport();
  DisaggSimServer* sim(int i) const { return _sims[i]; }
  const char* description() const { return "sim (in-process, for testing)"; }
  void shutdown() {}
};

#endif // SHARE_DISAGG_DISAGGSIMTRANSPORT_HPP
