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
#include "disagg/disaggArguments.hpp"
#include "disagg/disaggEvictor.hpp"
#include "disagg/disaggFaultThread.hpp"
#include "disagg/disaggHeap.hpp"
#include "disagg/disaggPager.hpp"
#include "disagg/disaggPrefetcher.hpp"
#include "disagg/disaggSimTransport.hpp"
#include "disagg/disaggStats.hpp"
#include "disagg/disaggUcxTransport.hpp"
#include "disagg/disagg_globals.hpp"
#include "gc/g1/g1CollectedHeap.hpp"
#include "gc/g1/g1CollectionSet.hpp"
#include "gc/g1/g1HeapRegion.inline.hpp"
#include "classfile/javaClasses.hpp"
#include "classfile/vmClasses.hpp"
#include "gc/shared/gcId.hpp"
#include "gc/shared/gc_globals.hpp"
#include "logging/log.hpp"
#include "logging/logStream.hpp"
#include "memory/universe.hpp"
#include "oops/instanceKlass.hpp"
#include "oops/oop.inline.hpp"
#include "runtime/arguments.hpp"
#include "runtime/handles.inline.hpp"
#include "runtime/javaThread.hpp"
#include "runtime/java.hpp"
#include "runtime/orderAccess.hpp"
#include "runtime/os.hpp"
#include "runtime/safepoint.hpp"
#include "utilities/formatBuffer.hpp"
#include "utilities/macros.hpp"
#include "utilities/ostream.hpp"
#include "utilities/defaultStream.hpp"
#include OS_HEADER(disagg/disaggProcess)
#include OS_HEADER(disagg/disaggUserfault)

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

DisaggPager* DisaggHeap::_pager = nullptr;
DisaggTransport* DisaggHeap::_transport = nullptr;
DisaggEvictor* DisaggHeap::_evictor = nullptr;
DisaggPrefetcher* DisaggHeap::_prefetcher = nullptr;
DisaggFaultThread* DisaggHeap::_fault_thread = nullptr;
volatile bool DisaggHeap::_active = false;
size_t DisaggHeap::_limit = 0;
size_t DisaggHeap::_young_reserve = 0;
size_t DisaggHeap::_other_local = 0;
uint8_t* DisaggHeap::_touched = nullptr;
uint64_t DisaggHeap::_last[8];
char DisaggHeap::_log_path[256] = "";
OopHandle DisaggHeap::_oom_message;
OopHandle DisaggHeap::_oom_error;

static const int ServiceLanes = 2;
static const char* out_of_memory_text();  // lane 0: evictor, lane 1: prefetcher
static volatile size_t _unpaged_touched_bytes = 0;

// The embedded server is started, not waited for: the VM goes on, and the
// evictor connects when the server is up (see start_evicting).
static bool _connect_later = false;
static char _launcher[JVM_MAXPATHLEN];
static jlong _spawned_at = 0;
static jlong _connect_timeout = 0;
static volatile bool _stopping = false;

void DisaggHeap::init_error(const char* what, const char* detail) {
  vm_exit_during_initialization(err_msg("Disaggregated heap: %s", what), detail);
}

// The live gauges of DisaggStats: resident and remote bytes.
static void gauges(uint64_t* resident, uint64_t* remote) {
  DisaggPager* p = DisaggHeap::pager();
  *resident = _unpaged_touched_bytes + (p != nullptr ? (uint64_t)p->managed_resident() * DisaggPager::PageSize : 0);
  *remote = p != nullptr ? (uint64_t)p->remote_pages() * DisaggPager::PageSize : 0;
}

void DisaggHeap::failure(const char* server, const char* what) {
  // Called just before the fatal error; the hs_err section prints the state.
  DisaggStats::set_servers(server);
}

void DisaggHeap::initialize(G1CollectedHeap* g1h) {
  DisaggStats::set(JVM_DISAGG_ENABLED, UseDisaggregatedHeap ? 1 : 0);
  if (!UseDisaggregatedHeap) {
    return;
  }
  const MemRegion reserved = g1h->reserved();
  const uintptr_t base = (uintptr_t)reserved.start();
  const size_t heap = reserved.byte_size();
  const size_t region = G1HeapRegion::GrainBytes;
  _limit = DisaggArguments::local_limit();
  DisaggStats::set(JVM_DISAGG_LOCAL_LIMIT, _limit);
  if (_limit >= heap) {
    log_info(disagg, init)("Disaggregated heap: the local limit (%zuM) holds the whole heap (%zuM); "
                           "paging will not be needed", _limit / M, heap / M);
    return;
  }
  size_t minimum = DisaggArguments::minimum_limit(heap, region);
  if (_limit < minimum) {
    init_error(err_msg("-XX:DisaggLocalHeapLimit=%zuM is too small to hold the young generation and the "
                       "VM's working reserve", _limit / M),
               err_msg("Use -XX:DisaggLocalHeapLimit=%zuM or more (with this heap's %zuK regions).",
                       minimum / M, region / K));
  }
  char why[512];
  if (!DisaggUserfault::available(why, sizeof(why))) {
    init_error("-XX:+UseDisaggregatedHeap cannot page the heap", why);
  }
  const bool thread_mode = strcmp(DisaggFaultHandler, "thread") == 0;
  const char* missing = nullptr;
  int rc = DisaggUserfault::open(!thread_mode, &missing);
  if (rc != 0) {
    init_error(err_msg("this kernel lacks %s, which -XX:+UseDisaggregatedHeap needs", missing), os::strerror(rc));
  }

  int lanes = (DisaggTransportLanes != 0 ? (int)DisaggTransportLanes : os::active_processor_count() + 2) + ServiceLanes;
  lanes = MIN2(lanes, DisaggTransport::MaxLanes);
  const uint64_t space_pages = heap / DisaggPager::PageSize;
  const bool sim = strcmp(DisaggTransportKind, "sim") == 0;
  char err[1024];
  char servers[1024];
  if (sim) {
    int n = MAX2((int)DisaggReplicas, 1);
    if (DisaggMemoryServers[0] != '\0') {
      char names[DisaggTransport::MaxServers][64];
      n = DisaggTransport::parse_servers(DisaggMemoryServers, names, DisaggTransport::MaxServers, err, sizeof(err));
      if (n < 0) {
        init_error(err_msg("-XX:DisaggMemoryServers=%s: %s", DisaggMemoryServers, err));
      }
    }
    _transport = new DisaggSimTransport(n, lanes, space_pages);
    strcpy(servers, "sim");
  } else {
    uint8_t session[DisaggProtocol::SessionIdSize];
    if (!DisaggProcess::random_bytes(session, sizeof(session))) {
      init_error("cannot read random bytes for the session id", "/dev/urandom is not readable");
    }
    char token[DisaggProtocol::MaxToken + 1];
    ssize_t token_len;
    const bool embedded = DisaggMemoryServers[0] == '\0';
    if (embedded) {
      // The embedded default: a memory server on loopback that ends with us.
      if (DisaggReplicas > 1) {
        init_error(err_msg("-XX:DisaggReplicas=%u needs that many memory servers", DisaggReplicas),
                   "The embedded default is one server; list the servers in -XX:DisaggMemoryServers.");
      }
      uint8_t raw[32];
      if (!DisaggProcess::random_bytes(raw, sizeof(raw))) {
        init_error("cannot read random bytes for the token", "/dev/urandom is not readable");
      }
      for (size_t i = 0; i < sizeof(raw); i++) {
        jio_snprintf(token + 2 * i, 3, "%02x", raw[i]);
      }
      token_len = 2 * sizeof(raw);
      // The image's launcher comes with a class-data archive of the server's
      // classes (made at build time, make/disagg/build.sh): its start-up takes
      // the program's CPU on a small machine.
      char cds[JVM_MAXPATHLEN];
      const char* archive = nullptr;
      if (DisaggMemServerCommand[0] != '\0') {
        jio_snprintf(_launcher, sizeof(_launcher), "%s", DisaggMemServerCommand);
      } else {
        jio_snprintf(_launcher, sizeof(_launcher), "%s/bin/jdisagg", Arguments::get_java_home());
        jio_snprintf(cds, sizeof(cds), "%s/lib/disagg/memserver.jsa", Arguments::get_java_home());
        struct stat st;
        archive = os::stat(cds, &st) == 0 ? cds : nullptr;
      }
      jio_snprintf(_log_path, sizeof(_log_path), "%s/disagg-memserver-%d.log", os::get_temp_directory(),
                   os::current_process_id());
      _spawned_at = os::javaTimeNanos();
      if (!DisaggProcess::spawn_memserver(_launcher, archive, heap, token, _log_path, err, sizeof(err))) {
        init_error("cannot start the embedded memory server", err);
      }
      // The server is a JVM: it takes ~0.3 s to listen on this machine, which
      // the VM used to wait for at start-up. Nothing needs it before the
      // first eviction, so the VM goes on and the evictor connects.
      _connect_later = true;
      log_info(disagg, init)("Disaggregated heap: no -XX:DisaggMemoryServers given; starting an embedded memory "
                             "server (pid %d, log %s); the VM goes on meanwhile", DisaggProcess::memserver_pid(),
                             _log_path);
    } else {
      token_len = DisaggProcess::read_small_file(DisaggTokenFile, token, DisaggProtocol::MaxToken, err, sizeof(err));
      if (token_len < 0) {
        init_error(err_msg("-XX:DisaggTokenFile=%s cannot be used", DisaggTokenFile),
                   err_msg("%s; the file must hold the servers' token (1 to %zu bytes).", err, DisaggProtocol::MaxToken));
      }
      jio_snprintf(servers, sizeof(servers), "%s", DisaggMemoryServers);
    }
    jlong timeout = MAX2((jlong)DisaggRequestTimeout, (jlong)1000) * 5 * NANOSECS_PER_MILLISEC;
    // With the embedded server on this host, loopback tcp: UCX 1.13 cannot
    // use its shared-memory transports with the peer error handling both
    // ends need, yet with its default (all) it sets them up anyway, which
    // cost the VM 24 MiB of RSS (caffeine at 50%: 196 MiB against 171 MiB).
    // Only this context: jdk.disagg's compute-server links keep UCX's choice.
    _connect_timeout = timeout;
    _transport = DisaggUcxTransport::create(embedded ? nullptr : servers, token, (size_t)token_len, session,
                                            space_pages, lanes, timeout, embedded ? "tcp" : nullptr, err, sizeof(err));
    memset(token, 0, sizeof(token));
    if (_transport == nullptr) {
      DisaggProcess::stop_memserver();
      init_error("cannot use the memory servers", err);
    }
  }
  if ((int)DisaggReplicas > _transport->server_count()) {
    init_error(err_msg("-XX:DisaggReplicas=%u needs at least that many memory servers; %d given",
                       DisaggReplicas, _transport->server_count()));
  }
  _transport->set_reserved_lanes(ServiceLanes);
  _pager = new DisaggPager(base, heap, region, _transport, (int)DisaggReplicas, thread_mode);
  _pager->configure(DisaggFaultAheadPages, (jlong)DisaggRequestTimeout * NANOSECS_PER_MILLISEC,
                    (jlong)DisaggServerTimeout * NANOSECS_PER_MILLISEC, DisaggVerifyPages);
  if (!_pager->initialize(err, sizeof(err))) {
    init_error("cannot set up the pager", err);
  }
  _pager->set_failure_handler(failure);
  _pager->set_transport_ready(!_connect_later);
  _touched = NEW_C_HEAP_ARRAY(uint8_t, _pager->region_count(), mtDisagg);
  memset(_touched, 0, _pager->region_count());
  memset(_last, 0, sizeof(_last));
  if (_connect_later) {
    DisaggStats::set_servers("embedded (starting)");
  } else if (!sim) {
    char list[1024] = "";
    for (int i = 0; i < _transport->server_count(); i++) {
      jio_snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i > 0 ? "," : "", _transport->server_name(i));
    }
    DisaggStats::set_servers(list);
  } else {
    DisaggStats::set_servers("sim");
  }
  DisaggStats::set_gauge_provider(gauges);
}

class DisaggCountInitialRegions : public G1HeapRegionClosure {
public:
  size_t other;
  size_t young;
  DisaggCountInitialRegions() : other(0), young(0) {}
  bool do_heap_region(G1HeapRegion* r) {
    if (r->is_young()) {
      young++;
    } else if (!r->is_free()) {
      other++;  // e.g. the CDS archive's regions, mapped from a file: never paged
    }
    return false;
  }
};

void DisaggHeap::post_initialize(G1CollectedHeap* g1h) {
  if (_pager == nullptr) {
    return;
  }
  const size_t region = G1HeapRegion::GrainBytes;
  DisaggCountInitialRegions count;
  g1h->heap_region_iterate(&count);
  _other_local = count.other * region;
  // What G1 will really let the young generation grow to: MaxNewSize is
  // final by now, whether the user gave it or G1 derived it from the
  // whole-percent G1MaxNewSizePercent that DisaggArguments set (which can
  // round above an eighth of the limit). At least an eden and a survivor
  // region. A pause then copies into new survivor regions while the
  // collection set's young regions still hold their memory: G1 allows
  // ceil(young target / SurvivorRatio) of them (G1Policy::
  // update_survivors_policy). Without them the heap went a region over the
  // limit in every pause (65.7 MiB at a 64 MiB limit).
  const size_t young_regions = align_up(MAX2(MIN2(MaxNewSize, g1h->reserved().byte_size()), 2 * region), region) / region;
  const size_t pause_survivors = (young_regions + SurvivorRatio - 1) / SurvivorRatio;
  _young_reserve = (young_regions + pause_survivors) * region;
  int64_t budget = (int64_t)_limit - (int64_t)_young_reserve - (int64_t)_other_local;
  if (budget < (int64_t)(4 * region)) {
    init_error(err_msg("-XX:DisaggLocalHeapLimit=%zuM leaves no room for old regions once the young generation "
                       "(%zuM) and the regions that must stay local (%zuM) are set aside",
                       _limit / M, _young_reserve / M, _other_local / M),
               err_msg("Use -XX:DisaggLocalHeapLimit=%zuM or more.", (_young_reserve + _other_local + 4 * region) / M));
  }
  _pager->set_budget(budget / (int64_t)DisaggPager::PageSize);
  {
    // What an allocation that fails because the servers are full throws:
    // made now, because then nothing can be allocated.
    JavaThread* THREAD = JavaThread::current();
    Handle msg = java_lang_String::create_from_str(out_of_memory_text(), THREAD);
    if (!HAS_PENDING_EXCEPTION) {
      _oom_message = OopHandle(Universe::vm_global(), msg());
      oop e = vmClasses::OutOfMemoryError_klass()->allocate_instance(THREAD);
      if (!HAS_PENDING_EXCEPTION) {
        java_lang_Throwable::set_message(e, msg());
        _oom_error = OopHandle(Universe::vm_global(), e);
      }
    }
    CLEAR_PENDING_EXCEPTION;
  }
  _evictor = new DisaggEvictor(_pager, _transport->lane(0), start_evicting);
  if (DisaggGCPrefetch) {
    _prefetcher = new DisaggPrefetcher(_pager, _transport->lane(1));
  }
  if (strcmp(DisaggFaultHandler, "thread") == 0) {
    _fault_thread = new DisaggFaultThread(_pager);
  }
  OrderAccess::fence();
  _active = true;
  log_info(disagg, init)("Disaggregated heap: local limit %zuM of a %zuM heap (young reserve %zuM: %zuM young and "
                         "%zuM for a pause's survivors; paged budget %zuM, other local %zuM), %zuK regions",
                         _limit / M, g1h->reserved().byte_size() / M, _young_reserve / M, young_regions * region / M,
                         pause_survivors * region / M, (size_t)budget / M, _other_local / M, region / K);
  log_info(disagg, init)("Disaggregated heap: servers %s, transport %s, %d lanes, %u replica(s), fault handler %s%s",
                         DisaggStats::servers(), _transport->description(), _transport->lane_count(), DisaggReplicas,
                         DisaggFaultHandler, DisaggGCPrefetch ? ", GC prefetch" : "");
}

// The evictor's first act. With the embedded server: waits for it to
// listen and connects every lane; until then no page can leave, so none is
// remote and no other thread uses the transport.
jlong DisaggHeap::start_evicting() {
  if (_connect_later) {
    char address[128];
    char err[1024];
    DisaggProcess::Ready r = DisaggProcess::wait_memserver(_launcher, _log_path, &_stopping, address, sizeof(address),
                                                           err, sizeof(err));
    if (r == DisaggProcess::Ready::Stopped) {
      return -1;
    }
    if (r == DisaggProcess::Ready::Yes &&
        !((DisaggUcxTransport*)_transport)->connect_later(address, _connect_timeout, err, sizeof(err))) {
      r = DisaggProcess::Ready::Failed;
    }
    if (r == DisaggProcess::Ready::Failed) {
      if (_stopping) {
        return -1;
      }
      // As an error at start-up would: the heap cannot be paged without it.
      DisaggProcess::stop_memserver();
      log_error(disagg)("Disaggregated heap: cannot start the embedded memory server: %s", err);
      jio_fprintf(defaultStream::error_stream(),
                  "Error: Disaggregated heap: cannot start the embedded memory server: %s\n", err);
      remove_empty_server_log();  // the reason is on stderr; a log the server wrote stays
      vm_direct_exit(1);
    }
    DisaggStats::set_servers(address);
    log_info(disagg, init)("Disaggregated heap: the embedded memory server at %s (pid %d, log %s) is up, "
                           "%.0f ms after it was started", address, DisaggProcess::memserver_pid(), _log_path,
                           (os::javaTimeNanos() - _spawned_at) / (double)NANOSECS_PER_MILLISEC);
    _pager->set_transport_ready(true);
  }
  if (strcmp(DisaggTransportKind, "ucx") != 0) {
    return 0;
  }
  uint32_t lease = ((DisaggUcxTransport*)_transport)->lease_ms();
  return (jlong)MAX2(lease / 4, 1000u) * NANOSECS_PER_MILLISEC;
}

void DisaggHeap::region_changed(G1HeapRegion* r) {
  if (_touched == nullptr) {
    return;
  }
  size_t i = r->hrm_index();
  if (r->is_young()) {
    if (_pager->region(i).kind != DisaggPager::RegionUnmanaged) {
      // Every path that frees an old or humongous region drops it (region_freed);
      // one that did not would leave this region registered with stale pages
      // counted, and G1 may uncommit free regions. Its contents are dead: drop it.
      assert(false, "region %zu became young while paged", i);
      log_warning(disagg)("Region %zu became young while still paged; dropped it", i);
      _pager->region_to_unmanaged(i);
    }
    _touched[i] = 1;
  } else if ((r->is_old() || r->is_humongous()) && AtomicAccess::load_acquire(&_active)) {
    _pager->region_to_managed(i, r->is_humongous());
    if (_pager->region(i).kind == DisaggPager::RegionManaged) {
      _touched[i] = 0;
    }
  }
}

void DisaggHeap::region_freed(G1HeapRegion* r) {
  if (_pager == nullptr) {
    return;
  }
  size_t i = r->hrm_index();
  if (_pager->region(i).kind != DisaggPager::RegionUnmanaged) {
    _pager->region_to_unmanaged(i);  // dropped here and on its servers
  }
}

void DisaggHeap::pin(oop obj) {
  if (_pager != nullptr && AtomicAccess::load_acquire(&_active)) {
    _pager->pin(cast_from_oop<uintptr_t>(obj), obj->size() * HeapWordSize);
  }
}

void DisaggHeap::unpin(oop obj) {
  if (_pager != nullptr && AtomicAccess::load_acquire(&_active)) {
    _pager->unpin(cast_from_oop<uintptr_t>(obj), obj->size() * HeapWordSize);
  }
}

class DisaggPrefetchClosure : public G1HeapRegionClosure {
  DisaggPrefetcher* _p;
public:
  explicit DisaggPrefetchClosure(DisaggPrefetcher* p) : _p(p) {}
  bool do_heap_region(G1HeapRegion* r) {
    if (!r->is_young()) {
      _p->request(r->hrm_index());
    }
    return false;
  }
};

void DisaggHeap::collection_set_chosen(G1CollectionSet* cset) {
  if (_prefetcher != nullptr && AtomicAccess::load_acquire(&_active)) {
    DisaggPrefetchClosure cl(_prefetcher);
    cset->iterate(&cl);
    cset->iterate_optional(&cl);
  }
}

void DisaggHeap::marking_claimed(G1HeapRegion* r) {
  if (_prefetcher != nullptr && AtomicAccess::load_acquire(&_active)) {
    _prefetcher->request(r->hrm_index());
  }
}

// At the end of a pause, and when G1 grows the heap: free regions that were
// young keep their memory (they are likely eden again soon), but only as
// much as the young reserve allows and only in the regions G1 hands out
// next. G1 takes eden and survivors from the tail of its free list, the
// highest free indices (G1HeapRegionManager::allocate_free_region), so the
// regions worth keeping are the highest free ones; touched memory in any
// other free region is given back. Keeping "the highest touched ones"
// instead is not the same: when the heap grows after a pause, the new
// (untouched) regions are the highest, eden is taken from them, and the
// kept ones sat idle beside a full young generation (the limit was 6-8 MiB
// over without -Xms; RESULTS.md).
void DisaggHeap::trim_free_regions() {
  assert(SafepointSynchronize::is_at_safepoint(), "free regions must not be taken meanwhile");
  G1CollectedHeap* g1h = G1CollectedHeap::heap();
  const size_t region = G1HeapRegion::GrainBytes;
  const size_t young = g1h->young_regions_count();
  const size_t allowed = _young_reserve / region;
  size_t keep = allowed > young ? allowed - young : 0;  // free regions, from the top
  size_t kept = 0;
  size_t trimmed = 0;
  for (uint i = g1h->max_num_regions(); i-- > 0;) {
    G1HeapRegion* r = g1h->region_at_or_null(i);
    if (r == nullptr) {
      _touched[i] = 0;  // uncommitted: its memory is gone
      continue;
    }
    if (!r->is_free()) {
      continue;
    }
    if (keep > 0) {
      keep--;
      kept += _touched[i];
    } else if (_touched[i] != 0) {
      DisaggUserfault::discard((uintptr_t)r->bottom(), region);
      _touched[i] = 0;
      trimmed++;
    }
  }
  _unpaged_touched_bytes = (young + kept) * region + _other_local;
  if (trimmed > 0) {
    log_debug(disagg, gc)("Gave back %zu free regions that were young (%zuM)", trimmed, trimmed * region / M);
  }
}

void DisaggHeap::heap_expanded() {
  if (_pager != nullptr && AtomicAccess::load_acquire(&_active) && SafepointSynchronize::is_at_safepoint()) {
    trim_free_regions();
  }
}

void DisaggHeap::gc_epilogue(bool full) {
  if (_pager == nullptr || !AtomicAccess::load_acquire(&_active)) {
    return;
  }
  trim_free_regions();
  LogTarget(Info, disagg, gc) lt;
  if (lt.is_enabled()) {
    const jvm_disagg_counter c[] = {JVM_DISAGG_PAGES_FETCHED, JVM_DISAGG_PAGES_EVICTED, JVM_DISAGG_PAGES_WRITTEN_BACK,
                                    JVM_DISAGG_PAGES_DISCARDED, JVM_DISAGG_PAGES_ZERO_FILLED, JVM_DISAGG_PAGES_PREFETCHED};
    uint64_t d[6];
    for (int i = 0; i < 6; i++) {
      uint64_t v = DisaggStats::get(c[i]);
      d[i] = v - _last[i];
      _last[i] = v;
    }
    const double MiB = (double)M;
    lt.print("%s: resident %.1fM (paged %.1fM, budget %.1fM), remote %.1fM; since last GC pages fetched " UINT64_FORMAT
             " (prefetched " UINT64_FORMAT "), evicted " UINT64_FORMAT " (written back " UINT64_FORMAT "), discarded "
             UINT64_FORMAT ", zero-filled " UINT64_FORMAT,
             full ? "Pause Full" : "Pause Young",
             DisaggStats::get(JVM_DISAGG_RESIDENT_BYTES) / MiB,
             _pager->managed_resident() * DisaggPager::PageSize / MiB, _pager->budget() * DisaggPager::PageSize / MiB,
             _pager->remote_pages() * DisaggPager::PageSize / MiB, d[0], d[5], d[1], d[2], d[3], d[4]);
  }
}

bool DisaggHeap::may_grow() {
  if (_pager == nullptr || !_pager->servers_full()) {
    return true;
  }
  return _pager->over_budget() <= (int64_t)(_pager->region_bytes() / DisaggPager::PageSize) * 4;
}

static const char* out_of_memory_text() {
  return "Java heap space: the disaggregated heap cannot grow: every memory server is full";
}

const char* DisaggHeap::out_of_memory_message() {
  return _pager != nullptr && _pager->servers_full() ? out_of_memory_text() : nullptr;
}

oop DisaggHeap::out_of_memory_error() {
  if (out_of_memory_message() == nullptr || _oom_error.is_empty()) {
    return nullptr;
  }
  // One of the VM's preallocated errors, with a stack trace, given our
  // message; when those are used up, our own (without a stack trace).
  oop e = Universe::out_of_memory_error_java_heap();
  if (e == Universe::out_of_memory_error_java_heap_without_backtrace()) {
    return _oom_error.resolve();
  }
  java_lang_Throwable::set_message(e, _oom_message.resolve());
  return e;
}

bool DisaggHeap::handle_signal(int sig, siginfo_t* info) {
  if (sig != SIGBUS || _pager == nullptr || info == nullptr) {
    return false;
  }
  uintptr_t addr = (uintptr_t)info->si_addr;
  return _pager->contains(addr) && _pager->resolve(addr);
}

void DisaggHeap::remove_empty_server_log() {
  if (_log_path[0] != '\0') {
    // One per VM in the temporary directory: kept only when the server said
    // something (it logs warnings and errors only). Removed here at once, so
    // it is gone when the VM is; after a crash of this VM the server, which
    // outlives it briefly, removes it (ServerMain).
    struct stat st;
    if (os::stat(_log_path, &st) == 0 && st.st_size == 0) {
      ::unlink(_log_path);
    }
  }
}

void DisaggHeap::before_exit() {
  if (_pager == nullptr) {
    return;
  }
  // Eviction and prefetch stop; faults are still served (daemon threads and
  // native code run until the process ends), so the transport, the fault
  // thread and the embedded server stay.
  AtomicAccess::release_store(&_stopping, true);
  if (!_pager->transport_ready()) {
    _pager->abandon_transport();
  }
  if (_prefetcher != nullptr) {
    _prefetcher->stop();
  }
  if (_evictor != nullptr) {
    _evictor->stop();
  }
  if (!_pager->transport_ready()) {
    DisaggProcess::stop_memserver();  // never needed: the program ended before the server was up
  }
  remove_empty_server_log();
  LogTarget(Info, disagg) lt;
  if (lt.is_enabled()) {
    LogStream ls(lt);
    DisaggStats::print_summary(&ls);
  }
}

void DisaggHeap::print_on(outputStream* st) {
  if (!UseDisaggregatedHeap) {
    st->print_cr("Disaggregated heap: off (-XX:-UseDisaggregatedHeap)");
    return;
  }
  st->print_cr("Disaggregated heap: local limit %zuM, young reserve %zuM, other local %zuM",
               _limit / M, _young_reserve / M, _other_local / M);
  if (_pager == nullptr) {
    st->print_cr("  not paging: the local limit holds the whole heap");
    return;
  }
  {
    StreamIndentor si(st, 2);
    _pager->print_on(st);
    DisaggStats::print_summary(st);
  }
  if (DisaggProcess::memserver_pid() > 0) {
    st->print_cr("  embedded memory server: pid %d, log %s", DisaggProcess::memserver_pid(), _log_path);
  }
}

void DisaggHeap::print_on_error(outputStream* st) {
  print_on(st);
}
