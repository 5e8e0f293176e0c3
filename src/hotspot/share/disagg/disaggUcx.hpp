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

#ifndef SHARE_DISAGG_DISAGGUCX_HPP
#define SHARE_DISAGG_DISAGGUCX_HPP

#include "memory/allStatic.hpp"
#include "utilities/globalDefinitions.hpp"

#include <ucp/api/ucp.h>

// The UCX API, loaded at run time with dlopen so that a JDK on a machine
// without UCX starts normally and only -XX:+UseDisaggregatedHeap fails
// (with a message saying what is missing). The declarations come from
// UCX's headers; the build links nothing from UCX.
class DisaggUcx : AllStatic {
  static bool _loaded;
public:
  // Sets the UCX_* variables that keep UCX from patching this process's
  // memory calls and from replacing HotSpot's signal handlers. Must run
  // before any UCX library loads (also jucx's, for remote carriers).
  static void prepare_environment();
  static decltype(&::ucp_config_read)                  config_read;
  static decltype(&::ucp_config_release)               config_release;
  static decltype(&::ucp_config_modify)                config_modify;
  static decltype(&::ucp_init_version)                 init_version;
  static decltype(&::ucp_cleanup)                      cleanup;
  static decltype(&::ucp_worker_create)                worker_create;
  static decltype(&::ucp_worker_destroy)               worker_destroy;
  static decltype(&::ucp_worker_progress)              worker_progress;
  static decltype(&::ucp_worker_get_efd)               worker_get_efd;
  static decltype(&::ucp_worker_arm)                   worker_arm;
  static decltype(&::ucp_worker_set_am_recv_handler)   worker_set_am_recv_handler;
  static decltype(&::ucp_ep_create)                    ep_create;
  static decltype(&::ucp_ep_close_nbx)                 ep_close_nbx;
  static decltype(&::ucp_am_send_nbx)                  am_send_nbx;
  static decltype(&::ucp_am_recv_data_nbx)             am_recv_data_nbx;
  static decltype(&::ucp_request_check_status)         request_check_status;
  static decltype(&::ucp_request_free)                 request_free;
  static decltype(&::ucs_status_string)                status_string;

  // Loads libucp/libucs once. On failure returns false with a message in
  // err naming what could not be found.
  static bool load(char* err, size_t err_len);
  static bool is_loaded() { return _loaded; }
};

#endif // SHARE_DISAGG_DISAGGUCX_HPP
