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
#include "disagg/disaggUcx.hpp"
#include "runtime/os.hpp"

#include <stdlib.h>

bool DisaggUcx::_loaded = false;
decltype(&::ucp_config_read)                DisaggUcx::config_read = nullptr;
decltype(&::ucp_config_release)             DisaggUcx::config_release = nullptr;
decltype(&::ucp_config_modify)              DisaggUcx::config_modify = nullptr;
decltype(&::ucp_init_version)               DisaggUcx::init_version = nullptr;
decltype(&::ucp_cleanup)                    DisaggUcx::cleanup = nullptr;
decltype(&::ucp_worker_create)              DisaggUcx::worker_create = nullptr;
decltype(&::ucp_worker_destroy)             DisaggUcx::worker_destroy = nullptr;
decltype(&::ucp_worker_progress)            DisaggUcx::worker_progress = nullptr;
decltype(&::ucp_worker_get_efd)             DisaggUcx::worker_get_efd = nullptr;
decltype(&::ucp_worker_arm)                 DisaggUcx::worker_arm = nullptr;
decltype(&::ucp_worker_set_am_recv_handler) DisaggUcx::worker_set_am_recv_handler = nullptr;
decltype(&::ucp_ep_create)                  DisaggUcx::ep_create = nullptr;
decltype(&::ucp_ep_close_nbx)               DisaggUcx::ep_close_nbx = nullptr;
decltype(&::ucp_am_send_nbx)                DisaggUcx::am_send_nbx = nullptr;
decltype(&::ucp_am_recv_data_nbx)           DisaggUcx::am_recv_data_nbx = nullptr;
decltype(&::ucp_request_check_status)       DisaggUcx::request_check_status = nullptr;
decltype(&::ucp_request_free)               DisaggUcx::request_free = nullptr;
decltype(&::ucs_status_string)              DisaggUcx::status_string = nullptr;

template <typename T>
static bool lookup(void* lib, const char* name, T* fn, char* err, size_t err_len) {
  *fn = (T)os::dll_lookup(lib, name);
  if (*fn == nullptr) {
    jio_snprintf(err, err_len, "UCX library lacks %s (UCX 1.10 or later is needed)", name);
    return false;
  }
  return true;
}

void DisaggUcx::prepare_environment() {
  // UCX would otherwise patch mmap/munmap/madvise and malloc in this
  // process (binary instrumentation) to track memory; the VM manages its
  // own memory and registers nothing with UCX. Users may still override.
  ::setenv("UCX_MEM_EVENTS", "no", 0);
  ::setenv("UCX_MEM_MALLOC_HOOKS", "no", 0);
  ::setenv("UCX_MEM_MMAP_HOOK_MODE", "none", 0);
  // UCX would install its own SIGSEGV/SIGBUS/SIGILL/SIGFPE handlers when
  // libucs loads, replacing HotSpot's: the first implicit null check would
  // then kill the VM. Not optional, so it overrides the environment.
  ::setenv("UCX_ERROR_SIGNALS", "", 1);
}

bool DisaggUcx::load(char* err, size_t err_len) {
  if (_loaded) {
    return true;
  }
  prepare_environment();

  char ebuf[512];
  void* ucs = os::dll_load("libucs.so.0", ebuf, sizeof(ebuf));
  void* ucp = ucs != nullptr ? os::dll_load("libucp.so.0", ebuf, sizeof(ebuf)) : nullptr;
  if (ucp == nullptr) {
    jio_snprintf(err, err_len, "UCX is not installed (cannot load %s: %s); on Debian: apt-get install libucx0",
                 ucs == nullptr ? "libucs.so.0" : "libucp.so.0", ebuf);
    return false;
  }
  // Belt and braces: the same switch jucx uses, where libucs has it.
  void (*disable_signals)() = (void (*)())os::dll_lookup(ucs, "ucs_debug_disable_signals");
  if (disable_signals != nullptr) {
    disable_signals();
  }
  bool ok = lookup(ucp, "ucp_config_read", &config_read, err, err_len)
         && lookup(ucp, "ucp_config_release", &config_release, err, err_len)
         && lookup(ucp, "ucp_config_modify", &config_modify, err, err_len)
         && lookup(ucp, "ucp_init_version", &init_version, err, err_len)
         && lookup(ucp, "ucp_cleanup", &cleanup, err, err_len)
         && lookup(ucp, "ucp_worker_create", &worker_create, err, err_len)
         && lookup(ucp, "ucp_worker_destroy", &worker_destroy, err, err_len)
         && lookup(ucp, "ucp_worker_progress", &worker_progress, err, err_len)
         && lookup(ucp, "ucp_worker_get_efd", &worker_get_efd, err, err_len)
         && lookup(ucp, "ucp_worker_arm", &worker_arm, err, err_len)
         && lookup(ucp, "ucp_worker_set_am_recv_handler", &worker_set_am_recv_handler, err, err_len)
         && lookup(ucp, "ucp_ep_create", &ep_create, err, err_len)
         && lookup(ucp, "ucp_ep_close_nbx", &ep_close_nbx, err, err_len)
         && lookup(ucp, "ucp_am_send_nbx", &am_send_nbx, err, err_len)
         && lookup(ucp, "ucp_am_recv_data_nbx", &am_recv_data_nbx, err, err_len)
         && lookup(ucp, "ucp_request_check_status", &request_check_status, err, err_len)
         && lookup(ucp, "ucp_request_free", &request_free, err, err_len)
         && lookup(ucs, "ucs_status_string", &status_string, err, err_len);
  _loaded = ok;
  return ok;
}
