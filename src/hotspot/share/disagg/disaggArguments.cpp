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

#include "disagg/disaggArguments.hpp"
#include "disagg/disagg_globals.hpp"
#include "disagg/disaggTransport.hpp"
#include "disagg/disaggUcx.hpp"
#include "cds/cds_globals.hpp"
#include "cds/cdsConfig.hpp"
#include "gc/g1/g1_globals.hpp"
#include "gc/shared/gc_globals.hpp"
#include "jvm.h"
#include "logging/log.hpp"
#include "runtime/arguments.hpp"
#include "runtime/globals.hpp"
#include "runtime/globals_extension.hpp"
#include "runtime/java.hpp"
#include "runtime/os.hpp"
#include "utilities/debug.hpp"
#include "utilities/formatBuffer.hpp"
#include "utilities/ostream.hpp"

#include <stdlib.h>
#include <string.h>

size_t DisaggArguments::local_limit() {
  return DisaggLocalHeapLimit != 0 ? DisaggLocalHeapLimit : MaxHeapSize / 2;
}

size_t DisaggArguments::young_reserve(size_t heap_bytes) {
  // An eighth of the local limit (at least 4 MiB), but no more than G1
  // would give the young generation anyway (G1MaxNewSizePercent of the
  // heap). Every byte of young generation is a byte of old generation
  // that must live remotely: measured on the benchmark workloads at a 50%
  // limit, a quarter cost the cache workload 8.4x its all-local time, an
  // eighth 3.3x, a sixteenth 2.4x, while allocation-heavy programs that fit
  // (Lucene) lost 5-15% to the extra young collections of a sixteenth.
  size_t g1_max = heap_bytes / 100 * G1MaxNewSizePercent;
  return MIN2(MAX2(local_limit() / 8, (size_t)4 * M), g1_max);
}

size_t DisaggArguments::minimum_limit(size_t heap_bytes, size_t region_bytes) {
  // Room for a young generation of two regions and old regions to work
  // with: eight regions, and no less than 32 MiB.
  return MAX2(8 * region_bytes, (size_t)32 * M);
}

void DisaggArguments::initialize_remote_carriers() {
  // Remote carriers are run by module jdk.disagg (Java); the VM checks the
  // flags, so that bad input ends start-up like any other bad flag, and hands
  // them over as read-only system properties.
  char names[DisaggTransport::MaxServers][64];
  char err[256];
  if (DisaggTransport::parse_servers(DisaggComputeServers, names, DisaggTransport::MaxServers, err, sizeof(err)) < 0) {
    vm_exit_during_initialization(err_msg("-XX:DisaggComputeServers=%s: %s", DisaggComputeServers, err),
                                  "Give compute servers as host:port[,host:port...].");
  }
  if (DisaggTokenFile[0] == '\0') {
    vm_exit_during_initialization("-XX:DisaggComputeServers needs -XX:DisaggTokenFile",
      "Compute servers authenticate clients with a shared token; pass the file that holds it.");
  }
  DisaggUcx::prepare_environment();  // jdk.disagg loads UCX through jucx, in this process
  ::setenv("UCX_LOG_LEVEL", "error", 0);  // jucx 1.14 warns about UCX 1.13 at every start
  Arguments::PropertyList_add(new SystemProperty("jdk.disagg.computeServers", DisaggComputeServers, false, false));
  Arguments::PropertyList_add(new SystemProperty("jdk.disagg.tokenFile", DisaggTokenFile, false, false));
  log_info(disagg)("Remote carriers: compute servers %s (connected by jdk.disagg at the first parallel stream "
                   "or remote task)", DisaggComputeServers);
  select_remote_carriers_archive();
}

void DisaggArguments::select_remote_carriers_archive() {
#if INCLUDE_CDS
  // make/disagg/build.sh dumps, beside the default class-data archive, one
  // that also holds the JDK classes a home VM loads for remote carriers
  // (connecting, sending stream leaves and tasks): ~500 classes and lambda
  // forms, ~40 ms of CPU on the first parallel stream, which on a one-core
  // VM is that much of the stream. Not in the default archive itself: an
  // archive is relocated at start-up, so its size is resident memory in
  // every VM (+2.7 MiB for these classes), remote carriers or not.
  // Only where the VM would use the default archive as it is: no archive,
  // AOT cache or dump asked for, and the default variant (compressed oops,
  // no compact headers), the one the archive is dumped for.
  if (!UseSharedSpaces || CDSConfig::is_dumping_archive() || !FLAG_IS_DEFAULT(SharedArchiveFile) ||
      !FLAG_IS_DEFAULT(ArchiveClassesAtExit) || !FLAG_IS_DEFAULT(AOTCache) || !FLAG_IS_DEFAULT(AOTMode) ||
      !FLAG_IS_DEFAULT(AOTConfiguration) || !FLAG_IS_DEFAULT(AOTCacheOutput) || AutoCreateSharedArchive ||
      !UseCompressedOops || UseCompactObjectHeaders) {
    return;
  }
  char path[JVM_MAXPATHLEN];
  os::jvm_path(path, sizeof(path));
  char* slash = strrchr(path, *os::file_separator());
  if (slash == nullptr) {
    return;
  }
  *slash = '\0';
  stringStream archive;
  archive.print("%s%sclasses_remote_carriers.jsa", path, os::file_separator());
  if (os::file_exists(archive.base())) {
    FLAG_SET_ERGO(SharedArchiveFile, os::strdup(archive.base()));
    log_info(disagg)("Remote carriers: class-data archive %s", archive.base());
  }
#endif
}

void DisaggArguments::initialize() {
  if (DisaggComputeServers[0] != '\0') {
    initialize_remote_carriers();
  }
  const char* main_module = Arguments::get_property("jdk.module.main");
  if (main_module != nullptr && strcmp(main_module, "jdk.disagg") == 0) {
    // bin/jdisagg: the memory and compute servers load UCX through jucx in
    // this process. Left to itself UCX patches mmap and malloc in libc
    // while the VM's threads run them (a server crashed at start-up in
    // libc now and then), and may take over the VM's error signals.
    DisaggUcx::prepare_environment();
  }
  if (!UseDisaggregatedHeap) {
    return;
  }
  if (!UseG1GC) {
    const char* gc = UseSerialGC ? "-XX:+UseSerialGC" : UseParallelGC ? "-XX:+UseParallelGC"
                   : UseZGC ? "-XX:+UseZGC" : UseShenandoahGC ? "-XX:+UseShenandoahGC"
                   : UseEpsilonGC ? "-XX:+UseEpsilonGC" : "the selected collector";
    vm_exit_during_initialization(
      err_msg("-XX:+UseDisaggregatedHeap works only with the G1 collector, not with %s", gc),
      "Remove the other collector's flag or add -XX:+UseG1GC.");
  }
  if (AlwaysPreTouch) {
    // A tuning flag, not a meaning: run without it rather than refuse.
    warning("-XX:+AlwaysPreTouch is ignored with -XX:+UseDisaggregatedHeap: touching the whole heap "
            "at start-up would defeat the local limit");
    FLAG_SET_ERGO(AlwaysPreTouch, false);
  }
  if (UseLargePages && !UseTransparentHugePages) {
    vm_exit_during_initialization("-XX:+UseDisaggregatedHeap cannot be combined with -XX:+UseLargePages",
      "The heap is paged in 4 KiB pages; remove -XX:+UseLargePages.");
  }
  if (strcmp(DisaggTransportKind, "ucx") != 0 && strcmp(DisaggTransportKind, "sim") != 0) {
    vm_exit_during_initialization(err_msg("-XX:DisaggTransportKind=%s is not a transport", DisaggTransportKind),
                                  "Accepted values: ucx, sim.");
  }
  if (strcmp(DisaggFaultHandler, "signal") != 0 && strcmp(DisaggFaultHandler, "thread") != 0) {
    vm_exit_during_initialization(err_msg("-XX:DisaggFaultHandler=%s is not a fault handler", DisaggFaultHandler),
                                  "Accepted values: signal, thread.");
  }
  if (DisaggMemoryServers[0] != '\0' && DisaggTokenFile[0] == '\0' && strcmp(DisaggTransportKind, "ucx") == 0) {
    vm_exit_during_initialization("-XX:DisaggMemoryServers needs -XX:DisaggTokenFile",
      "Memory servers authenticate clients with a shared token; pass the file that holds it.");
  }

  // -Xms and heap shrinking stay as G1 has them: G1 commits and uncommits
  // only free regions, and a free region is never registered with
  // userfaultfd (regions are registered when they become old or humongous),
  // so re-mapping one drops no registration.

  size_t limit = local_limit();
  if (FLAG_IS_DEFAULT(DisaggLocalHeapLimit)) {
    FLAG_SET_ERGO(DisaggLocalHeapLimit, limit);
  }
  if (limit >= MaxHeapSize) {
    return;  // nothing will be paged; DisaggHeap says so in the log
  }

  // Size the young generation to fit the local limit: eden and survivors are
  // never evicted, so they must fit with room left for old regions.
  size_t young = young_reserve(MaxHeapSize);
  if (!FLAG_IS_DEFAULT(MaxNewSize) && MaxNewSize > limit / 2) {
    vm_exit_during_initialization(
      err_msg("-XX:MaxNewSize=%zuM does not fit -XX:DisaggLocalHeapLimit=%zuM", MaxNewSize / M, limit / M),
      err_msg("The young generation stays local and may use at most half the limit: use -XX:MaxNewSize="
              "%zuM or less, or raise the limit.", limit / 2 / M));
  }
  if (FLAG_IS_DEFAULT(MaxNewSize)) {
    // G1 honours only a MaxNewSize given on the command line (G1YoungGenSizer),
    // and G1MaxNewSizePercent, a whole percent of a large heap, is far coarser
    // than a small limit: set it as if given, as GCArguments does for flags it
    // derives. DisaggHeap reserves what MaxNewSize finally is.
    FLAG_SET_CMDLINE(MaxNewSize, FLAG_IS_DEFAULT(NewSize) ? young : MAX2(young, NewSize));
  }

}
