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
 * @test id=growing
 * @summary The heap's resident memory, sampled from outside, stays within the local
 *          limit, and its unpaged memory (eden, survivors, free regions that were young,
 *          the CDS archive's regions) within the young reserve and the other local regions,
 *          while G1 grows the heap (no -Xms): free regions that were young keep their memory
 *          only where G1 takes eden next, and faulting threads take room before pages.
 * @requires os.family == "linux" & vm.gc.G1 & vm.bits == 64
 * @library /test/lib
 * @build DisaggWorkload
 * @run driver TestDisaggLocalLimit growing
 */

/*
 * @test id=committed
 * @summary The same with the whole heap committed at start-up (-Xms equal to -Xmx).
 * @requires os.family == "linux" & vm.gc.G1 & vm.bits == 64
 * @library /test/lib
 * @build DisaggWorkload
 * @run driver TestDisaggLocalLimit committed
 */

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.test.lib.disagg.DisaggregatedHeap;
import jdk.test.lib.process.OutputAnalyzer;

public class TestDisaggLocalLimit {
    public static void main(String[] args) throws Exception {
        DisaggregatedHeap.skipIfUnavailable();
        Path heapLog = Path.of("heap.log").toAbsolutePath();
        Path out = Path.of("out.txt").toAbsolutePath();
        List<String> opts = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseG1GC",
                "-XX:+UseDisaggregatedHeap", "-XX:DisaggLocalHeapLimit=32m", "-Xlog:disagg+init",
                "-Xlog:gc+heap+coops=debug:file=" + heapLog + "::filecount=0"));
        if (args[0].equals("committed")) {
            opts.add("-Xms256m");
        }
        ProcessBuilder pb = DisaggregatedHeap.processBuilder(opts, "DisaggWorkload", "linked", "96");  // 3x the limit
        pb.redirectErrorStream(true).redirectOutput(out.toFile());
        Process p = pb.start();

        long[] range = null;
        long peak = 0;
        long wholePeak = 0;
        int samples = 0;
        int stoppedSamples = 0;
        while (p.isAlive()) {
            Thread.sleep(5);
            if (range == null) {
                range = heapRange(heapLog);
                continue;
            }
            try {
                peak = Math.max(peak, heapKiB(p.pid(), range)[0]);
                samples++;
                // Every eighth sample, the whole heap (paged regions and the pager's
                // pool too) with the child stopped: the pager moves pages between the
                // heap and its pool all the time, and a walk of a running process
                // that meets a page in both places counts it twice.
                if (samples % 8 == 0 && stop(p.pid())) {
                    try {
                        wholePeak = Math.max(wholePeak, heapKiB(p.pid(), range)[1]);
                        stoppedSamples++;
                    } finally {
                        signal(p.pid(), "CONT");
                    }
                }
            } catch (IOException gone) {
                // the child exited between isAlive() and the read
            }
        }
        String output = Files.readString(out);
        System.out.println(output);
        if (p.exitValue() != 0) {
            throw new RuntimeException("the program failed with exit code " + p.exitValue());
        }
        DisaggregatedHeap.checksum(new OutputAnalyzer(output));
        Matcher m = Pattern.compile("young reserve (\\d+)M: .* other local (\\d+)M\\), (\\d+)K regions").matcher(output);
        if (!m.find()) {
            throw new RuntimeException("no init line with the young reserve");
        }
        long allowance = (Long.parseLong(m.group(1)) + Long.parseLong(m.group(2))) * 1024;
        System.out.println(samples + " samples; unpaged heap memory peaked at " + peak + " KiB; the young reserve "
                + "and other local regions allow " + allowance + " KiB");
        if (samples < 20) {
            throw new RuntimeException("too few samples (" + samples + ") to say anything");
        }
        // Without the fix this peaked at about 1.5x the allowance (a young generation's
        // worth of idle free regions beside a full young generation). One region of slack:
        // the sampler reads smaps while the VM registers and unregisters regions.
        long region = Long.parseLong(m.group(3));
        if (peak > allowance + region) {
            throw new RuntimeException("the heap's unpaged memory peaked at " + peak + " KiB, over the "
                    + allowance + " KiB that the young reserve and the other local regions allow (and a region)");
        }
        long limit = 32 * 1024;
        System.out.println(stoppedSamples + " samples of the stopped child; the heap peaked at " + wholePeak
                + " KiB; the limit is " + limit + " KiB");
        if (stoppedSamples < 5) {
            throw new RuntimeException("too few samples of the stopped child (" + stoppedSamples + ")");
        }
        // No slack: the child is stopped while it is read. Before faulting threads took
        // room ahead of their pages, each could go over by a read-ahead batch.
        if (wholePeak > limit) {
            throw new RuntimeException("the heap peaked at " + wholePeak + " KiB, over the local limit of "
                    + limit + " KiB");
        }
    }

    // Stops the child (SIGSTOP) and waits until every thread is stopped, so that its
    // memory is read in one state; false if it does not stop (it is exiting).
    static boolean stop(long pid) throws IOException, InterruptedException {
        signal(pid, "STOP");
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean all = true;
            try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path t : (Iterable<Path>) tasks::iterator) {
                    String stat;
                    try {
                        stat = Files.readString(t.resolve("stat"));
                    } catch (IOException threadGone) {
                        continue;
                    }
                    char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
                    all &= state == 'T' || state == 't' || state == 'Z' || state == 'X';
                }
            }
            if (all) {
                return true;
            }
            Thread.onSpinWait();
        }
        signal(pid, "CONT");
        return false;
    }

    static void signal(long pid, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
    }

    // The heap's reservation [start, end), as the VM logs it (gc+heap+coops), or null before.
    static long[] heapRange(Path log) throws IOException {
        if (!Files.exists(log)) {
            return null;
        }
        Matcher m = Pattern.compile("Heap address: 0x([0-9a-f]+), size: (\\d+) MB").matcher(Files.readString(log));
        if (!m.find()) {
            return null;
        }
        long start = Long.parseUnsignedLong(m.group(1), 16);
        return new long[] {start, start + Long.parseLong(m.group(2)) * 1024 * 1024};
    }

    // Resident KiB of {the mappings inside the heap that are not registered with
    // userfaultfd (flags um/uw): the memory the pager does not page; the heap's
    // mappings and the other registered mapping, the pager's pool: the whole heap}.
    static long[] heapKiB(long pid, long[] range) throws IOException {
        long unpaged = 0;
        long whole = 0;
        long start = -1;
        long rss = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps"))) {
            String first = line.split("\\s+", 2)[0];
            if (!first.endsWith(":")) {  // a mapping's header: "start-end perms ..."
                start = Long.parseUnsignedLong(first.substring(0, first.indexOf('-')), 16);
            } else if (line.startsWith("Rss:")) {
                rss = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
            } else if (line.startsWith("VmFlags:")) {
                List<String> flags = List.of(line.substring(8).trim().split("\\s+"));
                boolean registered = flags.contains("um") || flags.contains("uw");
                boolean inHeap = start >= range[0] && start < range[1];
                if (inHeap && !registered) {
                    unpaged += rss;
                }
                if (inHeap || registered) {
                    whole += rss;
                }
            }
        }
        return new long[] {unpaged, whole};
    }
}
