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

#ifndef SHARE_DISAGG_DISAGGHEAP_HPP
#define SHARE_DISAGG_DISAGGHEAP_HPP

#include "memory/allStatic.hpp"
#include "oops/oopHandle.hpp"
#include "oops/oopsHierarchy.hpp"
#include "utilities/globalDefinitions.hpp"

#include <signal.h>

class DisaggEvictor;
class DisaggFaultThread;
class DisaggPager;
class DisaggPrefetcher;
class DisaggTransport;
class G1CollectionSet;
class G1CollectedHeap;
class G1HeapRegion;
class outputStream;

// The disaggregated heap as G1 sees it: the one face of the feature, called
// from the few hooks in G1 and the runtime (make/patches). It decides which
// regions are paged (old and humongous: managed by the pager) and which
// stay plain local memory (eden, survivor, free), keeps the local limit,
// and reports.
//
// The local limit (DisaggLocalHeapLimit) is split three ways:
//   young reserve: eden and survivors, never evicted (the young generation
//                  is sized to it; see DisaggArguments);
//   other local:   regions that can never be paged (the CDS archive's);
//   budget:        the rest, for the resident pages of paged regions.
// Free regions that were young keep their memory only while they are among
// the regions G1 hands out next and the young reserve has room for them
// (trim_free_regions, at the end of each pause and when the heap grows).
class DisaggHeap : AllStatic {
  static DisaggPager* _pager;
  static DisaggTransport* _transport;
  static DisaggEvictor* _evictor;
  static DisaggPrefetcher* _prefetcher;
  static DisaggFaultThread* _fault_thread;
  static volatile bool _active;       // hooks act (from post_initialize on)
  static size_t _limit;
  static size_t _young_reserve;
  static size_t _other_local;
  static uint8_t* _touched;           // per region: an unpaged region whose memory is touched
  static uint64_t _last[8];           // counters at the previous GC, for the per-GC log line
  static char _log_path[256];
  // Removes the embedded server's log if it is empty (the server logs
  // warnings and errors only).
  static void remove_empty_server_log();
  static OopHandle _oom_message;      // preallocated: the OOM path must not allocate
  static OopHandle _oom_error;

  static void init_error(const char* what, const char* detail = nullptr);
  static void update_gauges();
  static void trim_free_regions();
  static jlong start_evicting();
  static void failure(const char* server, const char* what);

public:
  static bool is_paging() { return _pager != nullptr; }
  static DisaggPager* pager() { return _pager; }

  // From G1CollectedHeap::initialize, after the heap is reserved and
  // committed: opens userfaultfd, connects to the memory servers (starting
  // the embedded one if none is given) and sets up the pager. Any problem
  // ends start-up with a message saying what and why.
  static void initialize(G1CollectedHeap* g1h);
  // From G1CollectedHeap::post_initialize: sets the budget, starts the
  // threads, and from now on the hooks act.
  static void post_initialize(G1CollectedHeap* g1h);

  // G1 region type changes (g1HeapRegion.cpp), any thread.
  static void region_changed(G1HeapRegion* r);
  static void region_freed(G1HeapRegion* r);
  // JNI critical access (g1CollectedHeap.inline.hpp).
  static void pin(oop obj);
  static void unpin(oop obj);
  // GC pauses: the collection set is chosen; a pause ends (young or full).
  static void collection_set_chosen(G1CollectionSet* cset);
  static void marking_claimed(G1HeapRegion* r);
  static void gc_epilogue(bool full);
  // G1 committed more regions (g1CollectedHeap.cpp, expand()).
  static void heap_expanded();

  // Whether the heap may take another region for eden or a humongous
  // object: not when every server is full and the budget is spent.
  static bool may_grow();
  // The OutOfMemoryError message when may_grow() made an allocation fail,
  // or nullptr.
  static const char* out_of_memory_message();
  // The error to throw then, with that message, allocated nothing (the
  // heap is full); nullptr when the servers are not full.
  static oop out_of_memory_error();

  // The SIGBUS hook (signals_posix.cpp): resolves a fault on a paged page.
  static bool handle_signal(int sig, siginfo_t* info);

  // At VM exit: the summary; eviction stops (faults are still served).
  static void before_exit();

  static void print_on(outputStream* st);
  static void print_on_error(outputStream* st);
};

#endif // SHARE_DISAGG_DISAGGHEAP_HPP
