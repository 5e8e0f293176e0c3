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

#ifndef SHARE_DISAGG_DISAGG_GLOBALS_HPP
#define SHARE_DISAGG_DISAGG_GLOBALS_HPP

#include "runtime/globals_shared.hpp"

//
// All flags of Disagg JDK: the far-memory heap and remote carriers.
//
// User-facing names (UseDisaggregatedHeap, DisaggMemoryServers,
// DisaggLocalHeapLimit, DisaggTokenFile, DisaggComputeServers) are a stable
// contract; the DIAGNOSTIC ones are tuning and testing knobs.
//

#define DISAGG_FLAGS(develop,                                                 \
                     develop_pd,                                              \
                     product,                                                 \
                     product_pd,                                              \
                     range,                                                   \
                     constraint)                                              \
                                                                              \
  product(bool, UseDisaggregatedHeap, false,                                  \
          "Keep part of the Java heap on remote memory servers and page it "  \
          "in and out over UCX, so that at most DisaggLocalHeapLimit bytes "  \
          "of the heap are resident locally. Requires G1.")                   \
                                                                              \
  product(ccstr, DisaggMemoryServers, "",                                     \
          "Comma-separated host:port list of the memory servers that hold "   \
          "evicted heap pages. When empty, the VM starts a memory server on " \
          "loopback (bin/jdisagg memserver) that ends with the VM.")          \
                                                                              \
  product(size_t, DisaggLocalHeapLimit, 0,                                    \
          "The most bytes of the Java heap kept resident in local memory; "   \
          "the rest lives on memory servers. 0 means half of MaxHeapSize.")   \
          range(0, SIZE_MAX)                                                  \
                                                                              \
  product(ccstr, DisaggTokenFile, "",                                         \
          "File holding the shared token the VM presents to memory and "      \
          "compute servers. Required with DisaggMemoryServers or "            \
          "DisaggComputeServers; the embedded memory server gets a fresh "    \
          "random token instead.")                                            \
                                                                              \
  product(ccstr, DisaggComputeServers, "",                                    \
          "Comma-separated host:port list of compute servers whose carrier "  \
          "threads run parallel stream and ForkJoin work of this VM. When "   \
          "empty, all work runs locally. Needs DisaggTokenFile; see "         \
          "docs/remote-carriers.md for what runs remotely.")                  \
                                                                              \
  product(uint, DisaggReplicas, 1,                                            \
          "Number of memory servers that hold each evicted page. With 2 or "  \
          "more, losing one server loses no data.")                           \
          range(1, 3)                                                         \
                                                                              \
  product(uintx, DisaggServerTimeout, 30000,                                  \
          "Milliseconds a memory server may stay unreachable, with requests " \
          "retried under backoff, before the VM ends with a fatal error "     \
          "naming it.")                                                       \
          range(100, 24 * 3600 * 1000)                                        \
                                                                              \
  product(uintx, DisaggRequestTimeout, 1000, DIAGNOSTIC,                      \
          "Milliseconds to wait for one reply from a memory server before "   \
          "the request is sent again.")                                       \
          range(1, 3600 * 1000)                                               \
                                                                              \
  product(ccstr, DisaggTransportKind, "ucx", DIAGNOSTIC,                        \
          "How the VM reaches memory servers: 'ucx' (UCX, loaded at run "     \
          "time) or 'sim' (an in-process simulated server, for testing).")    \
                                                                              \
  product(ccstr, DisaggFaultHandler, "signal", DIAGNOSTIC,                    \
          "Who resolves a fault on a heap page that is not resident: "        \
          "'signal' (the faulting thread, from its SIGBUS handler) or "       \
          "'thread' (a userfaultfd handler thread).")                         \
                                                                              \
  product(uint, DisaggFaultAheadPages, 15, DIAGNOSTIC,                        \
          "Further pages fetched or zero-filled together with a faulting "    \
          "page when they are in the same state, so that sequential access " \
          "costs one round trip per batch.")                                  \
          range(0, 511)                                                       \
                                                                              \
  product(uint, DisaggTransportLanes, 0, DIAGNOSTIC,                          \
          "Independent transport lanes (UCX workers) per memory server, "     \
          "each serving one thread at a time. 0 picks one per CPU plus two "  \
          "for eviction and prefetch.")                                       \
          range(0, 64)                                                        \
                                                                              \
  product(bool, DisaggGCPrefetch, true, DIAGNOSTIC,                           \
          "Prefetch the remote pages of regions that a garbage collection "   \
          "is about to scan or evacuate.")                                    \
                                                                              \
  product(bool, DisaggVerifyPages, false, DIAGNOSTIC,                         \
          "Keep a checksum of every page sent to a memory server and check "  \
          "it when the page comes back; a mismatch is a fatal error.")        \
                                                                              \
  product(ccstr, DisaggMemServerCommand, "", DIAGNOSTIC,                      \
          "Program that starts the embedded memory server when "              \
          "DisaggMemoryServers is empty. Empty means the jdisagg launcher "   \
          "of this JDK.")                                                     \

// end of DISAGG_FLAGS

DECLARE_FLAGS(DISAGG_FLAGS)

#endif // SHARE_DISAGG_DISAGG_GLOBALS_HPP
