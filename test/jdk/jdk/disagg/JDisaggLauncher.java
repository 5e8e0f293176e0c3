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
 * @summary bin/jdisagg starts a real memory server, documents and checks its options.
 * @requires os.family == "linux"
 * @library /test/lib
 * @run driver JDisaggLauncher
 */

import jdk.test.lib.JDKToolFinder;
import jdk.test.lib.disagg.MemoryServerProcess;
import jdk.test.lib.process.OutputAnalyzer;
import jdk.test.lib.process.ProcessTools;

public class JDisaggLauncher {
    public static void main(String[] args) throws Exception {
        String jdisagg = JDKToolFinder.getJDKTool("jdisagg");

        OutputAnalyzer none = ProcessTools.executeProcess(jdisagg);
        none.shouldHaveExitValue(2);
        none.stderrShouldContain("Usage: jdisagg <command>");

        OutputAnalyzer unknown = ProcessTools.executeProcess(jdisagg, "frobnicate");
        unknown.shouldHaveExitValue(2);
        unknown.stderrShouldContain("unknown command 'frobnicate'");

        OutputAnalyzer help = ProcessTools.executeProcess(jdisagg, "memserver", "--help");
        help.shouldHaveExitValue(0);
        for (String option : new String[] {"--listen", "--capacity", "--token-file", "--admin-port",
                                           "--grace", "--log-level", "--exit-on-stdin-eof"}) {
            help.shouldContain(option);
        }

        // Bad input gets a clear error naming the value and what is accepted.
        OutputAnalyzer bad = ProcessTools.executeProcess(jdisagg, "memserver", "--capacity", "12 parsecs",
                                                         "--token-file", "/dev/null");
        bad.shouldHaveExitValue(2);
        bad.stderrShouldContain("'12 parsecs' is not a size");
        bad.stderrShouldContain("for example 512m or 64g");
        OutputAnalyzer noToken = ProcessTools.executeProcess(jdisagg, "memserver");
        noToken.shouldHaveExitValue(2);
        noToken.stderrShouldContain("--token-file is required");
        OutputAnalyzer port = ProcessTools.executeProcess(jdisagg, "memserver", "--listen", "127.0.0.1:99999",
                                                          "--token-file", "/dev/null");
        port.shouldHaveExitValue(2);
        port.stderrShouldContain("port 99999 is out of range 0 to 65535");

        // A real server: ready line, /health, /metrics.
        try (MemoryServerProcess server = MemoryServerProcess.start("64m")) {
            var health = server.admin("/health");
            if (health.statusCode() != 200 || !health.body().contains("\"capacity_bytes\":67108864")) {
                throw new RuntimeException("bad /health: " + health.statusCode() + " " + health.body());
            }
            var metrics = server.admin("/metrics");
            if (!metrics.body().contains("# TYPE disagg_memserver_used_bytes gauge")) {
                throw new RuntimeException("bad /metrics: " + metrics.body());
            }
            System.out.println("memory server at " + server.address() + ": " + health.body());
        }
    }
}
