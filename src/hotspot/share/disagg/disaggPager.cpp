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

#include "jvm_io.h"
#include "disagg/disaggPager.hpp"
#include "disagg/disaggStats.hpp"
#include "runtime/atomicAccess.hpp"
#include "runtime/orderAccess.hpp"
#include "runtime/os.hpp"
#include "runtime/thread.hpp"
#include "utilities/debug.hpp"
#include "utilities/macros.hpp"
#include "utilities/ostream.hpp"
#include OS_HEADER(disagg/disaggUserfault)

#include <errno.h>
#include <string.h>

DisaggPager::DisaggPager(uintptr_t base, size_t bytes, size_t region_bytes, DisaggTransport* transport,
                         int replicas, bool handler_thread_mode)
  : _base(base), _bytes(bytes), _region_bytes(region_bytes),
    _region_pages(region_bytes / PageSize), _page_count(bytes / PageSize),
    _region_count(bytes / region_bytes), _state(nullptr), _hash(nullptr), _regions(nullptr),
    _transport(transport), _replicas(MIN2(replicas, transport->server_count())),
    _handler_thread_mode(handler_thread_mode), _fault_ahead(15),
    _request_timeout_ns(NANOSECS_PER_SEC), _server_timeout_ns(30 * NANOSECS_PER_SEC),
    _verify(false), _failure_handler(nullptr), _zeros(nullptr),
    _managed_resident(0), _remote_pages(0), _budget(0), _pinned_resident(0), _clock(1), _evictor_word(0), _room_word(0), _room_waiters(0),
    _servers_full(false), _transport_ready(true), _transport_abandoned(false), _failures(0), _last_failed_server(-1), _last_failure(0), _evicted_since_decay(0) {
  assert(is_aligned(base, region_bytes) && is_aligned(bytes, region_bytes), "heap not region aligned");
  assert(is_power_of_2(region_bytes) && region_bytes >= PageSize, "region size");
  memset(_buffers, 0, sizeof(_buffers));
  _pool = nullptr;
  _pool_pages = 0;
  _pool_owner = nullptr;
  _slot_of = nullptr;
  _pool_head = 0;
  _pool_tail = 0;
  _pool_target = 0;
  memset((void*)_server_dead, 0, sizeof(_server_dead));
}

DisaggPager::~DisaggPager() {
  for (int i = 0; i < DisaggTransport::MaxLanes; i++) {
    if (_buffers[i] != nullptr) {
      DisaggUserfault::unmap(_buffers[i], BatchPages * PageSize);
    }
  }
  if (_zeros != nullptr) {
    DisaggUserfault::unmap(_zeros, BatchPages * PageSize);
  }
  if (_pool != nullptr) {
    DisaggUserfault::unmap(_pool, _pool_pages * PageSize);
    DisaggUserfault::unmap((void*)_pool_owner, _pool_pages * sizeof(uint32_t));
    DisaggUserfault::unmap(_slot_of, _page_count * sizeof(uint32_t));
  }
  if (_state != nullptr) {
    DisaggUserfault::unmap((void*)_state, _page_count);
  }
  if (_hash != nullptr) {
    DisaggUserfault::unmap(_hash, _page_count * sizeof(DisaggPageHash::Value));
  }
  FREE_C_HEAP_ARRAY(Region, _regions);
}

bool DisaggPager::initialize(char* err, size_t err_len) {
  // Tables are lazily committed: a page costs its byte of state and 16
  // bytes of hash only once its region is paged.
  _state = (volatile uint8_t*)DisaggUserfault::map_anonymous(_page_count);
  _hash = (DisaggPageHash::Value*)DisaggUserfault::map_anonymous(_page_count * sizeof(DisaggPageHash::Value));
  _zeros = (char*)DisaggUserfault::map_anonymous(BatchPages * PageSize);
  if (_state == nullptr || _hash == nullptr || _zeros == nullptr) {
    jio_snprintf(err, err_len, "cannot reserve the pager's tables (%zu pages)", _page_count);
    return false;
  }
  _regions = NEW_C_HEAP_ARRAY(Region, _region_count, mtDisagg);
  memset((void*)_regions, 0, sizeof(Region) * _region_count);
  for (int i = 0; i < _transport->lane_count(); i++) {
    _buffers[i] = (char*)DisaggUserfault::map_anonymous(BatchPages * PageSize);
    if (_buffers[i] == nullptr) {
      jio_snprintf(err, err_len, "cannot map transfer buffers");
      return false;
    }
  }
  // The pool is sized for the largest inactive set a quarter of the heap
  // could need; only slots in use are committed.
  _pool_pages = MAX2(_page_count / 4, (size_t)(4 * BatchPages));
  _pool = (char*)DisaggUserfault::map_anonymous(_pool_pages * PageSize);
  _pool_owner = (volatile uint32_t*)DisaggUserfault::map_anonymous(_pool_pages * sizeof(uint32_t));
  _slot_of = (uint32_t*)DisaggUserfault::map_anonymous(_page_count * sizeof(uint32_t));
  if (_pool == nullptr || _pool_owner == nullptr || _slot_of == nullptr) {
    jio_snprintf(err, err_len, "cannot reserve the inactive pool (%zu pages)", _pool_pages);
    return false;
  }
  // UFFDIO_MOVE needs its destination registered with our userfaultfd.
  int rc = DisaggUserfault::register_missing((uintptr_t)_pool, _pool_pages * PageSize);
  if (rc != 0) {
    jio_snprintf(err, err_len, "cannot register the inactive pool with userfaultfd: %s", os::strerror(rc));
    return false;
  }
  DisaggUserfault::no_huge_pages((uintptr_t)_pool, _pool_pages * PageSize);
  return true;
}

void DisaggPager::set_budget(int64_t pages) {
  _budget = MAX2(pages, (int64_t)_region_pages);
  // The second-chance window: an eighth of the budget waits in the pool.
  _pool_target = clamp((size_t)_budget / 8, (size_t)BatchPages, _pool_pages / 2);
  wake_evictor();
}

void DisaggPager::wake_room_waiters() {
  AtomicAccess::inc(&_room_word);
  DisaggUserfault::futex_wake(&_room_word, INT_MAX);
}

void DisaggPager::abandon_transport() {
  AtomicAccess::release_store(&_transport_abandoned, true);
  wake_room_waiters();
}

void DisaggPager::set_transport_ready(bool ready) {
  AtomicAccess::release_store(&_transport_ready, ready);
  if (ready) {
    wake_room_waiters();  // threads waiting for room: the evictor can start
    wake_evictor();
  }
}

bool DisaggPager::cas_state(size_t p, uint8_t from, uint8_t to) {
  return AtomicAccess::cmpxchg(&_state[p], from, to) == from;
}

void DisaggPager::set_state(size_t p, uint8_t s) {
  AtomicAccess::release_store(&_state[p], s);
}

int DisaggPager::server_for(size_t region, int replica) const {
  return (int)((region + replica) % (size_t)_transport->server_count());
}

size_t DisaggPager::claim_run(size_t p, uint8_t from, size_t max) {
  size_t end = MIN2(region_first_page(region_of_page(p)) + _region_pages, p + BatchPages);
  size_t n = 0;
  for (size_t q = p + 1; q < end && n < max; q++) {
    if (_state[q] != from || !cas_state(q, from, Busy)) {
      break;
    }
    n++;
  }
  return n;
}

size_t DisaggPager::read_ahead(Region& r, size_t p, bool* down) {
  // Benign races: two threads faulting in one region may disturb each
  // other's pattern, which only costs a smaller or larger batch.
  uint32_t ahead = r.ahead;
  uint32_t offset = (uint32_t)(p - region_first_page(region_of_page(p)));
  uint32_t last = r.last_fault;  // 1 + the far end of the last batch, 0: none
  // Sequential: the fault falls just beyond the last batch, in either
  // direction. Scans go down as often as up: G1 pushes the elements of an
  // object array on its (LIFO) queue and so lays their objects out in
  // reverse order, chunk by chunk. A scan skips resident pages, hence a
  // window rather than an exact match.
  //
  // But a scan that skips *remote* pages did not touch them (touching one
  // faults), so it is sparse: G1's card scans (refinement, young pauses)
  // and lookups that touch a record's neighbouring objects fault near the
  // last fault with untouched pages in between. Reading ahead for them
  // fetched pages nobody used (Caffeine at 25%: 1.39M pages fetched for
  // 584k faults; without read-ahead 604k, the same number of faults and
  // 0.78x the run time). So no remote page may lie between the two faults.
  bool seq = false;
  bool dir = r.down != 0;
  if (last != 0 && offset + 1 != last) {
    uint32_t prev = last - 1;
    dir = offset < prev;
    uint32_t distance = dir ? prev - offset : offset - prev;
    seq = distance <= 2 * MAX2(ahead, 1u) + 2;
    size_t base = region_first_page(region_of_page(p));
    for (uint32_t q = MIN2(prev, offset) + 1; seq && q < MAX2(prev, offset); q++) {
      seq = _state[base + q] != Remote;
    }
  }
  ahead = seq ? MIN2(MAX2(ahead * 2, 1u), _fault_ahead) : 0;
  r.ahead = ahead;
  r.down = dir ? 1 : 0;
  *down = dir;
  return ahead;
}

size_t DisaggPager::claim_span(size_t p, size_t max, bool down, bool* owned, size_t* first) {
  size_t region_first = region_first_page(region_of_page(p));
  max = MIN2(max, BatchPages - 1);
  if (!down) {
    size_t end = MIN2(region_first + _region_pages, p + 1 + max);
    size_t span = 1;
    owned[0] = true;
    for (size_t q = p + 1; q < end; q++) {
      owned[q - p] = _state[q] == Remote && cas_state(q, Remote, Busy);
      if (owned[q - p]) {
        span = q - p + 1;
      }
    }
    *first = p;
    return span;
  }
  // Downwards: claim from p - 1 down, then index from the lowest claimed.
  bool got[BatchPages];
  size_t low = p;
  size_t start = p - MIN2(max, p - region_first);
  for (size_t q = p; q-- > start; ) {
    got[p - q] = _state[q] == Remote && cas_state(q, Remote, Busy);
    if (got[p - q]) {
      low = q;
    }
  }
  for (size_t q = low; q < p; q++) {
    owned[q - low] = got[p - q];
  }
  owned[p - low] = true;
  *first = low;
  return p - low + 1;
}

// Installs pages from src; falls back to page by page if the kernel refuses
// the whole range (a page already present: EEXIST).
static int install(uintptr_t dst, const char* src, size_t bytes) {
  size_t done = 0;
  int rc = DisaggUserfault::copy(dst, src, bytes, &done);
  if (rc == 0 || rc == EEXIST) {
    for (size_t off = done; off < bytes; off += DisaggPager::PageSize) {
      size_t d;
      int r = DisaggUserfault::copy(dst + off, src + off, DisaggPager::PageSize, &d);
      if (r != 0 && r != EEXIST) {
        return r;
      }
    }
    return 0;
  }
  return rc;
}

void DisaggPager::fill_zero(size_t p, size_t n) {
  int rc = install(page_addr(p), _zeros, n * PageSize);
  if (rc != 0) {
    // The range is no longer registered: the region is being freed under
    // us. Leave the pages to the freeing thread.
    for (size_t i = 0; i < n; i++) {
      set_state(p + i, Untouched);
    }
    give_back_room(n);
    return;
  }
  if (_handler_thread_mode) {
    DisaggUserfault::wake(page_addr(p), n * PageSize);
  }
  Region& r = _regions[region_of_page(p)];
  AtomicAccess::add(&r.resident, (int)n);
  r.last_use = _clock.add_then_fetch(1u);
  for (size_t i = 0; i < n; i++) {
    set_state(p + i, Resident);
  }
  DisaggStats::add(JVM_DISAGG_PAGES_ZERO_FILLED, n);
}

bool DisaggPager::fetch(size_t p, size_t n, DisaggLane* lane, bool prefetch, const bool* owned) {
  size_t region = region_of_page(p);
  char* buf = _buffers[lane->index()];
  auto ours = [&](size_t i) { return owned == nullptr || owned[i]; };
  size_t got = 0;
  for (size_t i = 0; i < n; i++) {
    got += ours(i) ? 1 : 0;
  }
  if (!read_pages(lane, region, p, n, buf)) {
    for (size_t i = 0; i < n; i++) {
      if (ours(i)) {
        set_state(p + i, Remote);
      }
    }
    give_back_room(got);
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    if (!ours(i)) {
      continue;
    }
    if (_verify && DisaggPageHash::of(buf + i * PageSize) != _hash[p + i]) {
      fail(server_for(region, 0), "returned a page that differs from the one written (DisaggVerifyPages)");
    }
  }
  // Install each run of our pages with one call.
  for (size_t i = 0; i < n; ) {
    if (!ours(i)) {
      i++;
      continue;
    }
    size_t j = i + 1;
    while (j < n && ours(j)) {
      j++;
    }
    int rc = install(page_addr(p + i), buf + i * PageSize, (j - i) * PageSize);
    if (rc != 0) {
      for (size_t k = 0; k < n; k++) {
        if (ours(k)) {
          set_state(p + k, Remote);
        }
      }
      give_back_room(got);
      return false;
    }
    i = j;
  }
  if (_handler_thread_mode) {
    DisaggUserfault::wake(page_addr(p), n * PageSize);
  }
  Region& r = _regions[region];
  AtomicAccess::add(&r.resident, (int)got);
  AtomicAccess::sub(&r.remote, (int)got);
  if (!prefetch) {
    AtomicAccess::add(&r.refaulted, (uint32_t)got);
  }
  r.last_use = _clock.add_then_fetch(1u);
  _remote_pages.sub_then_fetch((int64_t)got);
  for (size_t i = 0; i < n; i++) {
    if (ours(i)) {
      set_state(p + i, Resident);
    }
  }
  DisaggStats::add(JVM_DISAGG_PAGES_FETCHED, got);
  DisaggStats::add(JVM_DISAGG_BYTES_FETCHED, n * PageSize);
  if (prefetch) {
    DisaggStats::add(JVM_DISAGG_PAGES_PREFETCHED, got);
  }
  return true;
}

void DisaggPager::note_failure(int server, DisaggResult r) {
  _last_failed_server = server;
  _last_failure = (uint8_t)r;
  _failures.add_then_fetch(1u);
  DisaggStats::inc(JVM_DISAGG_RETRIES);
}

uint64_t DisaggPager::take_failures(int* server, DisaggResult* last) {
  *server = _last_failed_server;
  *last = (DisaggResult)_last_failure;
  return _failures.exchange(0);
}

void DisaggPager::fail(int server, const char* what) {
  const char* name = server >= 0 ? _transport->server_name(server) : "(none)";
  if (_failure_handler != nullptr) {
    _failure_handler(name, what);
  }
  fatal("Disaggregated heap: memory server %s %s", name, what);
}

bool DisaggPager::read_pages(DisaggLane* lane, size_t region, size_t page, size_t n, void* buf) {
  jlong start = os::javaTimeNanos();
  jlong backoff = NANOSECS_PER_MILLISEC;
  while (true) {
    for (int k = 0; k < _replicas; k++) {
      int s = server_for(region, k);
      if (_server_dead[s]) {
        continue;
      }
      DisaggRequest req;
      req.init(DisaggProtocol::Read, s, page, (uint32_t)n, buf);
      lane->execute(&req, 1, _request_timeout_ns);
      if (req.result == DisaggResult::Ok) {
        return true;
      }
      note_failure(s, req.result);
      if (req.result == DisaggResult::Refused || req.result == DisaggResult::BadToken) {
        char what[128];
        jio_snprintf(what, sizeof(what), "refused to return pages of this VM (%s)",
                     req.result == DisaggResult::BadToken ? "token refused" : DisaggProtocol::status_name(req.status));
        fail(s, what);
      }
    }
    jlong waited = os::javaTimeNanos() - start;
    if (waited > _server_timeout_ns) {
      char what[160];
      jio_snprintf(what, sizeof(what), "was unreachable for " JLONG_FORMAT " ms (-XX:DisaggServerTimeout) "
                   "and holds pages of this VM that no other server has", waited / NANOSECS_PER_MILLISEC);
      fail(server_for(region, 0), what);
    }
    os::naked_short_nanosleep(MIN2(backoff, _server_timeout_ns - waited + 1));
    backoff = MIN2(backoff * 2, (jlong)NANOSECS_PER_SEC);
  }
}

DisaggResult DisaggPager::write_pages(DisaggLane* lane, size_t region, size_t page, size_t n, const void* buf) {
  DisaggRequest req[DisaggTransport::MaxServers];
  bool done[DisaggTransport::MaxServers];
  memset(done, 0, sizeof(done));
  jlong start = os::javaTimeNanos();
  jlong backoff = NANOSECS_PER_MILLISEC;
  while (true) {
    int count = 0;
    int replica_of[DisaggTransport::MaxServers];
    for (int k = 0; k < _replicas; k++) {
      int s = server_for(region, k);
      if (!done[k] && !_server_dead[s]) {
        req[count].init(DisaggProtocol::Write, s, page, (uint32_t)n, (void*)buf);
        replica_of[count++] = k;
      }
    }
    if (count == 0) {
      break;
    }
    lane->execute(req, count, _request_timeout_ns);
    for (int i = 0; i < count; i++) {
      if (req[i].result == DisaggResult::Ok) {
        done[replica_of[i]] = true;
      } else if (req[i].result == DisaggResult::CapacityExhausted) {
        return DisaggResult::CapacityExhausted;
      } else {
        note_failure(req[i].server, req[i].result);
        if (req[i].result == DisaggResult::Refused || req[i].result == DisaggResult::BadToken) {
          fail(req[i].server, "refused to store pages of this VM");
        }
      }
    }
    bool all = true;
    int alive = 0;
    for (int k = 0; k < _replicas; k++) {
      all &= done[k] || _server_dead[server_for(region, k)];
      alive += done[k] ? 1 : 0;
    }
    if (all) {
      break;
    }
    jlong waited = os::javaTimeNanos() - start;
    if (waited > _server_timeout_ns) {
      // Servers that stayed unreachable past the deadline: with another
      // replica holding the pages we go on without them; otherwise fatal.
      for (int k = 0; k < _replicas; k++) {
        int s = server_for(region, k);
        if (!done[k] && !_server_dead[s]) {
          if (alive > 0) {
            _server_dead[s] = true;
          } else {
            char what[128];
            jio_snprintf(what, sizeof(what), "was unreachable for " JLONG_FORMAT " ms (-XX:DisaggServerTimeout)",
                         waited / NANOSECS_PER_MILLISEC);
            fail(s, what);
          }
        }
      }
      break;
    }
    os::naked_short_nanosleep(backoff);
    backoff = MIN2(backoff * 2, (jlong)NANOSECS_PER_SEC);
  }
  return DisaggResult::Ok;
}

void DisaggPager::discard_remote(DisaggLane* lane, size_t region) {
  // Best effort: a discard that does not arrive only leaves stale pages on
  // the server until the session ends; it never changes what the VM reads.
  for (int k = 0; k < _replicas; k++) {
    int s = server_for(region, k);
    if (_server_dead[s]) {
      continue;
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      DisaggRequest req;
      req.init(DisaggProtocol::Discard, s, region_first_page(region), (uint32_t)_region_pages, nullptr);
      lane->execute(&req, 1, _request_timeout_ns);
      if (req.result == DisaggResult::Ok) {
        break;
      }
      note_failure(s, req.result);
    }
  }
}

size_t DisaggPager::take_room(size_t want, bool may_exceed) {
  assert(want > 0, "no pages wanted");
  // Wait for room before installing, so that the limit is a bound and not
  // an average. The evictor wakes the waiters after each batch it reclaims.
  // (A fixed sleep instead, with a slack of max(budget/16, 4 regions) to
  // keep waits rare, let the heap go up to 12% over its limit; the bound
  // costs the Caffeine workload at 50% 25-42% more time,
  // benchmarks/RESULTS.md.)
  jlong deadline = 0;
  jlong waited_since = 0;
  size_t granted = 0;
  while (true) {
    if (_budget <= 0) {  // no budget yet: nothing to keep
      _managed_resident.add_then_fetch((int64_t)want);
      granted = want;
      break;
    }
    int64_t resident = _managed_resident.load_relaxed();
    int64_t room = effective_budget() - resident;
    if (room > 0) {
      size_t take = MIN2(want, (size_t)room);
      if (_managed_resident.compare_exchange(resident, resident + (int64_t)take) == resident) {
        granted = take;
        break;
      }
      continue;  // another thread took room meanwhile
    }
    if (_servers_full) {
      // Nothing can leave, so waiting makes no room.
      if (may_exceed) {
        _managed_resident.add_then_fetch((int64_t)want);
        granted = want;
      }
      break;
    }
    jlong now = os::javaTimeNanos();
    if (waited_since == 0) {
      waited_since = now;
    }
    if (!AtomicAccess::load_acquire(&_transport_ready) && !AtomicAccess::load_acquire(&_transport_abandoned)) {
      // The embedded server is still starting: nothing can be evicted
      // before it is up, and going over would break the bound. Its start
      // has a deadline, past which the VM ends; a VM that ends first
      // abandons it (a thread waiting here would hold up the exit's
      // safepoint).
      deadline = 0;
    } else if (deadline == 0) {
      deadline = now + 20 * NANOSECS_PER_MILLISEC;
    } else if (now > deadline) {
      if (may_exceed) {
        _managed_resident.add_then_fetch((int64_t)want);
        granted = want;
      }
      break;
    }
    int seen = AtomicAccess::load_acquire(&_room_word);
    AtomicAccess::inc(&_room_waiters);
    if (over_budget() >= 0) {
      wake_evictor();
      DisaggUserfault::futex_wait(&_room_word, seen, NANOSECS_PER_MILLISEC);
    }
    AtomicAccess::dec(&_room_waiters);
  }
  if (over_budget() > -(int64_t)(_region_pages * 2)) {
    wake_evictor();
  }
  if (waited_since != 0) {
    DisaggStats::inc(JVM_DISAGG_ROOM_WAITS);
    DisaggStats::add(JVM_DISAGG_ROOM_WAIT_NANOS, (uint64_t)(os::javaTimeNanos() - waited_since));
  }
  return granted;
}

bool DisaggPager::resolve(uintptr_t addr) {
  if (!contains(addr)) {
    return false;
  }
  size_t p = (addr - _base) / PageSize;
  Region& r = _regions[region_of_page(p)];
  for (int attempt = 0; ; attempt++) {
    uint8_t kind = AtomicAccess::load_acquire(&r.kind);
    uint8_t s = AtomicAccess::load_acquire(&_state[p]);
    // A page coming in takes its room first (take_room), with the page
    // Busy: once it is installed, the evictor has no reason to take it
    // straight back before the faulting thread's retry. Its neighbours come
    // along only as far as there is room.
    if (kind == RegionManaged && s == Untouched && cas_state(p, Untouched, Busy)) {
      size_t room = take_room(1 + _fault_ahead, true);
      size_t n = 1 + claim_run(p, Untouched, room - 1);
      give_back_room(room - n);
      fill_zero(p, n);
      return true;
    }
    if (kind == RegionManaged && s == Remote && cas_state(p, Remote, Busy)) {
      bool owned[BatchPages];
      bool down;
      size_t ahead = read_ahead(r, p, &down);
      size_t room = take_room(1 + ahead, true);
      size_t first;
      size_t n = claim_span(p, room - 1, down, owned, &first);
      size_t claimed = 0;
      for (size_t i = 0; i < n; i++) {
        claimed += owned[i] ? 1 : 0;
      }
      give_back_room(room - claimed);
      // The batch's far end is where a sequential reader faults next.
      size_t far_end = down ? first : first + n - 1;
      r.last_fault = (uint32_t)(far_end - region_first_page(region_of_page(p)) + 1);
      jlong t0 = os::javaTimeNanos();
      DisaggLane* lane = _transport->acquire();
      fetch(first, n, lane, false, owned);
      _transport->release(lane);
      DisaggStats::inc(JVM_DISAGG_FAULTS);
      Thread* t = Thread::current_or_null_safe();
      if (t == nullptr || !t->is_Java_thread()) {
        DisaggStats::inc(JVM_DISAGG_GC_FAULTS);
      }
      uint64_t took = (uint64_t)(os::javaTimeNanos() - t0);
      DisaggStats::record_fault_latency(took);
      DisaggStats::add(JVM_DISAGG_FAULT_NANOS, took);
      return true;
    }
    if (kind == RegionManaged && s == Inactive && cas_state(p, Inactive, Busy)) {
      reactivate(p);
      return true;
    }
    if (s == Resident) {
      return true;  // resolved by another thread: retry the access
    }
    if (kind == RegionUnmanaged && s == Unmanaged) {
      // Not a page we manage. Give a region that was just freed a moment
      // (the fault may predate its unregistration), then say not ours.
      if (attempt > 1000) {
        return false;
      }
    }
    // Busy, or the region is changing: wait for the owner.
    if (attempt < 64) {
      SpinPause();
    } else {
      os::naked_short_nanosleep(10 * NANOSECS_PER_MILLISEC / 1000);
    }
  }
}

void DisaggPager::reactivate(size_t p) {
  // p is Busy (ours). Neighbours that went to the pool with it sit in the
  // next slots: take them along in the same move.
  size_t slot = _slot_of[p];
  size_t n = 1;
  size_t end = MIN2(region_first_page(region_of_page(p)) + _region_pages, p + 16);
  for (size_t q = p + 1; q < end && slot + (q - p) < _pool_pages; q++) {
    if (_state[q] != Inactive || _slot_of[q] != slot + (q - p) || !cas_state(q, Inactive, Busy)) {
      break;
    }
    n++;
  }
  size_t done = 0;
  DisaggUserfault::move(page_addr(p), (uintptr_t)slot_addr(slot), n * PageSize, &done);
  size_t moved = done / PageSize;
  guarantee(moved > 0, "cannot move page %zu back from the inactive pool", p);
  if (_handler_thread_mode) {
    DisaggUserfault::wake(page_addr(p), moved * PageSize);
  }
  for (size_t i = 0; i < moved; i++) {
    AtomicAccess::release_store(&_pool_owner[slot + i], 0u);
    set_state(p + i, Resident);
  }
  for (size_t i = moved; i < n; i++) {
    set_state(p + i, Inactive);
  }
  Region& r = _regions[region_of_page(p)];
  AtomicAccess::add(&r.refaulted, (uint32_t)moved);
  r.last_use = _clock.add_then_fetch(1u);
  _inactive.sub_then_fetch((int64_t)moved);
  DisaggStats::add(JVM_DISAGG_PAGES_REACTIVATED, moved);
}

void DisaggPager::region_to_managed(size_t ri, bool humongous) {
  Region& r = _regions[ri];
  if (r.kind == RegionManaged) {
    r.humongous = humongous ? 1 : 0;
    return;
  }
  assert(r.kind == RegionUnmanaged, "region %zu is changing", ri);
  AtomicAccess::release_store(&r.kind, (uint8_t)RegionChanging);
  OrderAccess::fence();
  uintptr_t start = _base + ri * _region_bytes;
  int rc = DisaggUserfault::register_missing(start, _region_bytes);
  if (rc != 0) {
    // For example a region mapped from the CDS archive (file-backed): it
    // simply stays local.
    AtomicAccess::release_store(&r.kind, (uint8_t)RegionUnmanaged);
    return;
  }
  DisaggUserfault::no_huge_pages(start, _region_bytes);
  unsigned char vec[8192];
  assert(_region_pages <= sizeof(vec), "region of %zu pages", _region_pages);
  if (DisaggUserfault::residency(start, _region_bytes, vec) != 0) {
    memset(vec, 1, _region_pages);  // assume resident: safe for the budget
  }
  int resident = 0;
  size_t first = region_first_page(ri);
  for (size_t i = 0; i < _region_pages; i++) {
    bool present = (vec[i] & 1) != 0;
    resident += present ? 1 : 0;
    _state[first + i] = present ? Resident : Untouched;
  }
  r.resident = resident;
  r.remote = 0;
  r.server_has_pages = 0;
  r.humongous = humongous ? 1 : 0;
  r.last_use = _clock.add_then_fetch(1u);
  _managed_resident.add_then_fetch((int64_t)resident);
  AtomicAccess::release_store(&r.kind, (uint8_t)RegionManaged);
}

void DisaggPager::region_to_unmanaged(size_t ri) {
  Region& r = _regions[ri];
  if (r.kind != RegionManaged) {
    return;
  }
  AtomicAccess::release_store(&r.kind, (uint8_t)RegionChanging);
  OrderAccess::fence();
  while (AtomicAccess::load_acquire(&r.busy) > 0) {
    os::naked_short_nanosleep(20 * NANOSECS_PER_MILLISEC / 1000);
  }
  uintptr_t start = _base + ri * _region_bytes;
  size_t first = region_first_page(ri);
  // A thread still resolving a fault in this region (it should not touch a
  // free region, but must not be cut off mid-copy) or the evictor
  // reclaiming its pages owns Busy pages: wait for them. Pages in the pool
  // are taken out of it (Busy by CAS, as the reclaimer would).
  for (size_t i = 0; i < _region_pages; i++) {
    size_t p = first + i;
    while (true) {
      uint8_t st = AtomicAccess::load_acquire(&_state[p]);
      if (st == Busy) {
        os::naked_short_nanosleep(10 * NANOSECS_PER_MILLISEC / 1000);
        continue;
      }
      if (st == Inactive) {
        if (!cas_state(p, Inactive, Busy)) {
          continue;
        }
        size_t slot = _slot_of[p];
        DisaggUserfault::discard((uintptr_t)slot_addr(slot), PageSize);
        AtomicAccess::release_store(&_pool_owner[slot], 0u);
        _inactive.sub_then_fetch(1);
        set_state(p, Untouched);
      }
      break;
    }
  }
  DisaggUserfault::unregister(start, _region_bytes);
  DisaggUserfault::discard(start, _region_bytes);
  if (r.server_has_pages) {
    DisaggLane* lane = _transport->acquire();
    discard_remote(lane, ri);
    _transport->release(lane);
    memset((void*)&_hash[first], 0, _region_pages * sizeof(DisaggPageHash::Value));
  }
  _managed_resident.sub_then_fetch((int64_t)r.resident);
  _remote_pages.sub_then_fetch((int64_t)r.remote);
  DisaggStats::add(JVM_DISAGG_PAGES_DISCARDED, (uint64_t)(r.resident + r.remote));
  memset((void*)&_state[first], Unmanaged, _region_pages);
  r.resident = 0;
  r.remote = 0;
  r.server_has_pages = 0;
  r.humongous = 0;
  AtomicAccess::release_store(&r.kind, (uint8_t)RegionUnmanaged);
}

void DisaggPager::pin(uintptr_t start, size_t len) {
  if (len == 0 || !contains(start)) {
    return;
  }
  uintptr_t end = MIN2(start + len, _base + _bytes);
  size_t first_region = region_index(start);
  size_t last_region = region_index(end - 1);
  for (size_t ri = first_region; ri <= last_region; ri++) {
    Region& r = _regions[ri];
    AtomicAccess::inc(&r.pins);
    OrderAccess::fence();
    while (AtomicAccess::load_acquire(&r.busy) > 0) {
      os::naked_short_nanosleep(20 * NANOSECS_PER_MILLISEC / 1000);
    }
  }
  // Native code and the kernel will access these pages without faulting
  // through us (a system call on a missing page fails with EFAULT in SIGBUS
  // mode): make them resident now.
  for (uintptr_t a = align_down(start, PageSize); a < end; a += PageSize) {
    uint8_t s = page_state(a);
    if (s != Resident && s != Unmanaged) {
      resolve(a);
    }
  }
}

void DisaggPager::unpin(uintptr_t start, size_t len) {
  if (len == 0 || !contains(start)) {
    return;
  }
  uintptr_t end = MIN2(start + len, _base + _bytes);
  for (size_t ri = region_index(start); ri <= region_index(end - 1); ri++) {
    int left = AtomicAccess::sub(&_regions[ri].pins, 1);
    assert(left >= 0, "unbalanced unpin of region %zu", ri);
  }
}

// The pager sees faults, not accesses: a hot page that stays resident never
// faults, so "time of the last fault" alone would make hot regions look
// cold. Heat is therefore learned from refaults: a region whose deactivated
// pages come straight back is hot (deactivated last); one whose pages stay
// away is cold. Both counts decay, so the picture follows phase changes.
// Within equal heat, the region whose last fault is oldest goes first;
// humongous regions (bulk arrays) count as one step colder.
uint64_t DisaggPager::eviction_key(const Region& r) const {
  uint64_t heat = (uint64_t)r.refaulted * 8 / ((uint64_t)r.evicted + 8);  // 0..8
  if (r.humongous && heat > 0) {
    heat--;
  }
  return (heat << 56) | (r.last_use & ((uint64_t(1) << 56) - 1));
}

// Moves resident pages of one region into the pool (no transfer). Returns
// the pages deactivated.
size_t DisaggPager::deactivate_region(size_t ri, size_t want) {
  Region& r = _regions[ri];
  AtomicAccess::inc(&r.busy);
  OrderAccess::fence();
  size_t done_total = 0;
  if (AtomicAccess::load_acquire(&r.kind) == RegionManaged && AtomicAccess::load_acquire(&r.pins) == 0) {
    size_t first = region_first_page(ri);
    size_t end = first + _region_pages;
    for (size_t p = first; p < end && done_total < want; ) {
      if (_state[p] != Resident || !cas_state(p, Resident, Busy)) {
        p++;
        continue;
      }
      size_t used = (size_t)(_pool_head - _pool_tail);
      size_t room = MIN3(_pool_pages - used, _pool_pages - (size_t)(_pool_head % _pool_pages), BatchPages);
      room = MIN2(room, want - done_total);
      if (room == 0) {
        set_state(p, Resident);
        break;  // the pool is full: reclaim first
      }
      size_t n = 1 + claim_run(p, Resident, room - 1);
      size_t slot = (size_t)(_pool_head % _pool_pages);
      size_t done = 0;
      int rc = DisaggUserfault::move((uintptr_t)slot_addr(slot), page_addr(p), n * PageSize, &done);
      size_t moved = done / PageSize;
      if (moved < n) {
        // The kernel stopped at a page it could not move: a hole (ENOENT:
        // not present, so really untouched) or a page the kernel pins
        // (EBUSY, e.g. I/O in flight). The rest stays resident.
        size_t stop = p + moved;
        if (rc == ENOENT) {
          set_state(stop, Untouched);
          AtomicAccess::sub(&r.resident, 1);
          _managed_resident.sub_then_fetch(1);
          stop++;
        }
        for (size_t q = stop; q < p + n; q++) {
          set_state(q, Resident);
        }
      }
      for (size_t i = 0; i < moved; i++) {
        _slot_of[p + i] = (uint32_t)(slot + i);
        AtomicAccess::release_store(&_pool_owner[slot + i], (uint32_t)(p + i + 1));
        set_state(p + i, Inactive);
      }
      _pool_head += moved;
      _inactive.add_then_fetch((int64_t)moved);
      AtomicAccess::add(&r.evicted, (uint32_t)moved);
      _evicted_since_decay.add_then_fetch((uint64_t)moved);
      done_total += moved;
      p += n;
      if (moved == 0 || AtomicAccess::load_acquire(&r.pins) > 0) {
        break;  // a JNI critical pin arrived, or the kernel refused: leave this region alone
      }
    }
  }
  AtomicAccess::dec(&r.busy);
  return done_total;
}

int64_t DisaggPager::refresh_pinned() {
  int64_t pinned = 0;
  for (size_t ri = 0; ri < _region_count; ri++) {
    const Region& r = _regions[ri];
    if (r.pins > 0 && r.kind == RegionManaged) {
      pinned += r.resident;
    }
  }
  _pinned_resident.store_relaxed(pinned);
  return pinned;
}

// Deactivates up to `want` pages, coldest regions first (see eviction_key).
size_t DisaggPager::deactivate(size_t want) {
  if (_evicted_since_decay.load_relaxed() > (uint64_t)MAX2(_budget / 4, (int64_t)BatchPages)) {
    _evicted_since_decay.store_relaxed(0);
    for (size_t ri = 0; ri < _region_count; ri++) {
      _regions[ri].evicted /= 2;
      _regions[ri].refaulted /= 2;
    }
  }
  const int Candidates = 16;
  size_t total = 0;
  for (int round = 0; total < want && round < 64; round++) {
    size_t best[Candidates];
    uint64_t best_key[Candidates];
    int found = 0;
    for (size_t ri = 0; ri < _region_count; ri++) {
      const Region& r = _regions[ri];
      if (r.kind != RegionManaged || r.resident == 0 || r.pins > 0) {
        continue;
      }
      uint64_t key = eviction_key(r);
      if (found < Candidates) {
        best[found] = ri;
        best_key[found++] = key;
      } else {
        int worst = 0;
        for (int i = 1; i < Candidates; i++) {
          if (best_key[i] > best_key[worst]) {
            worst = i;
          }
        }
        if (key < best_key[worst]) {
          best[worst] = ri;
          best_key[worst] = key;
        }
      }
    }
    if (found == 0) {
      break;
    }
    for (int i = 0; i < found; i++) {
      for (int j = i + 1; j < found; j++) {
        if (best_key[j] < best_key[i]) {
          swap(best_key[i], best_key[j]);
          swap(best[i], best[j]);
        }
      }
    }
    size_t got = 0;
    for (int i = 0; i < found && total < want; i++) {
      size_t d = deactivate_region(best[i], want - total);
      got += d;
      total += d;
    }
    if (got == 0) {
      break;
    }
  }
  return total;
}

// Dropping the slots of reclaimed pages costs a TLB shootdown per madvise
// call (an IPI to every other CPU running the VM: ~10 us in this machine's
// VM, whatever the length; benchmarks/probes/tlb_shootdown.c). Runs of one
// region are often a page or two, so the slots are dropped in ranges of up
// to DiscardPages consecutive slots, holes included (a hole is not present).
// Until a range is dropped its pages still count as resident, so the local
// limit stays a bound; waiters are woken when it is. Every range is dropped
// before reclaim() returns, and the one thread that reclaims (the evictor)
// is the one that refills the pool: no slot is refilled while present.
class DisaggPager::PoolDiscard : public StackObj {
  DisaggPager* _pager;
  size_t _first;    // first slot of the range
  size_t _slots;    // slots in the range
  size_t _pages;    // of them, pages still counted as resident
public:
  static const size_t DiscardPages = 256;
  explicit PoolDiscard(DisaggPager* pager) : _pager(pager), _first(0), _slots(0), _pages(0) {}
  ~PoolDiscard() { flush(); }
  // Adds slots [first, first + n), of which `pages` held pages.
  void add(size_t first, size_t n, size_t pages) {
    if (_slots > 0 && (first != _first + _slots || _slots + n > DiscardPages)) {
      flush();
    }
    if (_slots == 0) {
      _first = first;
    }
    _slots += n;
    _pages += pages;
  }
  void flush() {
    if (_slots == 0) {
      return;
    }
    DisaggUserfault::discard((uintptr_t)_pager->slot_addr(_first), _slots * PageSize);
    _pager->_managed_resident.sub_then_fetch((int64_t)_pages);
    _slots = 0;
    _pages = 0;
    if (AtomicAccess::load_acquire(&_pager->_room_waiters) > 0) {
      _pager->wake_room_waiters();
    }
  }
};

// Claims the run at pool position `pos`: consecutive slots (no wrap) holding
// consecutive pages of one region, each set Busy (a fault reactivating one
// concurrently wins or loses the same CAS). Returns its length; 0 if the
// page there is being reactivated or freed.
size_t DisaggPager::claim_pool_run(uint64_t pos, size_t max, size_t* first_page) {
  size_t first_slot = (size_t)(pos % _pool_pages);
  size_t n = 0;
  while (n < max && pos + n < _pool_head && first_slot + n < _pool_pages) {
    uint32_t owner = AtomicAccess::load_acquire(&_pool_owner[first_slot + n]);
    if (owner == 0) {
      break;
    }
    size_t p = owner - 1;
    if (n > 0 && (p != *first_page + n || region_of_page(p) != region_of_page(*first_page))) {
      break;
    }
    if (!cas_state(p, Inactive, Busy)) {
      break;
    }
    if (_slot_of[p] != first_slot + n) {
      set_state(p, Inactive);
      break;
    }
    if (n == 0) {
      *first_page = p;
    }
    n++;
  }
  return n;
}

// Takes the oldest pages of the pool out of local memory: zero pages and
// pages equal to their server copy are dropped, the rest written back.
//
// Write-back is pipelined: runs of the pool are gathered (up to BatchPages
// pages and ReclaimWrites requests) and all their writes sent at once, so a
// batch costs one round trip rather than one per run. Caffeine at 25%
// writes back ~500k pages in runs of a few pages; one at a time, the
// evictor spent most of its time waiting for replies while faulting
// threads waited for room.
size_t DisaggPager::reclaim(size_t want, DisaggLane* lane) {
  struct Run { uint64_t pos; size_t page; size_t n; size_t at; };      // at: index in kind/hashes
  struct Write { int run; size_t first; size_t n; int req; int reqs; };  // first: page index in the run
  enum { Zero, Clean, Dirty };
  size_t reclaimed = 0;
  PoolDiscard discard(this);
  while (reclaimed < want && _pool_tail < _pool_head && !_servers_full) {
    Run runs[ReclaimRuns];
    Write writes[ReclaimWrites];
    DisaggRequest reqs[ReclaimWrites];
    uint8_t kind[BatchPages];
    DisaggPageHash::Value hashes[BatchPages];
    int nruns = 0, nwrites = 0, nreqs = 0;
    size_t pages = 0;
    uint64_t pos = _pool_tail;
    bool stop = false;
    // Gather: holes (slots of pages reactivated or freed meanwhile) are
    // passed over, runs claimed and classified.
    while (!stop && pos < _pool_head && nruns < ReclaimRuns && pages < BatchPages && reclaimed + pages < want) {
      if (AtomicAccess::load_acquire(&_pool_owner[pos % _pool_pages]) == 0) {
        pos++;
        continue;
      }
      size_t first_page = 0;
      size_t n = claim_pool_run(pos, MIN2(BatchPages - pages, want - reclaimed - pages), &first_page);
      if (n == 0) {
        break;  // the page there is being reactivated or freed: later
      }
      size_t region = region_of_page(first_page);
      size_t first_slot = (size_t)(pos % _pool_pages);
      for (size_t i = 0; i < n; i++) {
        const char* page = slot_addr(first_slot + i);
        if (DisaggPageHash::is_zero(page)) {
          kind[pages + i] = Zero;
        } else {
          hashes[pages + i] = DisaggPageHash::of(page);
          kind[pages + i] = hashes[pages + i] == _hash[first_page + i] ? Clean : Dirty;
        }
      }
      // A write per dirty stretch and replica; when the requests run out,
      // the run ends before the stretch and the rest stays in the pool.
      for (size_t i = 0; i < n; ) {
        if (kind[pages + i] != Dirty) {
          i++;
          continue;
        }
        size_t j = i;
        while (j < n && kind[pages + j] == Dirty) {
          j++;
        }
        int live = 0;
        for (int k = 0; k < _replicas; k++) {
          live += _server_dead[server_for(region, k)] ? 0 : 1;
        }
        if (nreqs + live > ReclaimWrites || nwrites == ReclaimWrites) {
          for (size_t q = i; q < n; q++) {
            set_state(first_page + q, Inactive);
          }
          n = i;
          stop = true;
          break;
        }
        writes[nwrites] = { nruns, i, j - i, nreqs, live };
        for (int k = 0; k < _replicas; k++) {
          int s = server_for(region, k);
          if (!_server_dead[s]) {
            reqs[nreqs++].init(DisaggProtocol::Write, s, first_page + i, (uint32_t)(j - i),
                               slot_addr(first_slot + i));
          }
        }
        nwrites++;
        i = j;
      }
      if (n > 0) {
        runs[nruns++] = { pos, first_page, n, pages };
        pages += n;
        pos += n;
      }
    }
    if (nreqs > 0) {
      lane->execute(reqs, nreqs, _request_timeout_ns);
    }
    // A write that failed on some replica goes again through write_pages(),
    // which retries with backoff and the server deadline and ends the VM on
    // a refusal. The first run whose pages a full server refused and every
    // run after it stay in the pool.
    int full_run = nruns;
    size_t written = 0;
    for (int w = 0; w < nwrites; w++) {
      const Write& wr = writes[w];
      const Run& run = runs[wr.run];
      size_t region = region_of_page(run.page);
      bool ok = true;
      for (int i = wr.req; i < wr.req + wr.reqs; i++) {
        if (reqs[i].result != DisaggResult::Ok) {
          ok = false;
          if (reqs[i].result != DisaggResult::CapacityExhausted) {
            note_failure(reqs[i].server, reqs[i].result);  // counted as a retry, as in write_pages()
          }
        }
      }
      if (!ok && wr.run < full_run && write_pages(lane, region, run.page + wr.first, wr.n,
                             slot_addr((size_t)(run.pos % _pool_pages) + wr.first)) == DisaggResult::Ok) {
        ok = true;
      }
      for (size_t k = 0; k < wr.n; k++) {
        // A replica that did store the pages may hold them now: a hash
        // nobody's page has makes the next eviction send them again.
        _hash[run.page + wr.first + k] = ok ? hashes[run.at + wr.first + k] : DisaggPageHash::none();
      }
      if (ok) {
        written += wr.n;
        _regions[region].server_has_pages = 1;
      } else {
        full_run = MIN2(full_run, wr.run);
      }
    }
    DisaggStats::add(JVM_DISAGG_PAGES_WRITTEN_BACK, written);
    DisaggStats::add(JVM_DISAGG_BYTES_WRITTEN_BACK, written * PageSize);
    for (int i = 0; i < nruns; i++) {
      const Run& run = runs[i];
      if (i >= full_run) {
        for (size_t k = 0; k < run.n; k++) {
          set_state(run.page + k, Inactive);
        }
        continue;
      }
      for (; _pool_tail < run.pos; _pool_tail++) {
        discard.add((size_t)(_pool_tail % _pool_pages), 1, 0);  // holes
      }
      size_t first_slot = (size_t)(run.pos % _pool_pages);
      size_t remote = 0;
      for (size_t k = 0; k < run.n; k++) {
        bool zero = kind[run.at + k] == Zero;
        remote += zero ? 0 : 1;
        AtomicAccess::release_store(&_pool_owner[first_slot + k], 0u);
        set_state(run.page + k, zero ? Untouched : Remote);
      }
      discard.add(first_slot, run.n, run.n);
      _pool_tail += run.n;
      Region& r = _regions[region_of_page(run.page)];
      AtomicAccess::sub(&r.resident, (int)run.n);
      AtomicAccess::add(&r.remote, (int)remote);
      _remote_pages.add_then_fetch((int64_t)remote);
      _inactive.sub_then_fetch((int64_t)run.n);
      DisaggStats::add(JVM_DISAGG_PAGES_EVICTED, run.n);
      reclaimed += run.n;
    }
    if (full_run < nruns) {
      _servers_full = true;
      break;
    }
    for (; _pool_tail < pos; _pool_tail++) {
      discard.add((size_t)(_pool_tail % _pool_pages), 1, 0);  // trailing holes
    }
    if (nruns == 0) {
      break;  // nothing claimable at the tail now
    }
  }
  return reclaimed;
}

size_t DisaggPager::evict(size_t want, DisaggLane* lane) {
  // Keep the pool stocked, so that what is reclaimed has waited its turn.
  int64_t stock = _inactive.load_relaxed();
  int64_t need = (int64_t)(_pool_target + want);
  if (stock < need) {
    deactivate((size_t)(need - stock));
  }
  return reclaim(want, lane);
}

size_t DisaggPager::prefetch_region(size_t ri, DisaggLane* lane) {
  Region& r = _regions[ri];
  if (r.remote == 0) {
    return 0;
  }
  AtomicAccess::inc(&r.busy);
  OrderAccess::fence();
  size_t fetched = 0;
  if (AtomicAccess::load_acquire(&r.kind) == RegionManaged) {
    size_t first = region_first_page(ri);
    for (size_t p = first; p < first + _region_pages; ) {
      if (_state[p] != Remote || !cas_state(p, Remote, Busy)) {
        p++;
        continue;
      }
      // Room for the batch first, as a faulting thread takes it:
      // prefetching never takes the heap over its limit.
      size_t room = take_room(BatchPages, false);
      if (room == 0) {
        set_state(p, Remote);
        break;  // no room even after eviction: the scan's faults will bring what it needs
      }
      size_t n = 1 + claim_run(p, Remote, room - 1);
      give_back_room(room - n);
      if (fetch(p, n, lane, true)) {
        fetched += n;
      }
      p += n;
    }
  }
  AtomicAccess::dec(&r.busy);
  return fetched;
}

void DisaggPager::ping(DisaggLane* lane) {
  DisaggRequest req[DisaggTransport::MaxServers];
  int n = 0;
  for (int s = 0; s < _transport->server_count(); s++) {
    if (!_server_dead[s]) {
      req[n++].init(DisaggProtocol::Ping, s, 0, 0, nullptr);
    }
  }
  lane->execute(req, n, _request_timeout_ns);
  for (int i = 0; i < n; i++) {
    if (req[i].result != DisaggResult::Ok) {
      note_failure(req[i].server, req[i].result);
    }
  }
}

void DisaggPager::wake_evictor() {
  AtomicAccess::inc(&_evictor_word);
  DisaggUserfault::futex_wake(&_evictor_word, 1);
}

void DisaggPager::evictor_wait(jlong timeout_ns, bool always) {
  int seen = AtomicAccess::load_acquire(&_evictor_word);
  if (always || over_budget() < 0) {
    DisaggUserfault::futex_wait(&_evictor_word, seen, timeout_ns);
  }
}

void DisaggPager::print_on(outputStream* st) const {
  const double MiB = 1024.0 * 1024.0;
  size_t managed = 0, pinned = 0;
  for (size_t i = 0; i < _region_count; i++) {
    managed += _regions[i].kind == RegionManaged ? 1 : 0;
    pinned += _regions[i].pins > 0 ? 1 : 0;
  }
  st->print_cr("heap [" PTR_FORMAT ", " PTR_FORMAT "), %zu regions of %zu KiB, %zu paged, %zu pinned",
               _base, _base + _bytes, _region_count, _region_bytes / K, managed, pinned);
  st->print_cr("paged regions: %.1f MiB local (budget %.1f MiB, %.1f MiB of it in the inactive pool), "
               "%.1f MiB only on servers%s",
               managed_resident() * PageSize / MiB, _budget * PageSize / MiB, inactive_pages() * PageSize / MiB,
               remote_pages() * PageSize / MiB, _servers_full ? "; SERVERS FULL" : "");
  st->print_cr("transport: %s, %d lanes, %d replica(s)", _transport->description(), _transport->lane_count(), _replicas);
  for (int s = 0; s < _transport->server_count(); s++) {
    st->print_cr("  server %s%s", _transport->server_name(s), _server_dead[s] ? " (DEAD: unreachable past the deadline)" : "");
  }
}
