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

#ifndef SHARE_DISAGG_DISAGGDCMD_HPP
#define SHARE_DISAGG_DISAGGDCMD_HPP

#include "services/diagnosticCommand.hpp"

// jcmd <pid> Disagg.info: the disaggregated heap's state and counters.
class DisaggInfoDCmd : public DCmd {
public:
  DisaggInfoDCmd(outputStream* output, bool heap) : DCmd(output, heap) {}
  static const char* name() { return "Disagg.info"; }
  static const char* description() {
    return "Print the state of the disaggregated heap: local limit, paged regions, memory servers, "
           "and the counters of faults, fetches, evictions and transfers.";
  }
  static const char* impact() { return "Low"; }
  virtual void execute(DCmdSource source, TRAPS);
};

#endif // SHARE_DISAGG_DISAGGDCMD_HPP
