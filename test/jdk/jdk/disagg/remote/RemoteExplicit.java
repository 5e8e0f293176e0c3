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
 * @summary jdk.disagg.RemoteCarriers: an executor and virtual threads whose work runs on a compute
 *          server, with results, exceptions and refusals through the usual channels.
 * @requires os.family == "linux"
 * @library /test/lib
 * @modules jdk.disagg
 * @build RemoteWorkApp
 * @run driver RemoteExplicit
 */

import java.util.ArrayList;
import java.util.List;
import jdk.test.lib.disagg.ComputeServerProcess;
import jdk.test.lib.disagg.ServerProcess;
import jdk.test.lib.process.OutputAnalyzer;
import jdk.test.lib.process.ProcessTools;

public class RemoteExplicit {
    public static void main(String[] args) throws Exception {
        try (ComputeServerProcess a = ComputeServerProcess.start(ServerProcess.newTokenFile(), 2)) {
            List<String> cmd = new ArrayList<>(a.vmOptions());
            cmd.addAll(List.of("RemoteWorkApp", "explicit"));
            OutputAnalyzer out = ProcessTools.executeTestJava(cmd);
            System.out.println(out.getStdout());
            System.err.println(out.getStderr());
            out.shouldHaveExitValue(0);
            out.shouldContain("carriers 2");
            out.shouldContain("answer 42");
            out.shouldContain("point Point[x=10, y=20]");
            out.shouldContain("threw java.lang.ArithmeticException: boom remote-frames=true");
            out.shouldMatch("refused cannot run this task remotely: .*java.util.concurrent.locks.ReentrantLock");
            out.shouldContain("home copy unchanged true");
            out.shouldContain("virtual thread done true remote-1 uncaught "
                              + "[remote-2: java.lang.UnsupportedOperationException: remote thread failed]");
            out.shouldContain("terminated true");
            long ran = a.tasksRun();
            if (ran < 7) {
                throw new RuntimeException("the server ran " + ran + " tasks, expected at least 7");
            }
        }
    }
}
