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

#include "disagg/disaggPageHash.hpp"
#include "unittest.hpp"

#include <string.h>

// The page hash decides whether an evicted page is written back: two
// different pages with one value means the server's stale copy is read
// back later. These are the differences a Java heap page actually goes
// through: an object moved within the page, two blocks exchanged, one field
// changed.
class DisaggPageHashTest : public ::testing::Test {
protected:
  static const size_t Words = DisaggProtocol::PageSize / 8;
  uint64_t _a[Words];
  uint64_t _b[Words];

  static void fill(uint64_t* w, uint64_t seed, size_t n = Words) {
    for (size_t i = 0; i < n; i++) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      w[i] = seed;
    }
  }
};

TEST_F(DisaggPageHashTest, equal_pages_hash_equal_and_never_to_none) {
  fill(_a, 1);
  memcpy(_b, _a, sizeof(_a));
  EXPECT_TRUE(DisaggPageHash::of(_a) == DisaggPageHash::of(_b));
  EXPECT_FALSE(DisaggPageHash::of(_a).is_none());
  memset(_a, 0, sizeof(_a));
  EXPECT_FALSE(DisaggPageHash::of(_a).is_none());
}

TEST_F(DisaggPageHashTest, a_block_moved_by_64_bytes_changes_the_hash) {
  // One 64-byte "object" in an otherwise empty page, at every position.
  uint64_t obj[8];
  fill(obj, 7, 8);
  DisaggPageHash::Value prev = DisaggPageHash::none();
  for (size_t at = 0; at < Words; at += 8) {
    memset(_a, 0, sizeof(_a));
    memcpy(&_a[at], obj, sizeof(obj));
    DisaggPageHash::Value v = DisaggPageHash::of(_a);
    EXPECT_TRUE(v != prev) << "object at word " << at;
    prev = v;
  }
}

TEST_F(DisaggPageHashTest, exchanged_blocks_change_the_hash) {
  fill(_a, 3);
  memcpy(_b, _a, sizeof(_a));
  for (size_t k = 0; k < 8; k++) {
    uint64_t t = _b[k];
    _b[k] = _b[256 + k];
    _b[256 + k] = t;
  }
  EXPECT_TRUE(DisaggPageHash::of(_a) != DisaggPageHash::of(_b));
  // Exchanged words within one block, too.
  memcpy(_b, _a, sizeof(_a));
  uint64_t t = _b[0];
  _b[0] = _b[2];
  _b[2] = t;
  EXPECT_TRUE(DisaggPageHash::of(_a) != DisaggPageHash::of(_b));
}

TEST_F(DisaggPageHashTest, every_single_bit_flip_changes_the_hash) {
  fill(_a, 5);
  DisaggPageHash::Value base = DisaggPageHash::of(_a);
  size_t same = 0;
  for (size_t bit = 0; bit < Words * 64; bit++) {
    _a[bit / 64] ^= (uint64_t)1 << (bit % 64);
    same += DisaggPageHash::of(_a) == base ? 1 : 0;
    _a[bit / 64] ^= (uint64_t)1 << (bit % 64);
  }
  EXPECT_EQ(0u, same);
}

TEST_F(DisaggPageHashTest, zero_pages_are_recognized) {
  memset(_a, 0, sizeof(_a));
  EXPECT_TRUE(DisaggPageHash::is_zero(_a));
  _a[Words - 1] = 1;
  EXPECT_FALSE(DisaggPageHash::is_zero(_a));
}
