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

#ifndef SHARE_DISAGG_DISAGGARGUMENTS_HPP
#define SHARE_DISAGG_DISAGGARGUMENTS_HPP

#include "memory/allStatic.hpp"
#include "utilities/globalDefinitions.hpp"

// Checks and adjusts the flags of the disaggregated heap, once the GC is
// selected and the heap size is known (from GCArguments::initialize).
// A bad combination ends start-up with a message naming the value and what
// would be accepted.
class DisaggArguments : AllStatic {
  static void initialize_remote_carriers();
  // The class-data archive for VMs with remote carriers, if the image has it.
  static void select_remote_carriers_archive();
public:
  static void initialize();

  // The local limit, after ergonomics (DisaggLocalHeapLimit or half the heap).
  static size_t local_limit();
  // Bytes set aside in the limit for the young generation.
  static size_t young_reserve(size_t heap_bytes);
  // The smallest limit that works for a heap of heap_bytes with regions of
  // region_bytes: room for a young generation and a working reserve.
  static size_t minimum_limit(size_t heap_bytes, size_t region_bytes);
};

#endif // SHARE_DISAGG_DISAGGARGUMENTS_HPP
