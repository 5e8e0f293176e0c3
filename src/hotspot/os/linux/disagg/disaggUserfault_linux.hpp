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

#ifndef OS_LINUX_DISAGG_DISAGGUSERFAULT_LINUX_HPP
#define OS_LINUX_DISAGG_DISAGGUSERFAULT_LINUX_HPP

#include "memory/allStatic.hpp"
#include "utilities/globalDefinitions.hpp"

// The Linux memory primitives of the far-memory heap: userfaultfd (one
// descriptor per VM), page moves and discards, residency queries and a
// futex for async-signal-safe wake-ups.  Every function returns 0 or an
// errno value; nothing here logs or allocates, so all of it may be called
// from the SIGBUS handler.
//
// The build headers may predate the features used (Debian 12 ships 6.1
// headers; UFFDIO_MOVE is 6.8), so the constants are defined here when
// missing and the kernel is asked at run time what it supports.
class DisaggUserfault : AllStatic {
  static int _fd;
  static bool _sigbus;

public:
  // Opens the VM's userfaultfd. In sigbus mode a fault on a missing page
  // raises SIGBUS in the faulting thread; otherwise it queues an event for
  // a handler thread (read_event). Sets *missing to a text naming what
  // the kernel lacks when it fails.
  static int open(bool sigbus_mode, const char** missing);
  static void close();
  static bool is_open() { return _fd >= 0; }
  static int fd() { return _fd; }

  // Whether the machine lets this process use userfaultfd at all, and if
  // not, why (for the start-up error).
  static bool available(char* why, size_t why_len);

  static int register_missing(uintptr_t start, size_t len);
  static int unregister(uintptr_t start, size_t len);

  // Installs len bytes from src at dst (dst must be missing). Returns 0 or
  // errno; *done is set to the bytes installed (EEXIST: already present).
  static int copy(uintptr_t dst, const void* src, size_t len, size_t* done);
  // Moves present pages src -> dst atomically (dst registered, missing).
  static int move(uintptr_t dst, uintptr_t src, size_t len, size_t* done);
  // Wakes threads blocked on [start, start+len) (handler-thread mode).
  static int wake(uintptr_t start, size_t len);

  // Handler-thread mode: waits up to timeout_ms for a page fault and returns
  // its address in *addr (0 when the wait timed out).
  static int read_fault(uintptr_t* addr, int timeout_ms);

  // Drops pages (they read as missing, or as zeros when not registered).
  static int discard(uintptr_t start, size_t len);
  // Counts the resident pages of a range (mincore); *vec gets one byte per page.
  static int residency(uintptr_t start, size_t len, unsigned char* vec);
  // Keeps transparent huge pages away from a range (faults are per 4 KiB page).
  static int no_huge_pages(uintptr_t start, size_t len);

  // Reserves len bytes of private anonymous memory (NORESERVE, lazily
  // committed); returns nullptr on failure.
  static void* map_anonymous(size_t len);
  static void unmap(void* addr, size_t len);

  // Futex on a 32-bit word: wait while *word == expected (up to timeout_ns),
  // wake up to n waiters. Async-signal-safe.
  static void futex_wait(volatile int* word, int expected, jlong timeout_ns);
  static void futex_wake(volatile int* word, int n);
};

#endif // OS_LINUX_DISAGG_DISAGGUSERFAULT_LINUX_HPP
