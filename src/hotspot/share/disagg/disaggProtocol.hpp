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

#ifndef SHARE_DISAGG_DISAGGPROTOCOL_HPP
#define SHARE_DISAGG_DISAGGPROTOCOL_HPP

#include "memory/allStatic.hpp"
#include "utilities/globalDefinitions.hpp"

// The Disagg memory protocol, version 1, as the VM speaks it. The
// specification is docs/protocol.md; the server's side is
// servers/memserver/.../Protocol.java. Integers are little-endian on the
// wire, which is also every supported CPU's order.
class DisaggProtocol : AllStatic {
public:
  static const unsigned AmRequest = 17;
  static const unsigned AmReply = 18;
  static const uint32_t Magic = 0x4D475344;  // "DSGM"
  static const uint16_t Version = 1;
  static const size_t PageSize = 4096;
  static const uint32_t MaxPages = 512;      // 2 MiB per READ or WRITE
  static const size_t SessionIdSize = 16;
  static const size_t MaxToken = 4096;
  static const uint16_t ReplyBit = 0x80;

  enum Op : uint16_t {
    Hello = 1, Read = 2, Write = 3, Discard = 4, Stats = 5, Ping = 6, Bye = 7
  };

  // Statuses a server puts in replies.
  enum Status : uint32_t {
    Ok = 0, Malformed = 1, UnsupportedVersion = 2, Unauthenticated = 3, BadToken = 4,
    OutOfRange = 5, CapacityExhausted = 6, TooLarge = 7, BadLength = 8, UnknownOp = 9,
    Internal = 10
  };

  struct Header {
    uint32_t magic;
    uint16_t version;
    uint16_t op;
    uint64_t id;
    uint64_t page;
    uint32_t count;
    uint32_t status;
    uint64_t arg;
  };

  static Header request(Op op, uint64_t id, uint64_t page, uint32_t count, uint64_t arg) {
    Header h;
    h.magic = Magic;
    h.version = Version;
    h.op = op;
    h.id = id;
    h.page = page;
    h.count = count;
    h.status = 0;
    h.arg = arg;
    return h;
  }

  static const char* status_name(uint32_t s) {
    switch (s) {
      case Ok:                 return "ok";
      case Malformed:          return "malformed";
      case UnsupportedVersion: return "unsupported version";
      case Unauthenticated:    return "unauthenticated";
      case BadToken:           return "bad token";
      case OutOfRange:         return "out of range";
      case CapacityExhausted:  return "capacity exhausted";
      case TooLarge:           return "too large";
      case BadLength:          return "bad length";
      case UnknownOp:          return "unknown operation";
      case Internal:           return "internal server error";
      default:                 return "unknown status";
    }
  }
};

STATIC_ASSERT(sizeof(DisaggProtocol::Header) == 40);

#endif // SHARE_DISAGG_DISAGGPROTOCOL_HPP
