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

#ifndef SHARE_DISAGG_DISAGGPAGER_HPP
#define SHARE_DISAGG_DISAGGPAGER_HPP

#include "disagg/disaggPageHash.hpp"
#include "disagg/disaggTransport.hpp"
#include "memory/allocation.hpp"
#include "runtime/atomic.hpp"
#include "runtime/atomicAccess.hpp"
#include "utilities/globalDefinitions.hpp"

class outputStream;

// The pager of the far-memory heap: which 4 KiB page of the heap is where,
// and the three things that move pages:
//
//  - resolve(): a thread touched a page that is not resident (userfaultfd
//    MISSING fault, delivered as SIGBUS to that thread or to a handler
//    thread). Untouched pages are filled with zeros locally; remote pages
//    are fetched from their server. Neighbours in the same state come along
//    (DisaggFaultAheadPages), so sequential access costs one round trip per
//    batch.
//  - evict(): in two steps, like the kernel's inactive list. Deactivation
//    moves resident pages of the coldest regions out of the heap into the
//    inactive pool, a ring of local pages (UFFDIO_MOVE: atomic, no transfer).
//    A thread that touches such a page faults and moves it straight back
//    (a few microseconds, no network): this is how the pager learns which
//    pages are hot, since it sees faults, not accesses. Pages that reach the
//    end of the ring untouched are reclaimed: zero pages and pages equal to
//    their server copy (hash) are dropped, only the rest is written back.
//  - discard_region(): a region the GC freed is dropped locally and on its
//    servers, with no page transferred either way.
//
// Only *managed* regions (old and humongous, registered with userfaultfd)
// are paged; young and free regions are plain memory (see DisaggHeap).
//
// Page state machine (one byte per page, changed only by CAS):
//
//   Unmanaged --region_to_managed--> Resident (page present) or Untouched
//   Untouched --fault: zero-fill----> Resident
//   Remote    --fault or prefetch---> Resident
//   Resident  --deactivate---------> Inactive   (into the pool, still local)
//   Inactive  --fault: reactivate---> Resident   (back from the pool)
//   Inactive  --reclaim: zero page--> Untouched
//   Inactive  --reclaim: unchanged--> Remote     (no transfer)
//   Inactive  --reclaim: changed----> Remote     (written to the servers)
//   any       --region freed--------> Unmanaged  (dropped here and remotely)
//
// Every transition goes through Busy, owned by the thread that set it;
// others wait for it to end. A thread faulting on a Busy page waits, then
// retries. Region-level operations (manage, free, evict, prefetch, pin)
// are ordered by the region's kind and busy count (see Region).
class DisaggPager : public CHeapObj<mtDisagg> {
public:
  enum PageState : uint8_t { Unmanaged = 0, Untouched = 1, Resident = 2, Remote = 3, Busy = 4, Inactive = 5 };
  enum RegionKind : uint8_t { RegionUnmanaged = 0, RegionManaged = 1, RegionChanging = 2 };

  static const size_t PageSize = DisaggProtocol::PageSize;
  static const size_t BatchPages = DisaggProtocol::MaxPages;  // pages per transfer buffer

  struct Region {
    volatile uint8_t kind;
    volatile uint8_t humongous;
    volatile uint8_t server_has_pages;  // something was written to its servers
    volatile int pins;                  // JNI critical pins: never evicted while pinned
    volatile int busy;                  // evictor or prefetcher working on it
    volatile int resident;              // local pages (resident or inactive) of a managed region
    volatile int remote;                // pages whose content is only remote
    volatile uint64_t last_use;         // clock of the last fault or allocation
    volatile uint32_t last_fault;       // read-ahead: the page of the last fault, +1 (0: none)
    volatile uint8_t down;              // read-ahead: faults are going down
    volatile uint32_t ahead;            // read-ahead: pages fetched beyond the faulting one
    volatile uint32_t evicted;          // heat: pages deactivated lately (decaying)
    volatile uint32_t refaulted;        // heat: pages faulted back lately (decaying)
  };

  // Where an unrecoverable failure is reported (fatal error naming the server).
  typedef void (*FailureHandler)(const char* server, const char* what);

private:
  uintptr_t _base;
  size_t _bytes;
  size_t _region_bytes;
  size_t _region_pages;
  size_t _page_count;
  size_t _region_count;
  volatile uint8_t* _state;
  DisaggPageHash::Value* _hash;
  Region* _regions;

  DisaggTransport* _transport;
  int _replicas;
  bool _handler_thread_mode;
  uint32_t _fault_ahead;
  jlong _request_timeout_ns;
  jlong _server_timeout_ns;
  bool _verify;
  FailureHandler _failure_handler;

  char* _buffers[DisaggTransport::MaxLanes];  // per lane: fetch buffer, BatchPages pages
  char* _zeros;

  // The inactive pool: a ring of _pool_pages local pages, registered with
  // userfaultfd (UFFDIO_MOVE's destination must be). Slot s holds heap page
  // _pool_owner[s] - 1 (0: empty); an inactive page's slot is _slot_of[p].
  // Filled at _pool_head and reclaimed from _pool_tail, both only by the
  // evictor; emptied anywhere by reactivation.
  char* _pool;
  size_t _pool_pages;
  volatile uint32_t* _pool_owner;
  uint32_t* _slot_of;
  uint64_t _pool_head;
  uint64_t _pool_tail;
  size_t _pool_target;
  Atomic<int64_t> _inactive;

  Atomic<int64_t> _managed_resident;  // pages, with those on their way in (take_room)
  Atomic<int64_t> _remote_pages;
  volatile int64_t _budget;           // most managed pages to keep resident
  Atomic<int64_t> _pinned_resident;   // resident pages of pinned regions (refreshed by the evictor)
  Atomic<uint64_t> _clock;
  volatile int _evictor_word;         // futex word the evictor sleeps on
  volatile int _room_word;            // futex word faulting threads wait on for room (take_room)
  volatile int _room_waiters;
  volatile bool _servers_full;
  volatile bool _transport_ready;     // false while the embedded server starts (see set_transport_ready)
  volatile bool _transport_abandoned; // the VM ends before it was ready
  volatile bool _server_dead[DisaggTransport::MaxServers];
  Atomic<uint64_t> _failures;         // transport failures seen (logged by the evictor)
  volatile int _last_failed_server;
  volatile uint8_t _last_failure;

  uintptr_t page_addr(size_t p) const { return _base + p * PageSize; }
  size_t region_of_page(size_t p) const { return p / _region_pages; }
  size_t region_first_page(size_t r) const { return r * _region_pages; }
  bool cas_state(size_t p, uint8_t from, uint8_t to);
  void set_state(size_t p, uint8_t s);
  int server_for(size_t region, int replica) const;

  // Claims up to `max` pages from p onwards within p's region that are in
  // state `from`, setting them Busy (p itself is already Busy).
  size_t claim_run(size_t p, uint8_t from, size_t max);
  // Claims the Remote pages among the `max` pages after p (before p when
  // `down`); p itself is already Busy. They need not be contiguous: on
  // return [*first, *first + span) holds them all and owned[i] says whether
  // page *first + i is ours. Returns the span (at least 1).
  size_t claim_span(size_t p, size_t max, bool down, bool* owned, size_t* first);
  // How many pages to fetch beyond a faulting remote page: none for a
  // random access, doubling (up to the flag) while faults stay sequential,
  // upwards or downwards (*down).
  size_t read_ahead(Region& r, size_t p, bool* down);
  // Installs zero pages at [p, p+n), which are Busy and whose room the
  // caller took (take_room).
  void fill_zero(size_t p, size_t n);
  // Reads pages [p, p+n) in one request and installs the ones in `owned`
  // (all of them when owned is null; the caller took room for them); the
  // others are left as they are.
  bool fetch(size_t p, size_t n, DisaggLane* lane, bool prefetch, const bool* owned = nullptr);
  // Reads/writes with retry, replica fail-over and the server deadline.
  bool read_pages(DisaggLane* lane, size_t region, size_t page, size_t n, void* buf);
  DisaggResult write_pages(DisaggLane* lane, size_t region, size_t page, size_t n, const void* buf);
  void discard_remote(DisaggLane* lane, size_t region);
  void note_failure(int server, DisaggResult r);
  void fail(int server, const char* what);
  // Takes room in the budget for up to `want` pages (at least one) before
  // they are installed: the resident count includes pages on their way in,
  // so threads that fault together cannot all take the same room, and the
  // limit is a bound rather than a bound plus a batch per thread. Waits for
  // the evictor while there is no room, but never long (everything might be
  // pinned, or the servers full): then it grants `want` over the budget if
  // `may_exceed`, and nothing otherwise. Returns the pages granted.
  size_t take_room(size_t want, bool may_exceed);
  // Gives back room taken and not used.
  void give_back_room(size_t pages) { _managed_resident.sub_then_fetch((int64_t)pages); }
  // Wakes the threads waiting in take_room() (room was made, or the transport changed).
  void wake_room_waiters();
  size_t deactivate_region(size_t r, size_t want);
  size_t deactivate(size_t want);
  class PoolDiscard;  // reclaim()'s batched drop of pool slots
  static const int ReclaimRuns = 64;     // runs of the pool reclaimed together
  static const int ReclaimWrites = 32;   // their write requests in flight at once
  size_t claim_pool_run(uint64_t pos, size_t max, size_t* first_page);
  size_t reclaim(size_t want, DisaggLane* lane);
  void reactivate(size_t p);
  char* slot_addr(size_t slot) const { return _pool + slot * PageSize; }
  // The order of eviction: lower first. See evict().
  uint64_t eviction_key(const Region& r) const;
  Atomic<uint64_t> _evicted_since_decay;

public:
  DisaggPager(uintptr_t base, size_t bytes, size_t region_bytes, DisaggTransport* transport,
              int replicas, bool handler_thread_mode);
  ~DisaggPager();

  void configure(uint32_t fault_ahead, jlong request_timeout_ns, jlong server_timeout_ns, bool verify) {
    _fault_ahead = fault_ahead;
    _request_timeout_ns = request_timeout_ns;
    _server_timeout_ns = server_timeout_ns;
    _verify = verify;
  }

  // Allocates the tables and buffers; errors as a message in err.
  bool initialize(char* err, size_t err_len);
  void set_failure_handler(FailureHandler h) { _failure_handler = h; }
  void set_budget(int64_t pages);
  // Whether the transport can be used: true unless its connection is made
  // after start-up (the embedded server, which the VM does not wait for).
  // Until it is, nothing is evicted, so no page is remote, and faulting
  // threads over the budget wait for it rather than go over.
  void set_transport_ready(bool ready);
  bool transport_ready() const { return AtomicAccess::load_acquire(&_transport_ready); }
  // The VM ends before the transport was ready: threads stop waiting for it.
  void abandon_transport();
  int64_t budget() const { return _budget; }

  bool contains(uintptr_t addr) const { return addr - _base < _bytes; }
  size_t region_count() const { return _region_count; }
  size_t region_bytes() const { return _region_bytes; }
  size_t region_index(uintptr_t addr) const { return (addr - _base) / _region_bytes; }
  const Region& region(size_t r) const { return _regions[r]; }
  uint8_t page_state(uintptr_t addr) const { return _state[(addr - _base) / PageSize]; }
  DisaggTransport* transport() const { return _transport; }

  // Region life cycle, called from the G1 hooks.
  void region_to_managed(size_t r, bool humongous);
  void region_to_unmanaged(size_t r);

  // JNI critical access: makes [start, start+len) resident and keeps its
  // regions from being evicted until unpin.
  void pin(uintptr_t start, size_t len);
  void unpin(uintptr_t start, size_t len);

  // Resolves a fault at addr; false if addr is not a managed heap page.
  // Async-signal-safe: runs in the SIGBUS handler of the faulting thread.
  bool resolve(uintptr_t addr);

  // The evictor: makes `want` pages of local memory free, reclaiming the
  // oldest inactive pages and deactivating the coldest resident ones to keep
  // the pool full. Returns the pages that left local memory.
  size_t evict(size_t want, DisaggLane* lane);
  int64_t inactive_pages() const { return _inactive.load_relaxed(); }
  // Fetches every remote page of a region ahead of its use (the GC is about
  // to scan it), if the budget has room. Returns pages fetched.
  size_t prefetch_region(size_t r, DisaggLane* lane);
  // The budget the evictor works to. Pinned pages cannot leave; when they
  // fill the budget, unpinned pages keep a floor (an eighth of the budget,
  // at least two regions) so that a thread can still use the page it just
  // faulted in: the limit is exceeded by what is pinned rather than the
  // program livelocking on its own faults.
  int64_t effective_budget() const {
    int64_t pinned = _pinned_resident.load_relaxed();
    if (pinned == 0) {
      return _budget;
    }
    int64_t floor = MAX2(_budget / 8, (int64_t)(2 * _region_pages));
    return MAX2(_budget, pinned + floor);
  }
  // Recounts the resident pages of pinned regions; returns the count.
  int64_t refresh_pinned();
  int64_t pinned_resident() const { return _pinned_resident.load_relaxed(); }
  // Pages over the budget (negative: headroom).
  int64_t over_budget() const { return _managed_resident.load_relaxed() - effective_budget(); }
  int64_t managed_resident() const { return _managed_resident.load_relaxed(); }
  int64_t remote_pages() const { return _remote_pages.load_relaxed(); }
  bool servers_full() const { return _servers_full; }
  void clear_servers_full() { _servers_full = false; }

  // Evictor sleep and wake-up (futex, async-signal-safe).
  void wake_evictor();
  // Sleeps until woken or timeout_ns passes; unless `always`, only when
  // there is nothing to evict (under budget).
  void evictor_wait(jlong timeout_ns, bool always = false);

  // Transport failures since the last call, for the evictor to log.
  uint64_t take_failures(int* server, DisaggResult* last);

  // Keeps the server sessions alive (PING) and notices dead servers.
  void ping(DisaggLane* lane);

  void print_on(outputStream* st) const;
};

#endif // SHARE_DISAGG_DISAGGPAGER_HPP
