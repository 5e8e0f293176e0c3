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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A {@code jdisagg computeserver} run by a test (see {@link ServerProcess}). */
public final class ComputeServerProcess extends ServerProcess {
    private static final Pattern READY = Pattern.compile(
            "disagg computeserver ready listen=(\\S+) admin=(\\S+) carriers=(\\d+)");

    private ComputeServerProcess(ServerProcess p) {
        super(p);
    }

    /** Starts a server with {@code carriers} carrier threads that accepts the token in {@code token}. */
    public static ComputeServerProcess start(Path token, int carriers, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--carriers", Integer.toString(carriers)));
        args.addAll(List.of(extra));
        return new ComputeServerProcess(launch("computeserver", READY, token, args));
    }

    /** The VM options that use this server (and {@code others}) as remote carriers. */
    public List<String> vmOptions(ComputeServerProcess... others) {
        StringBuilder servers = new StringBuilder(address());
        for (ComputeServerProcess o : others) {
            servers.append(',').append(o.address());
        }
        return List.of("-XX:DisaggComputeServers=" + servers, "-XX:DisaggTokenFile=" + tokenFile());
    }

    /** The number of tasks this server ran, from its /metrics. */
    public long tasksRun() throws IOException, InterruptedException {
        long n = 0;
        for (String line : admin("/metrics").body().split("\n")) {
            if (line.startsWith("disagg_computeserver_tasks_total{")) {
                n += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return n;
    }
}
