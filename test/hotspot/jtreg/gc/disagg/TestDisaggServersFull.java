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
 * @summary When every memory server is full the heap cannot grow: allocation fails with an
 *          OutOfMemoryError whose message says so (and the VM neither hangs nor crashes).
 * @requires os.family == "linux" & vm.gc.G1 & vm.bits == 64
 * @library /test/lib
 * @run driver TestDisaggServersFull
 */

import java.util.ArrayList;
import java.util.List;
import jdk.test.lib.disagg.DisaggregatedHeap;
import jdk.test.lib.disagg.MemoryServerProcess;
import jdk.test.lib.process.OutputAnalyzer;

public class TestDisaggServersFull {
    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            List<long[]> keep = new ArrayList<>();
            try {
                for (int i = 0; i < 400; i++) {
                    long[] a = new long[128 * 1024];  // 1 MiB each, all live
                    for (int j = 0; j < a.length; j += 512) {
                        a[j] = i * 31L + j;
                    }
                    keep.add(a);
                }
                System.out.println("allocated everything: the servers were not full");
            } catch (OutOfMemoryError e) {
                int kept = keep.size();
                keep = null;
                System.out.println("OutOfMemoryError after " + kept + " MiB: " + e.getMessage());
            }
            return;
        }
        DisaggregatedHeap.skipIfUnavailable();
        try (MemoryServerProcess server = MemoryServerProcess.start("48m")) {
            OutputAnalyzer out = DisaggregatedHeap.run(List.of("-Xmx512m", "-XX:+UseDisaggregatedHeap",
                    "-XX:DisaggLocalHeapLimit=48m", "-XX:DisaggMemoryServers=" + server.address(),
                    "-XX:DisaggTokenFile=" + server.tokenFile(), "-Xlog:disagg"),
                    "TestDisaggServersFull", "child");
            System.out.println(out.getStdout());
            out.shouldHaveExitValue(0);
            out.shouldContain("Java heap space: the disaggregated heap cannot grow: every memory server is full");
            out.shouldContain("Every memory server is full");
        }
    }
}
