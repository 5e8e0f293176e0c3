/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import jdk.disagg.RemoteCarriers;

/**
 * The training run of make/disagg/build.sh for the JDK's default class-data
 * archive: it takes the paths a home VM takes with remote carriers
 * (connecting, sending stream leaves and fork/join tasks, an explicit remote
 * task), so that the JDK classes they load are in the archive.  Run with
 * {@code -XX:DisaggComputeServers} and {@code -Djdk.disagg.remote.minLeafMicros=0}
 * (every leaf that may go goes).  Fails if no compute server is connected.
 */
public class RemoteCarriersTraining {
    static final class Sum extends RecursiveTask<Long> {
        final long lo, hi;

        Sum(long lo, long hi) {
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected Long compute() {
            if (hi - lo <= 1000) {
                long s = 0;
                for (long v = lo; v < hi; v++) {
                    s += v * v % 7;
                }
                return s;
            }
            long mid = (lo + hi) >>> 1;
            Sum left = new Sum(lo, mid);
            left.fork();
            return new Sum(mid, hi).compute() + left.join();
        }
    }

    public static void main(String[] args) throws Exception {
        if (RemoteCarriers.carrierCount() == 0) {
            System.err.println("no remote carrier");
            System.exit(1);
        }
        for (int round = 0; round < 3; round++) {
            long sum = LongStream.range(0, 200_000).parallel().map(v -> v * v % 1_000_003).sum();
            List<Integer> list = IntStream.range(0, 20_000).parallel().boxed().filter(i -> i % 3 != 0).toList();
            Map<Integer, Long> groups = list.parallelStream()
                    .collect(Collectors.groupingBy(i -> i % 10, Collectors.counting()));
            long fj = ForkJoinPool.commonPool().invoke(new Sum(0, 1_000_000));
            if (sum <= 0 || groups.size() != 10 || fj <= 0) {
                throw new AssertionError(sum + " " + groups + " " + fj);
            }
        }
        ExecutorService ex = RemoteCarriers.newExecutor();
        int x = 20;
        if (ex.submit(() -> x * 2 + 2).get() != 42) {
            throw new AssertionError();
        }
        ex.shutdown();
    }
}
