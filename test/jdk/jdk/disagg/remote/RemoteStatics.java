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
 * @summary Lambdas that read or write the program's static fields, print, or read system
 *          properties never run remotely with the server's values: their leaves run at home
 *          and the results equal a run without remote carriers; enums still run remotely;
 *          static finals of immutable values read their home value remotely; a static
 *          initializer that fails only on the server sends the leaf home; an explicit
 *          task that reads a static field is refused with RemoteCarrierException; class-path
 *          resources and services are the client's remotely; a file named relative to the
 *          working directory is read at home.
 * @requires os.family == "linux"
 * @library /test/lib
 * @modules jdk.disagg
 * @build RemoteStaticsApp
 * @run driver RemoteStatics
 */

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.test.lib.disagg.ComputeServerProcess;
import jdk.test.lib.disagg.ServerProcess;
import jdk.test.lib.process.OutputAnalyzer;
import jdk.test.lib.process.ProcessTools;

public class RemoteStatics {
    public static void main(String[] args) throws Exception {
        // On the class path: a resource and a service; in the working directory: a file.
        Path classes = Path.of(System.getProperty("test.classes"));
        Files.writeString(classes.resolve("remote-statics-data.txt"), "data of the client's class path\n");
        Files.createDirectories(classes.resolve("META-INF/services"));
        Files.writeString(classes.resolve("META-INF/services/RemoteStaticsApp$Weight"), "RemoteStaticsApp$OddWeight\n");
        Files.writeString(Path.of("remote-statics-input.txt"), "a file in the client's working directory\n");
        OutputAnalyzer local = run(List.of());
        local.shouldHaveExitValue(0);
        try (ComputeServerProcess a = ComputeServerProcess.start(ServerProcess.newTokenFile(), 1)) {
            List<String> opts = new ArrayList<>(a.vmOptions());
            opts.add("-Djdk.disagg.remote.minLeafMicros=0");  // send every leaf that may go
            opts.add("-Djdk.disagg.remote.summary=true");
            OutputAnalyzer remote = run(opts);
            System.out.println(remote.getStdout());
            System.err.println(remote.getStderr());
            remote.shouldHaveExitValue(0);
            for (String what : List.of("factor ", "counter ", "stored ", "printed ", "property ", "enums ", "finals ",
                                       "table ", "linked ", "pattern ", "immutables ", "mutable ",
                                       "record is the program's own: ",
                                       "resources ", "files ")) {
                if (!line(remote, what).equals(line(local, what))) {
                    throw new RuntimeException("'" + what + "' differs: " + line(local, what) + " here, "
                                               + line(remote, what) + " with remote carriers");
                }
            }
            for (int i = 0; i < 40; i++) {
                remote.stdoutShouldContain("tick " + i + "\n");  // printed here, not on the server
            }
            remote.stderrShouldContain("a stream runs here: it reads static field RemoteStaticsApp.factor");
            remote.stderrShouldContain("a stream runs here: it reads static field RemoteStaticsApp.hits");
            remote.stderrShouldContain("a stream runs here: it writes static field RemoteStaticsApp.last");
            remote.stderrShouldContain("a stream runs here: it uses System.out");
            remote.stderrShouldContain("a stream runs here: it reads system property app.scale");
            remote.stderrShouldNotContain("Color");
            // Resources and services are served by the client; a file is read here.
            remote.stderrShouldNotContain("resource");
            remote.stderrShouldNotContain("ServiceLoader");
            remote.stderrShouldContain("a stream runs here: it calls Files.readString");
            // Finals of immutable values read their home value remotely; an array stays home.
            remote.stderrShouldNotContain("RemoteStaticsApp.SEED");
            remote.stderrShouldNotContain("RemoteStaticsApp.TAG");
            remote.stderrShouldContain("a stream runs here: it reads static field RemoteStaticsApp.TABLE");
            // So do a Pattern, immutable collections, a record and a BigInteger;
            // a mutable list stays home.
            for (String f : List.of("WORD", "PRIMES", "WEIGHTS", "LIMITS", "BIG")) {
                remote.stderrShouldNotContain("reads static field RemoteStaticsApp." + f);
            }
            remote.stderrShouldContain("a stream runs here: it reads static field RemoteStaticsApp.MUTABLE");
            // A result holding the server's copy of the record is not sent back: the
            // leaf ran again here, and the program found its own object.
            local.stdoutShouldContain("record is the program's own: 200 true");
            remote.stderrShouldContain("this server's copy of a static final value of the program");
            // A static initializer that fails on the server is no answer: the leaf runs again here.
            // (the first leaf to fail meets the initializer's error, a later one NoClassDefFoundError)
            remote.stderrShouldMatch("a stream runs here: its code could not be linked on the server: "
                                     + "java.lang.(ExceptionInInitializerError|NoClassDefFoundError)");
            remote.stdoutShouldMatch("explicit refused mayHaveRun=true: the task cannot run on a remote carrier: "
                                     + "it reads static field RemoteStaticsApp.factor");
            // 30 evaluations of the factor stream: after the first, its code is known to stay home.
            int again = Integer.parseInt(remote.firstMatch("(\\d+) run again after a failure", 1));
            if (again >= 30) {
                throw new RuntimeException(again + " leaves ran again: code a server stopped was sent again");
            }
            if (a.tasksRun() == 0) {
                throw new RuntimeException("no leaf ran on the compute server");
            }
        }
    }

    static String line(OutputAnalyzer out, String prefix) {
        return out.getStdout().lines().filter(l -> l.startsWith(prefix)).findFirst()
                  .orElseThrow(() -> new RuntimeException("no line '" + prefix + "...' in:\n" + out.getStdout()));
    }

    static OutputAnalyzer run(List<String> opts) throws Exception {
        List<String> cmd = new ArrayList<>(opts);
        cmd.addAll(List.of("-Dapp.scale=3", "-Dapp.seed=12345", "RemoteStaticsApp", "7", "remote-statics-input.txt"));
        ProcessBuilder pb = ProcessTools.createTestJavaProcessBuilder(cmd);
        pb.environment().put("APP_MARKER", "1");  // here, not on the compute server
        return ProcessTools.executeProcess(pb);
    }
}
