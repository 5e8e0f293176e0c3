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

#ifndef SHARE_DISAGG_DISAGGTRANSPORT_HPP
#define SHARE_DISAGG_DISAGGTRANSPORT_HPP

#include "disagg/disaggProtocol.hpp"
#include "memory/allocation.hpp"
#include "runtime/atomic.hpp"
#include "utilities/globalDefinitions.hpp"

class outputStream;

// What became of a request. Errors are values; the caller decides whether
// to retry (Timeout, Disconnected), to fail over (another replica), or to
// give up (CapacityExhausted, Refused, BadToken).
enum class DisaggResult : uint8_t {
  Ok,
  Timeout,            // no reply within the request timeout
  Disconnected,       // the connection to the server failed or is not open
  CapacityExhausted,  // the server is full; nothing of the request was stored
  BadToken,           // the server does not accept our token
  Refused             // the server refused the request (see status)
};

const char* disagg_result_name(DisaggResult r);

// One request to one server: READ, WRITE or DISCARD of `count` pages from
// `page`, or PING. Reads land in `buffer`; writes send it. The buffer must
// stay valid and, for writes, unchanged until the lane returns.
struct DisaggRequest {
  DisaggProtocol::Op op;
  int server;
  uint64_t page;
  uint32_t count;
  void* buffer;
  // Results
  DisaggResult result;
  uint32_t status;    // the server's status when result is Refused
  uint64_t arg;       // the reply's arg
  // Private to the lane while the request is in flight
  uint64_t id;
  volatile int pending;
  DisaggProtocol::Header header;
  void* transport_state;

  void init(DisaggProtocol::Op o, int srv, uint64_t first, uint32_t n, void* buf) {
    op = o; server = srv; page = first; count = n; buffer = buf;
    result = DisaggResult::Ok; status = 0; arg = 0; id = 0; pending = 0; transport_state = nullptr;
  }
  size_t bytes() const { return (size_t)count * DisaggProtocol::PageSize; }
};

// A lane is one independent path to every server (for UCX: a worker and one
// endpoint per server), used by one thread at a time. Lanes are what lets
// many threads fault, prefetch and evict at once without sharing locks.
class DisaggLane : public CHeapObj<mtDisagg> {
  friend class DisaggTransport;
  int _index;
protected:
  DisaggLane() : _index(-1) {}
public:
  virtual ~DisaggLane() {}
  int index() const { return _index; }

  // Sends all n requests (pipelined), then waits until each has its reply
  // or timeout_ns has passed, and sets each request's result. When it
  // returns, the transport holds no reference to any request's buffer.
  // Async-signal-safe with respect to the faulting thread: no VM locks.
  virtual void execute(DisaggRequest* requests, int n, jlong timeout_ns) = 0;
};

// The VM's connection to its memory servers: a fixed set of lanes over a
// fixed list of servers, created once at start-up.
class DisaggTransport : public CHeapObj<mtDisagg> {
public:
  static const int MaxLanes = 64;
  static const int MaxServers = 16;

private:
  DisaggLane* _lanes[MaxLanes];
  int _lane_count;
  int _reserved;           // lanes [0, _reserved) belong to service threads
  Atomic<uint64_t> _busy;  // bit i: lane i is taken
  Atomic<uint64_t> _acquire_spins;

protected:
  int _server_count;
  char _servers[MaxServers][64];  // host:port, for messages
  void add_lane(DisaggLane* lane);
  // Deletes the lanes; a subclass calls it before releasing what lanes use.
  void delete_lanes();

public:
  DisaggTransport();
  virtual ~DisaggTransport();

  int server_count() const { return _server_count; }
  const char* server_name(int i) const { return _servers[i]; }
  int lane_count() const { return _lane_count; }
  DisaggLane* lane(int i) const { return _lanes[i]; }

  // Keeps lanes [0, n) out of acquire(): they belong to the service threads.
  void set_reserved_lanes(int n) { assert(n < _lane_count, "no lane left"); _reserved = n; }

  // Takes a free lane, waiting (yielding) if every lane is busy.
  // Lock-free; callable from the SIGBUS handler.
  DisaggLane* acquire();
  void release(DisaggLane* lane);

  // Short description for the init log line, e.g. "ucx (tcp)" or "sim".
  virtual const char* description() const = 0;
  // Ends the sessions (BYE) and closes everything; no lane may be in use.
  virtual void shutdown() = 0;

  // Parses "host:port,host:port"; fills names, returns the count or -1
  // with a message naming the bad entry.
  static int parse_servers(const char* list, char names[][64], int max, char* err, size_t err_len);
};

// A scoped lane.
class DisaggLaneMark : public StackObj {
  DisaggTransport* _t;
  DisaggLane* _lane;
public:
  DisaggLaneMark(DisaggTransport* t) : _t(t), _lane(t->acquire()) {}
  ~DisaggLaneMark() { _t->release(_lane); }
  DisaggLane* lane() const { return _lane; }
};

#endif // SHARE_DISAGG_DISAGGTRANSPORT_HPP
