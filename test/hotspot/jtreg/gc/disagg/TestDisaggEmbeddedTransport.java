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
 * @summary The embedded memory server is on this host, so without a UCX_TLS of the user's the
 *          VM uses loopback tcp (UCX's default sets up shared-memory transports that cannot be
 *          used with peer error handling and cost RSS); a UCX_TLS the user gives wins. The VM
 *          does not wait for the server to start: a program that ends first ends at once, and
 *          its server with it; a server that cannot start ends the VM with exit code 1 and the
 *          reason (a program that pages cannot get past it).
 * @requires os.family == "linux" & vm.gc.G1 & vm.bits == 64
 * @library /test/lib
 * @run driver TestDisaggEmbeddedTransport
 */

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.test.lib.disagg.DisaggregatedHeap;
import jdk.test.lib.process.OutputAnalyzer;
import jdk.test.lib.process.ProcessTools;

public class TestDisaggEmbeddedTransport {
    public static void main(String[] args) throws Exception {
        DisaggregatedHeap.skipIfUnavailable();
        check(null, "tcp");
        check("tcp,self", "tcp,self");
        serverThatCannotStart();
    }

    // Live data twice the limit, with a server command that takes the token and exits without
    // saying it is ready. (It reads the token first: a command that exits before the VM hands
    // it over fails at start-up instead, "cannot hand the token", which is not this case.)
    static void serverThatCannotStart() throws Exception {
        Path failing = Path.of("failing-memserver.sh").toAbsolutePath();
        Files.writeString(failing, "#!/bin/sh\nread token\nexit 1\n");
        if (!failing.toFile().setExecutable(true)) {
            throw new RuntimeException("cannot make " + failing + " executable");
        }
        List<String> bad = List.of("-XX:+UseDisaggregatedHeap", "-XX:DisaggLocalHeapLimit=48m", "-Xmx256m",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:DisaggMemServerCommand=" + failing);
        OutputAnalyzer pages = DisaggregatedHeap.run(bad, "TestDisaggEmbeddedTransport$Fill", "96");
        System.out.println(pages.getOutput());
        pages.shouldHaveExitValue(1);
        pages.shouldContain("Error: Disaggregated heap: cannot start the embedded memory server: "
                + "the embedded memory server (" + failing + " memserver) did not start");
        pages.shouldNotContain("filled");
    }

    public static class Fill {
        static Object sink;
        public static void main(String[] args) {
            int mib = Integer.parseInt(args[0]);
            long[][] live = new long[mib][];
            for (int i = 0; i < mib; i++) {
                live[i] = new long[128 * 1024];
            }
            sink = live;
            System.out.println("filled " + mib + " MiB");
        }
    }

    static void check(String userTls, String expected) throws Exception {
        ProcessBuilder pb = ProcessTools.createTestJavaProcessBuilder(List.of(
                "-XX:+UseDisaggregatedHeap", "-XX:DisaggLocalHeapLimit=64m", "-Xmx256m",
                "-Xlog:disagg+init", "-version"));
        pb.environment().remove("UCX_TLS");
        pb.environment().remove("UCX_NET_DEVICES");
        if (userTls != null) {
            pb.environment().put("UCX_TLS", userTls);
        }
        long start = System.nanoTime();
        OutputAnalyzer out = ProcessTools.executeProcess(pb);
        System.out.println(out.getOutput());
        Matcher m = Pattern.compile("starting an embedded memory server \\(pid (\\d+)").matcher(out.getOutput());
        if (!m.find()) {
            throw new RuntimeException("no embedded server in the log");
        }
        // Not waited for at start-up, and ended with the VM (its input closes).
        ProcessHandle server = ProcessHandle.of(Long.parseLong(m.group(1))).orElse(null);
        if (server != null) {
            server.onExit().get(20, TimeUnit.SECONDS);
        }
        out.shouldHaveExitValue(0);
        out.shouldContain("starting an embedded memory server");
        out.shouldContain("transport ucx (UCX_TLS=" + expected + ")");
    }
}
