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
 * @summary The fork/join tasks of an unmodified program give the same results with remote
 *          carriers as without; pure ones run on the compute server, and ones that write to
 *          what they were given or read the program's statics run at home.
 * @requires os.family == "linux"
 * @library /test/lib
 * @build ForkJoinApp
 * @run driver RemoteForkJoin
 */

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.test.lib.disagg.ComputeServerProcess;
import jdk.test.lib.disagg.ServerProcess;
import jdk.test.lib.process.OutputAnalyzer;

public class RemoteForkJoin {
    public static void main(String[] args) throws Exception {
        OutputAnalyzer local = ComputeServerProcess.runJava(List.of(), "ForkJoinApp");
        local.shouldHaveExitValue(0);
        local.shouldContain("is the program's own object: true");
        local.shouldContain("threw java.lang.IllegalStateException: element 123456 is bad");

        Path token = ServerProcess.newTokenFile();
        try (ComputeServerProcess server = ComputeServerProcess.start(token, 2)) {
            List<String> opts = new ArrayList<>(server.vmOptions());
            opts.add("-Djdk.disagg.remote.minLeafMicros=0");
            opts.add("-Djdk.disagg.remote.summary=true");
            OutputAnalyzer remote = ComputeServerProcess.runJavaLike(local, opts, "ForkJoinApp");
            remote.shouldMatch("Disagg remote carriers: .* [1-9][0-9]* fork/join tasks sent");
            // The tasks that write to their array, and those that read a
            // static, were stopped on the server and ran here.
            remote.shouldContain("fork/join tasks of ForkJoinApp$Scale run here: it writes to the objects it was given");
            remote.shouldContain("fork/join tasks of ForkJoinApp$Scaled run here: it reads static field ForkJoinApp.factor");
            remote.shouldContain("fork/join tasks of ForkJoinApp$Linked run here: the task.parent is a ForkJoinApp$Linked: "
                                 + "a task other than the one sent");
            if (server.tasksRun() == 0) {
                throw new RuntimeException("the compute server ran no task");
            }
        }
    }
}
