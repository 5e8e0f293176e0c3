/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.jmh;

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

/**
 * Allocation that retains some of what it allocates, under a tight local
 * limit: young collections, promotion into paged old regions, eviction.
 * Also the cost of the feature compiled in but off: run it on this JDK
 * without -XX:+UseDisaggregatedHeap and on the upstream build.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AllocBench {
    @Param("128")
    public int retainedMb;

    byte[][] ring;
    int next;

    @Setup(Level.Trial)
    public void setup() {
        ring = new byte[retainedMb * 1024][];  // retainedMb of 1 KiB arrays, replaced round robin
    }

    /** Allocates 1 KiB, keeping it until the ring comes round again (an old-generation working set). */
    @Benchmark
    public byte[] allocateAndRetain() {
        byte[] b = new byte[1024];
        b[next & 1023] = (byte) next;
        ring[next] = b;
        next = next + 1 == ring.length ? 0 : next + 1;
        return b;
    }

    /** Allocates 1 KiB that dies at once: pure young-generation work. */
    @Benchmark
    public byte[] allocateShortLived() {
        byte[] b = new byte[1024];
        b[next++ & 1023] = 1;
        return b;
    }
}
