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
 * @summary A memory server that stalls is retried with backoff and the program completes
 *          correctly; one that stays away past -XX:DisaggServerTimeout ends the VM with a
 *          fatal error that names it, and the hs_err file has a "Disaggregated heap" section.
 * @requires os.family == "linux" & vm.gc.G1 & vm.bits == 64
 * @library /test/lib
 * @build DisaggWorkload
 * @run driver TestDisaggServerStall
 */

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.test.lib.disagg.DisaggregatedHeap;
import jdk.test.lib.disagg.MemoryServerProcess;
import jdk.test.lib.process.OutputAnalyzer;
import jdk.test.lib.process.ProcessTools;

public class TestDisaggServerStall {
    public static void main(String[] args) throws Exception {
        DisaggregatedHeap.skipIfUnavailable();
        String expected;
        {
            OutputAnalyzer local = DisaggregatedHeap.run(List.of("-Xmx512m"), "DisaggWorkload", "linked", "160");
            local.shouldHaveExitValue(0);
            expected = DisaggregatedHeap.checksum(local);
        }

        // 1. A two-second stall in the middle of the run.
        try (MemoryServerProcess server = MemoryServerProcess.start("1g")) {
            ProcessBuilder pb = ProcessTools.createTestJavaProcessBuilder("-Xmx512m", "-XX:+UseDisaggregatedHeap",
                    "-XX:DisaggLocalHeapLimit=40m", "-XX:DisaggMemoryServers=" + server.address(),
                    "-XX:DisaggTokenFile=" + server.tokenFile(), "-XX:+UnlockDiagnosticVMOptions",
                    "-XX:DisaggRequestTimeout=200", "-Xlog:disagg", "DisaggWorkload", "linked", "160");
            pb.environment().put("UCX_TLS", "tcp");
            pb.environment().put("UCX_NET_DEVICES", "lo");
            Process vm = pb.start();
            OutputAnalyzer[] out = new OutputAnalyzer[1];
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    out[0] = new OutputAnalyzer(vm);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(1500);  // the VM is paging by now
            server.stall();
            Thread.sleep(2000);
            server.resume();
            reader.join();
            System.out.println(out[0].getStdout());
            out[0].shouldHaveExitValue(0);
            out[0].shouldMatch("Memory server 127\\.0\\.0\\.1:\\d+: \\d+ request\\(s\\) failed");
            if (!DisaggregatedHeap.checksum(out[0]).equals(expected)) {
                throw new RuntimeException("wrong checksum after a stall: " + DisaggregatedHeap.checksum(out[0]));
            }
            if (DisaggregatedHeap.summaryCount(out[0], "retries") == 0) {
                throw new RuntimeException("no retries were counted");
            }
        }

        // 2. A server that never comes back: fatal error naming it, after the deadline.
        try (MemoryServerProcess server = MemoryServerProcess.start("1g")) {
            ProcessBuilder pb = ProcessTools.createTestJavaProcessBuilder("-Xmx512m", "-XX:+UseDisaggregatedHeap",
                    "-XX:DisaggLocalHeapLimit=40m", "-XX:DisaggMemoryServers=" + server.address(),
                    "-XX:DisaggTokenFile=" + server.tokenFile(), "-XX:DisaggServerTimeout=3000",
                    "-XX:+UnlockDiagnosticVMOptions", "-XX:DisaggRequestTimeout=200", "-XX:-CreateCoredumpOnCrash",
                    "-XX:ErrorFile=./hs_err_disagg_%p.log", "DisaggWorkload", "linked", "160");
            pb.environment().put("UCX_TLS", "tcp");
            pb.environment().put("UCX_NET_DEVICES", "lo");
            Process vm = pb.start();
            OutputAnalyzer[] out = new OutputAnalyzer[1];
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    out[0] = new OutputAnalyzer(vm);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(1500);
            server.stall();
            if (!vm.waitFor(60, TimeUnit.SECONDS)) {
                vm.destroyForcibly();
                throw new RuntimeException("the VM hung instead of failing after the deadline");
            }
            reader.join();
            server.resume();
            OutputAnalyzer o = out[0];
            System.out.println(o.getStdout());
            if (o.getExitValue() == 0) {
                throw new RuntimeException("the VM exited normally although its only server was gone");
            }
            o.shouldMatch("Disaggregated heap: memory server 127\\.0\\.0\\.1:\\d+ was unreachable for \\d+ ms");
            Matcher m = Pattern.compile("# (\\S*hs_err_disagg_\\d+\\.log)").matcher(o.getStdout() + o.getStderr());
            if (!m.find()) {
                throw new RuntimeException("no hs_err file reported");
            }
            String hsErr = Files.readString(Path.of(m.group(1)));
            if (!hsErr.contains("Disaggregated heap: local limit 40M")) {
                throw new RuntimeException("the hs_err file has no Disaggregated heap section");
            }
        }
    }
}
