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

    /**
     * Runs the test JDK with {@code options} and then {@code mainAndArgs}
     * (a program of the test), echoes what it printed, and returns it.
     */
    public static jdk.test.lib.process.OutputAnalyzer runJava(List<String> options, String... mainAndArgs)
            throws Exception {
        List<String> cmd = new ArrayList<>(options);
        cmd.addAll(List.of(mainAndArgs));
        jdk.test.lib.process.OutputAnalyzer out = jdk.test.lib.process.ProcessTools.executeTestJava(cmd);
        System.out.println(out.getStdout());
        System.err.println(out.getStderr());
        return out;
    }

    /**
     * Runs the program as {@link #runJava} does and checks that it ends
     * normally and prints exactly what {@code local} (its run without
     * remote carriers) printed.
     */
    public static jdk.test.lib.process.OutputAnalyzer runJavaLike(jdk.test.lib.process.OutputAnalyzer local,
                                                                  List<String> options, String... mainAndArgs)
            throws Exception {
        jdk.test.lib.process.OutputAnalyzer out = runJava(options, mainAndArgs);
        out.shouldHaveExitValue(0);
        if (!out.getStdout().equals(local.getStdout())) {
            throw new RuntimeException("results differ:\n--- local\n" + local.getStdout()
                                       + "--- remote\n" + out.getStdout());
        }
        return out;
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
