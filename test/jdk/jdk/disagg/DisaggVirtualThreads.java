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
 * @summary Virtual threads, structured by an executor, compute what platform threads compute.
 * @run main/othervm DisaggVirtualThreads
 */

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

public class DisaggVirtualThreads {
    public static void main(String[] args) throws Exception {
        final int tasks = 10_000;
        long expected = 0;
        for (int i = 0; i < tasks; i++) {
            expected += work(i);
        }
        ReentrantLock lock = new ReentrantLock();
        long[] shared = new long[1];
        long sum = 0;
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                int n = i;
                futures.add(executor.submit(() -> {
                    if (!Thread.currentThread().isVirtual()) {
                        throw new AssertionError("not a virtual thread");
                    }
                    Thread.sleep(n % 3);  // park and resume on a carrier
                    long w = work(n);
                    lock.lock();
                    try {
                        shared[0] += w;
                    } finally {
                        lock.unlock();
                    }
                    return w;
                }));
            }
            for (Future<Long> f : futures) {
                sum += f.get();
            }
        }
        if (sum != expected || shared[0] != expected) {
            throw new AssertionError("sum " + sum + ", shared " + shared[0] + ", expected " + expected);
        }
        System.out.println("10000 virtual threads: " + sum);
    }

    static long work(int n) {
        long h = n;
        for (int i = 0; i < 1000; i++) {
            h = h * 6364136223846793005L + 1442695040888963407L;
        }
        return h & 0xffff;
    }
}
