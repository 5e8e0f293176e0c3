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
 *          used with peer error handling and cost RSS); a UCX_TLS the user gives wins.
 * @requires os.family == "linux" & vm.gc.G1 & vm.bits == 64
 * @library /test/lib
 * @run driver TestDisaggEmbeddedTransport
 */

import java.util.List;
import jdk.test.lib.disagg.DisaggregatedHeap;
import jdk.test.lib.process.OutputAnalyzer;
import jdk.test.lib.process.ProcessTools;

public class TestDisaggEmbeddedTransport {
    public static void main(String[] args) throws Exception {
        DisaggregatedHeap.skipIfUnavailable();
        check(null, "tcp");
        check("tcp,self", "tcp,self");
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
        OutputAnalyzer out = ProcessTools.executeProcess(pb);
        System.out.println(out.getOutput());
        out.shouldHaveExitValue(0);
        out.shouldContain("started an embedded memory server");
        out.shouldContain("transport ucx (UCX_TLS=" + expected + ")");
    }
}
