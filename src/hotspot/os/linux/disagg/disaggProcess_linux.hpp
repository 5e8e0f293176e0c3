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

#ifndef OS_LINUX_DISAGG_DISAGGPROCESS_LINUX_HPP
#define OS_LINUX_DISAGG_DISAGGPROCESS_LINUX_HPP

#include "memory/allStatic.hpp"
#include "utilities/globalDefinitions.hpp"

// Processes and files the disaggregated heap needs from the OS: the
// embedded memory server (a child that ends with the VM, even when the VM
// is killed: it watches the pipe on its standard input), random session
// ids and tokens, and reading the token file.
class DisaggProcess : AllStatic {
  static int _server_pid;
  static int _server_stdin;
  static int _server_stdout;

public:
  // Starts `launcher memserver ...` on loopback with a free port and hands
  // it `token` on its standard input. Its standard error goes to log_path.
  // cds_archive, if not null, is the class-data archive of the server's
  // classes (bin/jdisagg only). Does not wait for it: see wait_memserver.
  static bool spawn_memserver(const char* launcher, const char* cds_archive, size_t capacity,
                              const char* token, const char* log_path, char* err, size_t err_len);
  enum class Ready { Yes, Failed, Stopped };
  // Waits (at most a minute) for the spawned server's ready line and
  // returns its address (host:port) in `address`; Stopped as soon as *stop
  // is set (the VM is ending), Failed with a message when the server exits
  // or says nothing. Once only.
  static Ready wait_memserver(const char* launcher, const char* log_path, volatile bool* stop,
                              char* address, size_t address_len, char* err, size_t err_len);
  // Ends the embedded server (closes its standard input); idempotent.
  static void stop_memserver();
  static int memserver_pid() { return _server_pid; }

  static bool random_bytes(void* buf, size_t len);
  // Reads a small file; returns its length (trailing newlines removed) or -1.
  static ssize_t read_small_file(const char* path, char* buf, size_t len, char* err, size_t err_len);
};

#endif // OS_LINUX_DISAGG_DISAGGPROCESS_LINUX_HPP
