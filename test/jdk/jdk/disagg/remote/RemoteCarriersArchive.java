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
 * @summary A VM with compute servers maps the class-data archive that holds the remote-carrier
 *          classes (lib/server/classes_remote_carriers.jsa) and loads them from it; a VM without
 *          compute servers, or one that chose its own archive or variant, keeps the default one.
 * @requires os.family == "linux" & vm.cds
 * @library /test/lib
 * @modules jdk.disagg
 * @build RemoteWorkApp
 * @run driver RemoteCarriersArchive
 */

import java.nio.file.Files;
import java.nio.file.Path;
import jdk.test.lib.disagg.ServerProcess;
import jdk.test.lib.process.OutputAnalyzer;
import jdk.test.lib.process.ProcessTools;

public class RemoteCarriersArchive {
    static final String SELECTED = "Remote carriers: class-data archive ";

    public static void main(String[] args) throws Exception {
        Path archive = Path.of(System.getProperty("test.jdk"), "lib", "server", "classes_remote_carriers.jsa");
        if (!Files.isRegularFile(archive)) {
            throw new RuntimeException(archive + " is missing: make/disagg/build.sh makes it with every image");
        }
        Path token = ServerProcess.newTokenFile();
        String servers = "-XX:DisaggComputeServers=127.0.0.1:1";  // nothing listens: the work runs here

        // Chosen, mapped, and the remote-carrier classes come from it.
        OutputAnalyzer out = ProcessTools.executeTestJava(servers, "-XX:DisaggTokenFile=" + token,
                "-Xshare:auto", "-Xlog:disagg", "-Xlog:cds=info", "-Xlog:class+load=info",
                "-Djdk.disagg.remote.minLeafMicros=0", "RemoteWorkApp", "unreachable");
        out.shouldHaveExitValue(0);
        out.shouldContain(SELECTED + archive);
        out.shouldContain("Opened shared archive file " + archive);
        out.shouldMatch("jdk\\.internal\\.disagg\\.remote\\.Carriers source: shared objects file");

        // No compute servers: the default archive, which does not have them.
        out = ProcessTools.executeTestJava("-Xshare:auto", "-Xlog:cds=info", "-version");
        out.shouldHaveExitValue(0);
        out.shouldNotContain("classes_remote_carriers.jsa");
        out.shouldMatch("Opened shared archive file .*classes\\.jsa");

        // The program's own choices win: another variant, no sharing, its own archive.
        for (String[] opts : new String[][] {{"-XX:-UseCompressedOops"}, {"-Xshare:off"},
                                             {"-XX:SharedArchiveFile=" + archive.resolveSibling("classes.jsa")}}) {
            String[] cmd = new String[opts.length + 4];
            cmd[0] = servers;
            cmd[1] = "-XX:DisaggTokenFile=" + token;
            cmd[2] = "-Xlog:disagg";
            System.arraycopy(opts, 0, cmd, 3, opts.length);
            cmd[cmd.length - 1] = "-version";
            out = ProcessTools.executeTestJava(cmd);
            out.shouldHaveExitValue(0);
            out.shouldNotContain(SELECTED);
        }
    }
}
