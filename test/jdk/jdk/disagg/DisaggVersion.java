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
 * @summary The image identifies itself as Disagg JDK and is a complete JDK.
 * @library /test/lib
 * @run driver DisaggVersion
 */

import java.nio.file.Files;
import java.nio.file.Path;
import jdk.test.lib.JDKToolFinder;
import jdk.test.lib.process.OutputAnalyzer;
import jdk.test.lib.process.ProcessTools;

public class DisaggVersion {
    public static void main(String[] args) throws Exception {
        OutputAnalyzer out = ProcessTools.executeProcess(JDKToolFinder.getJDKTool("java"), "-version");
        out.shouldHaveExitValue(0);
        out.stderrShouldMatch("Disagg JDK Runtime Environment \\(build 26\\.0\\.2\\.1\\+1-disagg\\)");
        out.stderrShouldContain("64-Bit Server VM");

        OutputAnalyzer props = ProcessTools.executeProcess(JDKToolFinder.getJDKTool("java"),
                "-XshowSettings:properties", "-version");
        props.shouldContain("java.vendor = Disagg JDK Project");
        props.shouldContain("java.runtime.name = Disagg JDK Runtime Environment");

        // A complete JDK: the tools users expect are there and run.
        for (String tool : new String[] {"javac", "jshell", "jlink", "jdisagg"}) {
            OutputAnalyzer v = ProcessTools.executeProcess(JDKToolFinder.getJDKTool(tool), "--version");
            v.shouldHaveExitValue(0);
            v.shouldContain("26");
        }
        ProcessTools.executeProcess(JDKToolFinder.getJDKTool("jcmd"), "-l").shouldHaveExitValue(0);
        Path release = Path.of(System.getProperty("java.home"), "release");
        String r = Files.readString(release);
        if (!r.contains("jdk.disagg")) {
            throw new RuntimeException("module jdk.disagg missing from " + release + ":\n" + r);
        }
    }
}
