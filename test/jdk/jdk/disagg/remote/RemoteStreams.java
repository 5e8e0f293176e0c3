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
 * @summary Parallel streams of an unmodified program give the same results with remote carriers
 *          as without, and their leaves really run on the compute servers, short-circuiting
 *          operations (anyMatch, findFirst...) included.
 * @requires os.family == "linux"
 * @library /test/lib
 * @build StreamShapes
 * @run driver RemoteStreams
 */

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.test.lib.disagg.ComputeServerProcess;
import jdk.test.lib.disagg.ServerProcess;
import jdk.test.lib.process.OutputAnalyzer;

public class RemoteStreams {
    public static void main(String[] args) throws Exception {
        OutputAnalyzer local = ComputeServerProcess.runJava(List.of(), "StreamShapes");
        local.shouldHaveExitValue(0);

        Path token = ServerProcess.newTokenFile();
        try (ComputeServerProcess a = ComputeServerProcess.start(token, 2);
             ComputeServerProcess b = ComputeServerProcess.start(token, 1)) {
            List<String> opts = new ArrayList<>(a.vmOptions(b));
            // Send every leaf that may go, however small, so that every shape crosses.
            opts.add("-Djdk.disagg.remote.minLeafMicros=0");
            opts.add("-Djdk.disagg.remote.summary=true");
            OutputAnalyzer remote = ComputeServerProcess.runJavaLike(local, opts, "StreamShapes");
            remote.shouldMatch("Disagg remote carriers: [1-9][0-9]* stream leaves sent");
            // Short-circuiting operations (anyMatch, findFirst...) are sent too.
            OutputAnalyzer localShort = ComputeServerProcess.runJava(List.of(), "StreamShapes", "short-circuit");
            localShort.shouldHaveExitValue(0);
            localShort.shouldContain("find-first is the program's own object = true");
            OutputAnalyzer remoteShort = ComputeServerProcess.runJavaLike(localShort, opts, "StreamShapes",
                                                                          "short-circuit");
            remoteShort.shouldMatch("Disagg remote carriers: [1-9][0-9]* stream leaves sent");
            // Whether the throwing leaf ran remotely varies from run to run;
            // RemoteExplicit checks that remote frames are marked.
            long ranA = a.tasksRun(), ranB = b.tasksRun();
            System.out.println("tasks run: " + ranA + " on " + a.address() + ", " + ranB + " on " + b.address());
            if (ranA == 0 || ranB == 0) {
                throw new RuntimeException("a compute server ran no task: " + ranA + ", " + ranB);
            }
        }
    }
}
