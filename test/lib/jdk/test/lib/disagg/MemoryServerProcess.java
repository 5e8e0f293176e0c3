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

package jdk.test.lib.disagg;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A {@code jdisagg memserver} run by a test (see {@link ServerProcess}). */
public final class MemoryServerProcess extends ServerProcess {
    private static final Pattern READY = Pattern.compile(
            "disagg memserver ready listen=(\\S+) admin=(\\S+) capacity=(\\d+)");

    private MemoryServerProcess(ServerProcess p) {
        super(p);
    }

    /** Starts a server holding at most {@code capacity} (e.g. "256m"), with extra options. */
    public static MemoryServerProcess start(String capacity, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--capacity", capacity));
        args.addAll(List.of(extra));
        return new MemoryServerProcess(launch("memserver", READY, newTokenFile(), args));
    }
}
