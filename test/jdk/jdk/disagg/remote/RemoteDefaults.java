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
 * @summary Work goes only to compute servers whose JDK defaults (locale, time zone, charset, line
 *          separator) are the home VM's, which JDK methods read on their own: a Turkish server
 *          gets no work from a VM that is not, until the program turns Turkish; then a server
 *          that is not Turkish gets none; the results are the all-local ones throughout.
 * @requires os.family == "linux"
 * @library /test/lib
 * @modules jdk.disagg
 * @build DefaultsApp
 * @run driver RemoteDefaults
 */

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.test.lib.disagg.ComputeServerProcess;
import jdk.test.lib.disagg.ServerProcess;
import jdk.test.lib.process.OutputAnalyzer;

public class RemoteDefaults {
    static List<String> options(ComputeServerProcess server) {
        List<String> opts = new ArrayList<>(server.vmOptions());
        opts.add("-Djdk.disagg.remote.minLeafMicros=0");
        opts.add("-Djdk.disagg.remote.summary=true");
        return opts;
    }

    public static void main(String[] args) throws Exception {
        OutputAnalyzer local = ComputeServerProcess.runJava(List.of(), "DefaultsApp");
        local.shouldHaveExitValue(0);
        local.shouldMatch("upper: TITLE0 \\.\\.\\. TITLE19999, 0 with a dotted capital I");
        OutputAnalyzer localSwitch = ComputeServerProcess.runJava(List.of(), "DefaultsApp", "switch");
        localSwitch.shouldHaveExitValue(0);
        localSwitch.shouldMatch("upper after tr-TR: T\u0130TLE0 \\.\\.\\. T\u0130TLE19999, 20000 with a dotted capital I");

        Path token = ServerProcess.newTokenFile();
        try (ComputeServerProcess turkish = ComputeServerProcess.start(token, 1, "-J-Duser.language=tr",
                                                                        "-J-Duser.country=TR");
             ComputeServerProcess plain = ComputeServerProcess.start(token, 1)) {
            // A Turkish server gets no work from this VM, and says why.
            OutputAnalyzer out = ComputeServerProcess.runJavaLike(local, options(turkish), "DefaultsApp");
            out.shouldContain("compute server " + turkish.address() + " is not used while its JDK defaults differ");
            out.shouldContain("locale tr-TR there");
            if (turkish.tasksRun() != 0) {
                throw new RuntimeException("the Turkish server ran " + turkish.tasksRun() + " tasks");
            }

            // Once the program turns Turkish, the Turkish server gets its work.
            ComputeServerProcess.runJavaLike(localSwitch, options(turkish), "DefaultsApp", "switch");
            if (turkish.tasksRun() == 0) {
                throw new RuntimeException("the Turkish server ran no task for a Turkish VM");
            }

            // A server like this VM gets the work until the program turns
            // Turkish; then it is not used, and the answer is Turkish.
            out = ComputeServerProcess.runJavaLike(localSwitch, options(plain), "DefaultsApp", "switch");
            out.shouldMatch("compute server " + plain.address() + " is not used while its JDK defaults differ .*"
                            + "tr-TR here");
            if (plain.tasksRun() == 0) {
                throw new RuntimeException("the server like this VM ran no task");
            }

            // An explicit task is refused with the reason.
            out = ComputeServerProcess.runJava(turkish.vmOptions(), "DefaultsApp", "explicit");
            out.shouldHaveExitValue(0);
            out.shouldContain("explicit threw jdk.disagg.RemoteCarrierException: no compute server is usable ("
                              + turkish.address() + ": its JDK defaults differ from this VM's: locale tr-TR there");
        }
    }
}
