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

#include "disagg/disaggSimTransport.hpp"
#include "disagg/disaggTransport.hpp"
#include "memory/allocation.hpp"
#include "unittest.hpp"

#include <string.h>

static int parse(const char* list, char names[][64], char* err) {
  return DisaggTransport::parse_servers(list, names, DisaggTransport::MaxServers, err, 256);
}

TEST(DisaggTransport, parses_server_lists) {
  char names[DisaggTransport::MaxServers][64];
  char err[256];
  EXPECT_EQ(1, parse("127.0.0.1:7700", names, err));
  EXPECT_STREQ("127.0.0.1:7700", names[0]);
  EXPECT_EQ(3, parse("a:1,b.example.org:65535,[::1]:7700", names, err));
  EXPECT_STREQ("b.example.org:65535", names[1]);
  EXPECT_STREQ("[::1]:7700", names[2]);
}

TEST(DisaggTransport, rejects_bad_server_lists_naming_the_value) {
  char names[DisaggTransport::MaxServers][64];
  char err[256];
  EXPECT_EQ(-1, parse("localhost", names, err));
  EXPECT_TRUE(strstr(err, "'localhost'") != nullptr) << err;
  EXPECT_EQ(-1, parse("host:0", names, err));
  EXPECT_TRUE(strstr(err, "port from 1 to 65535") != nullptr) << err;
  EXPECT_EQ(-1, parse("host:99999", names, err));
  EXPECT_EQ(-1, parse("host:77x", names, err));
  EXPECT_EQ(-1, parse("a:1,,b:2", names, err));
  EXPECT_EQ(-1, parse("a:1,", names, err));
  EXPECT_TRUE(strstr(err, "ends with a comma") != nullptr) << err;
  EXPECT_EQ(-1, parse("", names, err));
  EXPECT_EQ(-1, parse(":7700", names, err));
}

static void fill(char* buf, uint32_t pages, int seed) {
  for (size_t i = 0; i < pages * DisaggProtocol::PageSize; i++) {
    buf[i] = (char)(i * 31 + seed);
  }
}

TEST(DisaggTransport, sim_round_trips_and_discards) {
  DisaggSimTransport t(2, 4, 1024);
  DisaggLane* lane = t.acquire();
  char* out = NEW_C_HEAP_ARRAY(char, 8 * DisaggProtocol::PageSize, mtTest);
  char* in = NEW_C_HEAP_ARRAY(char, 8 * DisaggProtocol::PageSize, mtTest);
  fill(out, 8, 7);
  DisaggRequest w[2];
  w[0].init(DisaggProtocol::Write, 0, 100, 8, out);
  w[1].init(DisaggProtocol::Write, 1, 100, 4, out);
  lane->execute(w, 2, NANOSECS_PER_SEC);
  EXPECT_EQ(DisaggResult::Ok, w[0].result);
  EXPECT_EQ(DisaggResult::Ok, w[1].result);
  EXPECT_EQ(8u, t.sim(0)->stored_pages());
  EXPECT_EQ(4u, t.sim(1)->stored_pages());

  DisaggRequest r;
  r.init(DisaggProtocol::Read, 0, 99, 8, in);
  lane->execute(&r, 1, NANOSECS_PER_SEC);
  EXPECT_EQ(DisaggResult::Ok, r.result);
  EXPECT_EQ(7u, r.arg) << "pages present";
  char zero[DisaggProtocol::PageSize];
  memset(zero, 0, sizeof(zero));
  EXPECT_EQ(0, memcmp(in, zero, DisaggProtocol::PageSize)) << "a page never written reads as zeros";
  EXPECT_EQ(0, memcmp(in + DisaggProtocol::PageSize, out, 7 * DisaggProtocol::PageSize));

  DisaggRequest d;
  d.init(DisaggProtocol::Discard, 0, 0, 104, nullptr);
  lane->execute(&d, 1, NANOSECS_PER_SEC);
  EXPECT_EQ(DisaggResult::Ok, d.result);
  EXPECT_EQ(4u, t.sim(0)->stored_pages());
  t.release(lane);
  FREE_C_HEAP_ARRAY(char, out);
  FREE_C_HEAP_ARRAY(char, in);
}

TEST(DisaggTransport, sim_capacity_and_failures_are_values) {
  DisaggSimTransport t(1, 2, 4);
  DisaggLane* lane = t.acquire();
  char* buf = NEW_C_HEAP_ARRAY(char, 8 * DisaggProtocol::PageSize, mtTest);
  fill(buf, 8, 1);
  DisaggRequest w;
  w.init(DisaggProtocol::Write, 0, 0, 4, buf);
  lane->execute(&w, 1, NANOSECS_PER_SEC);
  EXPECT_EQ(DisaggResult::Ok, w.result);
  w.init(DisaggProtocol::Write, 0, 2, 3, buf);
  lane->execute(&w, 1, NANOSECS_PER_SEC);
  EXPECT_EQ(DisaggResult::CapacityExhausted, w.result);
  EXPECT_EQ(4u, t.sim(0)->stored_pages()) << "a write that does not fit stores nothing";
  w.init(DisaggProtocol::Write, 0, 0, 4, buf);
  lane->execute(&w, 1, NANOSECS_PER_SEC);
  EXPECT_EQ(DisaggResult::Ok, w.result) << "overwriting needs no room";

  t.sim(0)->stalled = true;
  w.init(DisaggProtocol::Read, 0, 0, 1, buf);
  lane->execute(&w, 1, NANOSECS_PER_SEC);
  EXPECT_EQ(DisaggResult::Timeout, w.result);
  t.sim(0)->stalled = false;
  t.sim(0)->disconnected = true;
  lane->execute(&w, 1, NANOSECS_PER_SEC);
  EXPECT_EQ(DisaggResult::Disconnected, w.result);
  t.sim(0)->disconnected = false;
  w.init(DisaggProtocol::Read, 0, 0, 0, buf);
  lane->execute(&w, 1, NANOSECS_PER_SEC);
  EXPECT_EQ(DisaggResult::Refused, w.result);
  EXPECT_EQ((uint32_t)DisaggProtocol::TooLarge, w.status);
  t.release(lane);
  FREE_C_HEAP_ARRAY(char, buf);
}

TEST(DisaggTransport, reserved_lanes_are_never_handed_out) {
  DisaggSimTransport t(1, 5, 16);
  t.set_reserved_lanes(2);
  DisaggLane* a = t.acquire();
  DisaggLane* b = t.acquire();
  DisaggLane* c = t.acquire();
  EXPECT_GE(a->index(), 2);
  EXPECT_GE(b->index(), 2);
  EXPECT_GE(c->index(), 2);
  EXPECT_NE(a, b);
  EXPECT_NE(b, c);
  EXPECT_NE(a, c);
  t.release(b);
  DisaggLane* d = t.acquire();
  EXPECT_EQ(b, d) << "the only free lane";
  t.release(a);
  t.release(c);
  t.release(d);
}
