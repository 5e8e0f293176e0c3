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
 * @test id=linked
 * @summary A linked live set four times the local limit, paged to the embedded memory
 *          server through young, mixed and full GCs, computes what it computes all-local.
 * @requires os.family == "linux" & vm.gc.G1 & vm.bits == 64
 * @library /test/lib
 * @build DisaggWorkload
 * @run driver TestDisaggLiveSet linked
 */

/*
 * @test id=humongous
 * @summary Humongous arrays four times the local limit.
 * @requires os.family == "linux" & vm.gc.G1 & vm.bits == 64
 * @library /test/lib
 * @build DisaggWorkload
 * @run driver TestDisaggLiveSet humongous
 */

/*
 * @test id=mixed
 * @summary Linked data and humongous arrays with System.gc() (full GCs).
 * @requires os.family == "linux" & vm.gc.G1 & vm.bits == 64
 * @library /test/lib
 * @build DisaggWorkload
 * @run driver TestDisaggLiveSet mixed
 */

/*
 * @test id=fragmented
 * @summary Humongous arrays that a maximal full GC moves together, some into regions
 *          another moved array has just left (a region cleared for a humongous object
 *          that is already there must keep its contents).
 * @requires os.family == "linux" & vm.gc.G1 & vm.bits == 64
 * @library /test/lib
 * @build DisaggWorkload
 * @run driver TestDisaggLiveSet fragmented
 */

import java.util.ArrayList;
import java.util.List;
import jdk.test.lib.disagg.DisaggregatedHeap;
import jdk.test.lib.process.OutputAnalyzer;

public class TestDisaggLiveSet {
    public static void main(String[] args) throws Exception {
        DisaggregatedHeap.skipIfUnavailable();
        String mode = args[0];
        String live = mode.equals("fragmented") ? "120" : "192";  // MiB; 192 is four times the limit below

        OutputAnalyzer local = DisaggregatedHeap.run(List.of("-Xmx512m", "-XX:+UseG1GC"),
                "DisaggWorkload", mode, live);
        local.shouldHaveExitValue(0);

        List<String> opts = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseG1GC",
                "-XX:+UseDisaggregatedHeap", "-XX:DisaggLocalHeapLimit=48m",
                "-Xlog:disagg=info,disagg+init=info,disagg+gc=info", "-Xlog:gc"));
        if (mode.equals("fragmented")) {
            opts.add("-Xlog:gc+phases=debug");
        }
        OutputAnalyzer far = DisaggregatedHeap.run(opts, "DisaggWorkload", mode, live);
        System.out.println(far.getStdout());
        far.shouldHaveExitValue(0);
        far.shouldContain("starting an embedded memory server");
        far.shouldMatch("the embedded memory server at 127\\.0\\.0\\.1:\\d+ \\(pid \\d+, log .*\\) is up");
        far.shouldContain("Disaggregated heap: local limit 48M of a 512M heap");
        if (mode.equals("mixed")) {
            far.shouldContain("Pause Full");
        }
        if (mode.equals("fragmented")) {
            far.shouldContain("Humonguous Compaction");  // sic, G1's spelling
        }
        if (!DisaggregatedHeap.checksum(local).equals(DisaggregatedHeap.checksum(far))) {
            throw new RuntimeException("checksums differ: all-local " + DisaggregatedHeap.checksum(local)
                    + ", disaggregated " + DisaggregatedHeap.checksum(far));
        }
        long evicted = DisaggregatedHeap.summaryCount(far, "evicted");
        long fetched = DisaggregatedHeap.summaryCount(far, "pages fetched");
        if (evicted == 0 || fetched == 0) {
            throw new RuntimeException("the heap was not paged: evicted " + evicted + ", fetched " + fetched);
        }
        long waits = DisaggregatedHeap.summaryCount(far, "waits for room");  // reported, even if 0
        System.out.println("checksum " + DisaggregatedHeap.checksum(far) + " both ways; evicted " + evicted
                + " pages, fetched " + fetched + ", " + waits + " waits for room");
    }
}
