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

/*
 * @test
 * @summary A compute server killed mid-stream: the stream still returns the right answer;
 *          killed under an explicit task: Future.get throws RemoteCarrierException.
 * @requires os.family == "linux"
 * @library /test/lib
 * @modules jdk.disagg
 * @build RemoteWorkApp
 * @run driver RemoteFailures
 */

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.test.lib.disagg.ComputeServerProcess;
import jdk.test.lib.disagg.ServerProcess;
import jdk.test.lib.process.OutputAnalyzer;
import jdk.test.lib.process.ProcessTools;

public class RemoteFailures {
    public static void main(String[] args) throws Exception {
        Path token = ServerProcess.newTokenFile();
        try (ComputeServerProcess a = ComputeServerProcess.start(token, 2);
             ComputeServerProcess b = ComputeServerProcess.start(token, 1)) {
            OutputAnalyzer out = runAndKill(a.vmOptions(b), "slow-stream", "STARTED", 400, a);
            out.shouldHaveExitValue(0);
            out.shouldMatch("sum = (\\d+) expected \\1");
            out.shouldContain("compute server " + a.address() + " lost");
            out.shouldMatch("[1-9][0-9]* run again after a failure");
        }
        try (ComputeServerProcess a = ComputeServerProcess.start(token, 1)) {
            OutputAnalyzer out = runAndKill(a.vmOptions(), "lost-task", "SUBMITTED", 500, a);
            out.shouldHaveExitValue(0);
            out.shouldContain("lost: server=" + a.address() + " mayHaveRun=true retrySafe=false");
        }
    }

    /** Runs the app; when it prints {@code marker}, waits {@code millis} and kills {@code victim}. */
    static OutputAnalyzer runAndKill(List<String> vmOptions, String mode, String marker, long millis,
                                     ComputeServerProcess victim) throws Exception {
        List<String> cmd = new ArrayList<>(vmOptions);
        cmd.addAll(List.of("-Djdk.disagg.remote.minLeafMicros=0", "-Djdk.disagg.remote.summary=true",
                           "RemoteWorkApp", mode));
        CountDownLatch seen = new CountDownLatch(1);
        Process p = ProcessTools.startProcess(mode, ProcessTools.createTestJavaProcessBuilder(cmd), line -> {
            if (line.contains(marker)) {
                seen.countDown();
            }
        });
        if (!seen.await(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new RuntimeException("the app never printed " + marker);
        }
        Thread.sleep(millis);
        victim.kill();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new RuntimeException("the app hung after its compute server was killed");
        }
        OutputAnalyzer out = new OutputAnalyzer(p);
        System.out.println(out.getStdout());
        System.err.println(out.getStderr());
        return out;
    }
}
