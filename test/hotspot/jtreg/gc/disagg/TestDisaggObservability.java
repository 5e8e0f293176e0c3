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
 * @summary With the disaggregated heap on, DisaggregatedHeapMXBean reports it, its counters
 *          move, jcmd Disagg.info prints the state, and the embedded memory server ends
 *          with the VM even when the VM is killed.
 * @requires os.family == "linux" & vm.gc.G1 & vm.bits == 64
 * @library /test/lib
 * @modules jdk.disagg
 * @run driver TestDisaggObservability
 */

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.disagg.DisaggregatedHeapMXBean;
import jdk.test.lib.JDKToolFinder;
import jdk.test.lib.disagg.DisaggregatedHeap;
import jdk.test.lib.process.OutputAnalyzer;
import jdk.test.lib.process.ProcessTools;

public class TestDisaggObservability {
    static volatile Object sink;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("mxbean")) {
            long[][] live = new long[64][];
            for (int i = 0; i < live.length; i++) {
                live[i] = new long[256 * 1024];  // 128 MiB in all
                java.util.Arrays.fill(live[i], i);
            }
            long sum = 0;
            for (long[] a : live) {
                sum += a[a.length / 2];
            }
            sink = live;
            DisaggregatedHeapMXBean b = ManagementFactory.getPlatformMXBean(DisaggregatedHeapMXBean.class);
            System.out.println("enabled=" + b.isEnabled() + " limit=" + b.getLocalHeapLimit()
                    + " servers=" + b.getMemoryServers() + " evicted=" + b.getPagesEvicted()
                    + " fetched=" + b.getPagesFetched() + " written=" + b.getBytesWrittenBack()
                    + " remote=" + b.getRemoteBytes() + " faults=" + b.getFaultCount()
                    + " faultTime=" + b.getFaultTimeNanos() + " reactivated=" + b.getPagesReactivated()
                    + " p50=" + b.getFaultLatencyP50Nanos() + " sum=" + sum);
            return;
        }
        if (args.length > 0 && args[0].equals("sleep")) {
            long[][] live = new long[48][];
            for (int i = 0; i < live.length; i++) {
                live[i] = new long[256 * 1024];
            }
            sink = live;
            System.out.println("ready");
            Thread.sleep(600_000);
            return;
        }
        DisaggregatedHeap.skipIfUnavailable();

        OutputAnalyzer mx = DisaggregatedHeap.run(List.of("-Xmx512m", "-XX:+UseDisaggregatedHeap",
                "-XX:DisaggLocalHeapLimit=48m", "--add-modules", "jdk.disagg"), "TestDisaggObservability", "mxbean");
        System.out.println(mx.getStdout());
        mx.shouldHaveExitValue(0);
        mx.shouldContain("enabled=true limit=50331648 servers=[127.0.0.1:");
        mx.shouldMatch("evicted=[1-9]\\d* fetched=\\d+ written=[1-9]\\d* remote=[1-9]\\d* faults=[1-9]\\d* faultTime=[1-9]\\d* ");
        mx.shouldContain("sum=2016");

        // A VM that stays up: jcmd, then SIGKILL, then its embedded server must go too.
        ProcessBuilder pb = ProcessTools.createTestJavaProcessBuilder("-Xmx512m", "-XX:+UseDisaggregatedHeap",
                "-XX:DisaggLocalHeapLimit=48m", "-Xlog:disagg+init", "TestDisaggObservability", "sleep");
        pb.environment().put("UCX_TLS", "tcp");
        pb.environment().put("UCX_NET_DEVICES", "lo");
        Process vm = pb.start();
        StringBuilder seen = new StringBuilder();
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(vm.getInputStream()));
        String line;
        while ((line = reader.readLine()) != null && !line.equals("ready")) {
            seen.append(line).append('\n');
        }
        Matcher m = Pattern.compile("embedded memory server at \\S+ \\(pid (\\d+)").matcher(seen);
        if (!m.find()) {
            vm.destroyForcibly();
            throw new RuntimeException("no embedded server in the log:\n" + seen);
        }
        long serverPid = Long.parseLong(m.group(1));
        OutputAnalyzer jcmd = ProcessTools.executeProcess(JDKToolFinder.getJDKTool("jcmd"),
                Long.toString(vm.pid()), "Disagg.info");
        System.out.println(jcmd.getStdout());
        jcmd.shouldHaveExitValue(0);
        jcmd.shouldContain("Disaggregated heap: local limit 48M");
        jcmd.shouldContain("paged regions:");
        jcmd.shouldContain("embedded memory server: pid " + serverPid);

        vm.destroyForcibly();  // SIGKILL: no shutdown hooks, no exit code of ours runs
        vm.waitFor();
        ProcessHandle server = ProcessHandle.of(serverPid).orElse(null);
        if (server != null) {
            server.onExit().get(20, TimeUnit.SECONDS);
        }
        System.out.println("the embedded memory server " + serverPid + " ended with its VM");
    }
}
