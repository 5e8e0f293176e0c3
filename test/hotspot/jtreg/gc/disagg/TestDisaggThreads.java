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
 * @test id=platform
 * @summary Many platform threads mutate a live set four times the local limit.
 * @requires os.family == "linux" & vm.gc.G1 & vm.bits == 64
 * @library /test/lib
 * @build DisaggWorkload
 * @run driver TestDisaggThreads threads 16
 */

/*
 * @test id=virtual
 * @summary Many virtual threads mutate a live set four times the local limit.
 * @requires os.family == "linux" & vm.gc.G1 & vm.bits == 64
 * @library /test/lib
 * @build DisaggWorkload
 * @run driver TestDisaggThreads vthreads 1000
 */

import java.util.List;
import jdk.test.lib.disagg.DisaggregatedHeap;
import jdk.test.lib.process.OutputAnalyzer;

public class TestDisaggThreads {
    public static void main(String[] args) throws Exception {
        DisaggregatedHeap.skipIfUnavailable();
        String mode = args[0], threads = args[1];
        OutputAnalyzer local = DisaggregatedHeap.run(List.of("-Xmx512m"), "DisaggWorkload", mode, "160", threads);
        local.shouldHaveExitValue(0);
        OutputAnalyzer far = DisaggregatedHeap.run(List.of("-Xmx512m", "-XX:+UseDisaggregatedHeap",
                "-XX:DisaggLocalHeapLimit=40m", "-Xlog:disagg"), "DisaggWorkload", mode, "160", threads);
        System.out.println(far.getStdout());
        far.shouldHaveExitValue(0);
        String a = DisaggregatedHeap.checksum(local), b = DisaggregatedHeap.checksum(far);
        if (!a.equals(b)) {
            throw new RuntimeException("checksums differ: all-local " + a + ", disaggregated " + b);
        }
        if (DisaggregatedHeap.summaryCount(far, "faults") == 0) {
            throw new RuntimeException("no faults: the heap was not paged");
        }
    }
}
