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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.test.lib.process.OutputAnalyzer;
import jdk.test.lib.process.ProcessTools;

/** Runs programs in child VMs with and without the disaggregated heap. */
public final class DisaggregatedHeap {
    private DisaggregatedHeap() { }

    /**
     * Skips the test (jtreg.SkippedException) when this machine cannot page a
     * heap: userfaultfd is root-only unless vm.unprivileged_userfaultfd=1.
     */
    public static void skipIfUnavailable() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path sysctl = Path.of("/proc/sys/vm/unprivileged_userfaultfd");
        boolean unprivileged = Files.exists(sysctl) && Files.readString(sysctl).trim().equals("1");
        if (!root && !unprivileged) {
            throw new jtreg.SkippedException("userfaultfd is not available to this user");
        }
    }

    /** Runs `mainClass args` in a child VM with the given VM options (plus the test's own). */
    public static OutputAnalyzer run(List<String> vmOptions, String mainClass, String... args) throws Exception {
        return ProcessTools.executeProcess(processBuilder(vmOptions, mainClass, args));
    }

    /**
     * The child VM of run(), not started: for tests that watch it while it runs. UCX
     * over loopback tcp unless the environment says otherwise.
     */
    public static ProcessBuilder processBuilder(List<String> vmOptions, String mainClass, String... args)
            throws Exception {
        List<String> cmd = new ArrayList<>(vmOptions);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = ProcessTools.createTestJavaProcessBuilder(cmd);
        pb.environment().putIfAbsent("UCX_TLS", "tcp");
        pb.environment().putIfAbsent("UCX_NET_DEVICES", "lo");
        pb.environment().putIfAbsent("UCX_LOG_LEVEL", "error");
        return pb;
    }

    /** The value of the first "checksum XXXX" line a program printed. */
    public static String checksum(OutputAnalyzer out) {
        Matcher m = Pattern.compile("checksum ([0-9a-f]{16})").matcher(out.getStdout());
        if (!m.find()) {
            throw new RuntimeException("no checksum in the output:\n" + out.getStdout() + "\n" + out.getStderr());
        }
        return m.group(1);
    }

    /**
     * A counter from the exit summary (-Xlog:disagg), e.g. "evicted": the last
     * occurrence, since per-GC lines (-Xlog:disagg+gc) use the same words.
     */
    public static long summaryCount(OutputAnalyzer out, String what) {
        Matcher m = Pattern.compile(what + " (\\d+)").matcher(out.getStdout());
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        if (last == null) {
            throw new RuntimeException("no '" + what + "' in the summary:\n" + out.getStdout());
        }
        return Long.parseLong(last);
    }
}
