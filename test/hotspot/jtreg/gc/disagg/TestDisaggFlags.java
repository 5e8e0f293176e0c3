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
 * @summary Bad flags of the disaggregated heap end start-up with exit code 1 and a
 *          message naming the value and what would be accepted.
 * @requires os.family == "linux" & vm.gc.G1 & vm.bits == 64
 * @library /test/lib
 * @run driver TestDisaggFlags
 */

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.test.lib.disagg.DisaggregatedHeap;
import jdk.test.lib.process.OutputAnalyzer;
import jdk.test.lib.process.ProcessTools;

public class TestDisaggFlags {
    static OutputAnalyzer java(String... opts) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(opts));
        cmd.add("-version");
        return ProcessTools.executeLimitedTestJava(cmd);
    }

    static void fails(String expected, String... opts) throws Exception {
        OutputAnalyzer out = java(opts);
        out.shouldHaveExitValue(1);
        out.shouldContain(expected);
        System.out.println("refused as expected: " + String.join(" ", opts));
    }

    public static void main(String[] args) throws Exception {
        DisaggregatedHeap.skipIfUnavailable();

        fails("-XX:+UseDisaggregatedHeap works only with the G1 collector, not with -XX:+UseSerialGC",
              "-XX:+UseSerialGC", "-XX:+UseDisaggregatedHeap");
        fails("not with -XX:+UseParallelGC", "-XX:+UseParallelGC", "-XX:+UseDisaggregatedHeap");
        fails("-XX:DisaggLocalHeapLimit=8M is too small to hold the young generation and the VM's working reserve",
              "-Xmx256m", "-XX:+UseDisaggregatedHeap", "-XX:DisaggLocalHeapLimit=8m");
        fails("Use -XX:DisaggLocalHeapLimit=32M or more",
              "-Xmx256m", "-XX:+UseDisaggregatedHeap", "-XX:DisaggLocalHeapLimit=8m");
        fails("Use -XX:DisaggLocalHeapLimit=256M or more (with this heap's 32768K regions)",
              "-Xmx4g", "-XX:G1HeapRegionSize=32m", "-XX:+UseDisaggregatedHeap", "-XX:DisaggLocalHeapLimit=100m");
        fails("-XX:DisaggMemoryServers needs -XX:DisaggTokenFile",
              "-XX:+UseDisaggregatedHeap", "-XX:DisaggMemoryServers=127.0.0.1:1");
        fails("-XX:MaxNewSize=100M does not fit -XX:DisaggLocalHeapLimit=64M",
              "-Xmx512m", "-XX:MaxNewSize=100m", "-XX:+UseDisaggregatedHeap", "-XX:DisaggLocalHeapLimit=64m");
        fails("-XX:DisaggTransportKind=carrier-pigeon is not a transport",
              "-XX:+UnlockDiagnosticVMOptions", "-XX:+UseDisaggregatedHeap", "-XX:DisaggTransportKind=carrier-pigeon");
        fails("-XX:DisaggReplicas=2 needs that many memory servers",
              "-Xmx256m", "-XX:+UseDisaggregatedHeap", "-XX:DisaggLocalHeapLimit=64m", "-XX:DisaggReplicas=2");
        fails("outside the allowed range", "-XX:+UseDisaggregatedHeap", "-XX:DisaggReplicas=9");
        // Remote carriers: more in test/jdk/jdk/disagg/remote/RemoteBadInput.java.
        fails("-XX:DisaggComputeServers needs -XX:DisaggTokenFile", "-XX:DisaggComputeServers=127.0.0.1:7800");

        Path token = Files.writeString(Path.of("token"), "some-token\n");
        fails("'nohost' is not a server address",
              "-Xmx256m", "-XX:+UseDisaggregatedHeap", "-XX:DisaggLocalHeapLimit=64m",
              "-XX:DisaggMemoryServers=nohost", "-XX:DisaggTokenFile=" + token);
        // A port where nobody listens: the server is named.
        fails("memory server 127.0.0.1:9",
              "-Xmx256m", "-XX:+UseDisaggregatedHeap", "-XX:DisaggLocalHeapLimit=64m",
              "-XX:DisaggMemoryServers=127.0.0.1:9", "-XX:DisaggTokenFile=" + token);
        fails("-XX:DisaggTokenFile=/nonexistent/token cannot be used",
              "-Xmx256m", "-XX:+UseDisaggregatedHeap", "-XX:DisaggLocalHeapLimit=64m",
              "-XX:DisaggMemoryServers=127.0.0.1:9", "-XX:DisaggTokenFile=/nonexistent/token");

        // The young generation is never paged: the reserve is what G1 may really use,
        // the user's MaxNewSize included, and the survivors a pause copies into while the
        // collection set still holds its memory (32 / SurvivorRatio 8); the paged budget
        // is what is left.
        OutputAnalyzer young = java("-Xmx512m", "-XX:+UseDisaggregatedHeap", "-XX:DisaggLocalHeapLimit=64m",
                                    "-XX:MaxNewSize=32m", "-Xlog:disagg+init");
        young.shouldHaveExitValue(0);
        young.shouldContain("local limit 64M of a 512M heap (young reserve 36M: 32M young and 4M for a pause's survivors; "
                            + "paged budget 26M");

        // A tuning flag that would defeat the limit is ignored, with a warning.
        OutputAnalyzer preTouch = java("-Xmx256m", "-XX:+UseDisaggregatedHeap", "-XX:DisaggLocalHeapLimit=64m",
                                       "-XX:+AlwaysPreTouch");
        preTouch.shouldHaveExitValue(0);
        preTouch.shouldContain("-XX:+AlwaysPreTouch is ignored with -XX:+UseDisaggregatedHeap");

        // A limit that holds the whole heap is fine, and says paging is not needed.
        OutputAnalyzer big = java("-Xmx64m", "-XX:+UseDisaggregatedHeap", "-XX:DisaggLocalHeapLimit=1g", "-Xlog:disagg+init");
        big.shouldHaveExitValue(0);
        big.shouldContain("paging will not be needed");
    }
}
