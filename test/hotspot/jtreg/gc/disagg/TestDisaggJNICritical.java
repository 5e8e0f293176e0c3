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
 * @summary JNI critical access to arrays that were evicted: native code reads them, and
 *          the kernel reads and writes them in system calls, without a fault it cannot take.
 * @requires os.family == "linux" & vm.gc.G1 & vm.bits == 64
 * @library /test/lib
 * @run main/othervm/native TestDisaggJNICritical
 */

import java.util.List;
import java.util.Random;
import jdk.test.lib.disagg.DisaggregatedHeap;
import jdk.test.lib.process.OutputAnalyzer;

public class TestDisaggJNICritical {
    static native long sumCritical(long[] a);
    static native long pipeCopy(byte[] from, byte[] to);

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            DisaggregatedHeap.skipIfUnavailable();
            OutputAnalyzer out = DisaggregatedHeap.run(List.of("-Xmx512m", "-XX:+UseDisaggregatedHeap",
                    "-XX:DisaggLocalHeapLimit=48m", "-Xlog:disagg", "-Djava.library.path=" + System.getProperty("test.nativepath")),
                    "TestDisaggJNICritical", "child");
            System.out.println(out.getStdout());
            System.out.println(out.getStderr());
            out.shouldHaveExitValue(0);
            out.shouldContain("all critical reads and pipe copies matched");
            if (DisaggregatedHeap.summaryCount(out, "evicted") == 0) {
                throw new RuntimeException("nothing was evicted: the test did not test anything");
            }
            return;
        }
        System.loadLibrary("DisaggCritical");
        // 160 MiB of arrays: most of them are evicted while the later ones are made.
        Random r = new Random(1);
        long[][] longs = new long[40][];
        byte[][] bytes = new byte[40][];
        long[] expected = new long[40];
        for (int i = 0; i < 40; i++) {
            longs[i] = new long[256 * 1024];       // 2 MiB
            for (int j = 0; j < longs[i].length; j += 3) {
                longs[i][j] = r.nextLong();
            }
            long s = 0;
            for (long v : longs[i]) {
                s = s * 31 + v;
            }
            expected[i] = s;
            bytes[i] = new byte[2 * 1024 * 1024];  // 2 MiB
            r.nextBytes(bytes[i]);
        }
        System.gc();
        for (int i = 0; i < 40; i++) {
            long s = sumCritical(longs[i]);
            if (s != expected[i]) {
                throw new RuntimeException("critical sum of array " + i + ": " + s + ", expected " + expected[i]);
            }
            byte[] copy = new byte[bytes[i].length];
            long moved = pipeCopy(bytes[i], copy);
            if (moved != bytes[i].length || !java.util.Arrays.equals(copy, bytes[i])) {
                throw new RuntimeException("pipe copy of array " + i + " moved " + moved + " bytes or differs");
            }
        }
        System.out.println("all critical reads and pipe copies matched");
    }
}
