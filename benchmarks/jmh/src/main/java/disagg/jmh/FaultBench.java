/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reading data that mostly does not fit the local limit, from Java: the
 * fault path as a program sees it. The heap holds LIVE_MB of arrays; with
 * -XX:DisaggLocalHeapLimit at a quarter of that, most reads of the random
 * benchmark fault (fetch a page), while the sequential one fetches ahead.
 * Run it with and without the disaggregated heap (benchmarks/jmh/run.sh).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FaultBench {
    @Param("256")
    public int liveMb;

    long[][] arrays;
    SplittableRandom random;
    int cursorArray;
    int cursorIndex;

    @Setup(Level.Trial)
    public void setup() {
        arrays = new long[liveMb][];
        for (int i = 0; i < liveMb; i++) {
            arrays[i] = new long[128 * 1024 - 4];  // just under 1 MiB: not humongous with 2 MiB regions
            java.util.Arrays.fill(arrays[i], i);
        }
        random = new SplittableRandom(1);
        System.gc();  // promote everything: old regions are what is paged
    }

    /** One 8-byte read at a random place: a page fault (and a fetch) whenever the page is remote. */
    @Benchmark
    public long randomRead() {
        long[] a = arrays[random.nextInt(arrays.length)];
        return a[random.nextInt(a.length)];
    }

    /** One 8-byte read per 4 KiB page, in address order: read-ahead turns faults into batches. */
    @Benchmark
    public long sequentialPageRead() {
        long v = arrays[cursorArray][cursorIndex];
        cursorIndex += 512;
        if (cursorIndex >= arrays[cursorArray].length) {
            cursorIndex = 0;
            cursorArray = (cursorArray + 1) % arrays.length;
        }
        return v;
    }
}
