/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.stream.LongStream;
import jdk.disagg.RemoteCarriers;

/**
 * The remote-carrier benchmarks run by benchmarks/remote/run.sh (one mode per
 * JVM, so that each measurement has the JVM it describes):
 *
 *   dispatch N          round trip of an empty task through RemoteCarriers (p50, p99)
 *   stream MICROS N     an unmodified CPU-bound parallel stream: N elements of about MICROS
 *                       of work each; prints its time and its result
 *   forkjoin MICROS N   the same work as a program's own RecursiveTask (halving down to
 *                       100 elements) invoked in the common pool
 *   small MICROS N R    the same stream R times (after R warm-up runs); prints the median
 *                       time of one, for the break-even between remote and local
 */
public class RemoteBench {
    /**
     * {@code iterations} steps of integer work; the result depends only on
     * {@code v}.  Xorshift: the JIT can neither fold it (as it does much of
     * a linear congruential loop) nor vectorize it.
     */
    static long work(long v, long iterations) {
        long h = v | 1;
        for (long i = 0; i < iterations; i++) {
            h ^= h << 13;
            h ^= h >>> 7;
            h ^= h << 17;
        }
        return (v * v) % 1_000_003 + (h == 42 ? 1 : 0);  // h is used, so the loop stays
    }

    /** Iterations of {@link #work} that take about {@code micros} here, once the JIT compiled it. */
    static long calibrate(long micros) {
        long sink = 0;
        long end = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < end) {
            sink += work(sink, 10_000);  // warm-up: compiled before it is timed
        }
        long iters = 1_000_000;
        long t0 = System.nanoTime();
        for (int r = 0; r < 50; r++) {
            sink += work(r + sink, iters);
        }
        long per = (System.nanoTime() - t0) / 50;
        return Math.max(1, iters * micros * 1000 / per + (sink == 42 ? 1 : 0));
    }

    /** The same work as a program's own divide-and-conquer RecursiveTask, in the common pool. */
    static final class Sum extends RecursiveTask<Long> {
        final long lo, hi, iters;
        Sum(long lo, long hi, long iters) { this.lo = lo; this.hi = hi; this.iters = iters; }
        @Override
        protected Long compute() {
            if (hi - lo <= 100) {
                long s = 0;
                for (long v = lo; v < hi; v++) {
                    s += work(v, iters);
                }
                return s;
            }
            long mid = (lo + hi) >>> 1;
            Sum left = new Sum(lo, mid, iters);
            left.fork();
            long right = new Sum(mid, hi, iters).compute();
            return right + left.join();
        }
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "dispatch" -> {
                int n = Integer.parseInt(args[1]);
                ExecutorService ex = RemoteCarriers.newExecutor();
                for (int i = 0; i < 500; i++) {
                    ex.submit(() -> null).get();
                }
                long[] t = new long[n];
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    ex.submit(() -> null).get();
                    t[i] = System.nanoTime() - t0;
                }
                Arrays.sort(t);
                System.out.printf("dispatch p50_us=%.1f p99_us=%.1f%n", t[n / 2] / 1e3, t[n * 99 / 100] / 1e3);
            }
            case "stream" -> {
                long micros = Long.parseLong(args[1]);
                int n = Integer.parseInt(args[2]);
                long iters = calibrate(micros);
                long t0 = System.nanoTime();
                long sum = LongStream.range(0, n).parallel().map(v -> work(v, iters)).sum();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("stream ms=%d result=%d%n", ms, sum);
            }
            case "forkjoin" -> {
                long micros = Long.parseLong(args[1]);
                int n = Integer.parseInt(args[2]);
                long iters = calibrate(micros);
                long t0 = System.nanoTime();
                long sum = ForkJoinPool.commonPool().invoke(new Sum(0, n, iters));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("forkjoin ms=%d result=%d%n", ms, sum);
            }
            case "small" -> {
                long micros = Long.parseLong(args[1]);
                int n = Integer.parseInt(args[2]);
                int r = Integer.parseInt(args[3]);
                long iters = calibrate(micros);
                long[] t = new long[r];
                long sum = 0;
                for (int i = -r; i < r; i++) {
                    long t0 = System.nanoTime();
                    sum = LongStream.range(0, n).parallel().map(v -> work(v, iters)).sum();
                    if (i >= 0) {
                        t[i] = System.nanoTime() - t0;
                    }
                }
                Arrays.sort(t);
                System.out.printf("small us=%d result=%d%n", t[r / 2] / 1000, sum);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
