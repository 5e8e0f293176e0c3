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

#ifndef SHARE_DISAGG_DISAGGUCXTRANSPORT_HPP
#define SHARE_DISAGG_DISAGGUCXTRANSPORT_HPP

#include "disagg/disaggTransport.hpp"
#include "disagg/disaggUcx.hpp"

#include <sys/socket.h>

class DisaggUcxLane;

// The transport to real memory servers over UCX active messages
// (docs/protocol.md). One UCX context; per lane one worker (single-thread
// mode, so a lane needs no lock) and one endpoint per server, connected by
// socket address and authenticated with HELLO.
class DisaggUcxTransport : public DisaggTransport {
  friend class DisaggUcxLane;
  ucp_context_h _context;
  struct sockaddr_storage _addrs[MaxServers];
  socklen_t _addr_lens[MaxServers];
  uint8_t _session[DisaggProtocol::SessionIdSize];
  char* _token;
  size_t _token_len;
  uint64_t _space_pages;
  uint64_t _capacity_pages[MaxServers];   // from HELLO
  uint64_t _held_pages[MaxServers];       // from the first HELLO: what the server already held for us
  uint32_t _lease_ms;
  char _description[64];

  DisaggUcxTransport();
  // Resolves every server and connects every lane to each (HELLO).
  bool connect_all(jlong timeout_ns, char* err, size_t err_len);

public:
  ~DisaggUcxTransport();

  // Loads UCX, resolves every server, creates `lanes` lanes and connects
  // each to every server (HELLO with the token). `default_tls`, if not null,
  // is the UCX transport list used when the user set no UCX_TLS. On failure
  // returns nullptr with a message in err naming the server and the reason.
  // With servers null: one server whose address comes later, through
  // connect_later(); until then no lane may be used.
  static DisaggUcxTransport* create(const char* servers, const char* token, size_t token_len,
                                    const uint8_t session[DisaggProtocol::SessionIdSize],
                                    uint64_t space_pages, int lanes, jlong timeout_ns,
                                    const char* default_tls, char* err, size_t err_len);
  // The address of a transport created without one: resolves it and
  // connects every lane. False with a message in err.
  bool connect_later(const char* server, jlong timeout_ns, char* err, size_t err_len);

  const char* description() const { return _description; }
  uint32_t lease_ms() const { return _lease_ms; }
  uint64_t capacity_pages(int server) const { return _capacity_pages[server]; }
  uint64_t held_pages(int server) const { return _held_pages[server]; }
  void shutdown();
};

#endif // SHARE_DISAGG_DISAGGUCXTRANSPORT_HPP
