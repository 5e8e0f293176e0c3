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

#ifndef SHARE_DISAGG_DISAGGPAGEHASH_HPP
#define SHARE_DISAGG_DISAGGPAGEHASH_HPP

#include "disagg/disaggProtocol.hpp"
#include "memory/allStatic.hpp"
#include "utilities/globalDefinitions.hpp"

// A 128-bit hash of a 4 KiB page, to tell at eviction time whether a page
// differs from the copy its server holds (then it must be written back) or
// not (then it is dropped with no transfer).
//
// Why a hash and not write-protect tracking: on this kind of machine a
// write-protect fault on the first write to a clean page costs about 9 us
// (measured: SIGBUS + UFFDIO_WRITEPROTECT), paid by the program's threads;
// hashing costs about 0.2 us per evicted page, paid by the evictor. The
// page is moved out of the heap atomically (UFFDIO_MOVE) before it is
// hashed, so no write can slip between the check and the eviction.
//
// Four lanes of 64x64->128-bit multiply-accumulate (wyhash-style mixing)
// folded to two words; a collision needs two different pages to agree on
// 128 bits. Each lane is chained (its state enters the next multiply and
// survives a zero product), so the value depends on where each word sits:
// a plain sum of per-block terms gives the same value for pages whose
// 64-byte blocks are merely permuted (an object moved by 64 bytes), and such
// a page would be taken for clean and its old copy read back. Zero pages are
// recognized separately and never sent.
class DisaggPageHash : AllStatic {
  static inline uint64_t mum(uint64_t a, uint64_t b) {
    unsigned __int128 r = (unsigned __int128)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
  }
public:
  struct Value {
    uint64_t lo, hi;
    bool operator==(const Value& o) const { return lo == o.lo && hi == o.hi; }
    bool operator!=(const Value& o) const { return !(*this == o); }
    bool is_none() const { return lo == 0 && hi == 0; }
  };

  // The value meaning "the server holds no copy".
  static Value none() { Value v = {0, 0}; return v; }

  static Value of(const void* page) {
    const uint64_t* w = (const uint64_t*)page;
    uint64_t a0 = 0x243f6a8885a308d3ULL, a1 = 0x13198a2e03707344ULL;
    uint64_t a2 = 0xa4093822299f31d0ULL, a3 = 0x082efa98ec4e6c89ULL;
    for (size_t i = 0; i < DisaggProtocol::PageSize / 8; i += 8) {
      a0 += mum(w[i]     ^ a0 ^ 0xa0761d6478bd642fULL, w[i + 1] ^ 0xe7037ed1a0b428dbULL);
      a1 += mum(w[i + 2] ^ a1 ^ 0x8ebc6af09c88c6e3ULL, w[i + 3] ^ 0x589965cc75374cc3ULL);
      a2 += mum(w[i + 4] ^ a2 ^ 0x1d8e4e27c47d124fULL, w[i + 5] ^ 0xa0761d6478bd642fULL);
      a3 += mum(w[i + 6] ^ a3 ^ 0xe7037ed1a0b428dbULL, w[i + 7] ^ 0x8ebc6af09c88c6e3ULL);
    }
    Value v;
    v.lo = mum(a0 ^ a2 ^ 0x589965cc75374cc3ULL, a1 ^ a3) | 1;  // never none()
    v.hi = mum(a1 ^ 0x1d8e4e27c47d124fULL, a3 ^ a0 ^ DisaggProtocol::PageSize);
    return v;
  }

  static bool is_zero(const void* page) {
    const uint64_t* w = (const uint64_t*)page;
    uint64_t acc = 0;
    for (size_t i = 0; i < DisaggProtocol::PageSize / 8; i += 4) {
      acc |= w[i] | w[i + 1] | w[i + 2] | w[i + 3];
    }
    return acc == 0;
  }
};

#endif // SHARE_DISAGG_DISAGGPAGEHASH_HPP
