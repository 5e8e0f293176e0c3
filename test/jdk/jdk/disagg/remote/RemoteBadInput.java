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
 * @summary Bad remote-carrier input gets clear errors: malformed -XX:DisaggComputeServers, no token,
 *          an unreachable server (named; the program still runs), bad compute server options.
 * @requires os.family == "linux"
 * @library /test/lib
 * @modules jdk.disagg
 * @build RemoteWorkApp
 * @run driver RemoteBadInput
 */

import java.nio.file.Path;
import java.util.List;
import jdk.test.lib.JDKToolFinder;
import jdk.test.lib.disagg.ServerProcess;
import jdk.test.lib.process.OutputAnalyzer;
import jdk.test.lib.process.ProcessTools;

public class RemoteBadInput {
    public static void main(String[] args) throws Exception {
        Path token = ServerProcess.newTokenFile();

        OutputAnalyzer out = ProcessTools.executeTestJava("-XX:DisaggComputeServers=nohost",
                "-XX:DisaggTokenFile=" + token, "-version");
        out.shouldHaveExitValue(1);
        out.shouldContain("-XX:DisaggComputeServers=nohost: 'nohost' is not a server address");

        out = ProcessTools.executeTestJava("-XX:DisaggComputeServers=127.0.0.1:7710", "-version");
        out.shouldHaveExitValue(1);
        out.shouldContain("-XX:DisaggComputeServers needs -XX:DisaggTokenFile");

        // Nothing listens on port 1: the server is named, the work runs here.
        out = ProcessTools.executeTestJava("-XX:DisaggComputeServers=127.0.0.1:1", "-XX:DisaggTokenFile=" + token,
                "-Djdk.disagg.remote.minLeafMicros=0", "RemoteWorkApp", "unreachable");
        System.out.println(out.getOutput());
        out.shouldHaveExitValue(0);
        long expected = 0;
        for (int i = 0; i < 2000; i++) {
            expected += (long) i * i;
        }
        out.shouldContain("sum = " + expected);
        out.shouldContain("compute server 127.0.0.1:1 is unreachable");
        out.shouldMatch("refused: jdk.disagg.RemoteCarrierException: no compute server is usable \\(127.0.0.1:1: ");

        String jdisagg = JDKToolFinder.getJDKTool("jdisagg");
        out = ProcessTools.executeProcess(jdisagg, "computeserver", "--carriers", "0", "--token-file", token.toString());
        out.shouldHaveExitValue(2);
        out.shouldContain("--carriers");
        out = ProcessTools.executeProcess(jdisagg, "computeserver", "--listen", "127.0.0.1:0");
        out.shouldHaveExitValue(2);
        out.shouldContain("--token-file is required");
        out = ProcessTools.executeProcess(jdisagg, "computeserver", "--help");
        out.shouldHaveExitValue(0);
        out.shouldContain("--carriers N");
        out.shouldContain("--admin-port PORT");
    }
}
