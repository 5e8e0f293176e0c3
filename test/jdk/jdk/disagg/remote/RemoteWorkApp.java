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

import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import jdk.disagg.RemoteCarrierException;
import jdk.disagg.RemoteCarriers;

/** The programs the remote-carrier tests run: one per mode (the first argument). */
public class RemoteWorkApp {
    record Point(int x, int y) { }

    static long burn(int i, long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long h = i;
        while (System.nanoTime() < end) {
            h = h * 31 + 7;
        }
        return (long) i * i + (h == 42 ? 1 : 0);   // the value does not depend on the burning
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "slow-stream" -> {
                System.out.println("STARTED");
                System.out.flush();
                long sum = IntStream.range(0, 64).parallel().mapToLong(i -> burn(i, 100)).sum();
                System.out.println("sum = " + sum + " expected " + IntStream.range(0, 64).mapToLong(i -> (long) i * i).sum());
            }
            case "lost-task" -> {
                ExecutorService ex = RemoteCarriers.newExecutor();
                Future<Long> f = ex.submit(() -> burn(3, 20_000));
                System.out.println("SUBMITTED");
                System.out.flush();
                try {
                    System.out.println("result " + f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RemoteCarrierException r) {
                        System.out.println("lost: server=" + r.server() + " mayHaveRun=" + r.mayHaveRun()
                                           + " retrySafe=" + r.isRetrySafe() + " message=" + r.getMessage());
                    } else {
                        throw e;
                    }
                }
            }
            case "explicit" -> explicit();
            case "unreachable" -> {
                System.out.println("sum = " + IntStream.range(0, 2000).parallel().mapToLong(i -> burn(i, 1)).sum());
                try {
                    RemoteCarriers.newExecutor().submit(() -> 1).get();
                    System.out.println("submitted");
                } catch (ExecutionException e) {
                    System.out.println("refused: " + e.getCause());
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void explicit() throws Exception {
        System.out.println("carriers " + RemoteCarriers.carrierCount());
        ExecutorService ex = RemoteCarriers.newExecutor();
        System.out.println("answer " + ex.submit(() -> 6 * 7).get());
        Point p = new Point(1, 2);
        System.out.println("point " + ex.submit(() -> new Point(p.x() * 10, p.y() * 10)).get());
        try {
            ex.submit(() -> { throw new ArithmeticException("boom"); }).get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            System.out.println("threw " + c.getClass().getName() + ": " + c.getMessage()
                               + " remote-frames=" + Arrays.stream(c.getStackTrace()).allMatch(
                                       f -> f.getClassLoaderName() != null && f.getClassLoaderName().startsWith("remote@")));
        }
        ReentrantLock lock = new ReentrantLock();
        try {
            ex.submit(() -> { lock.lock(); return 1; });
            System.out.println("lock sent");
        } catch (RejectedExecutionException e) {
            System.out.println("refused " + e.getMessage());
        }
        int[] counter = new int[1];
        ex.submit(() -> { counter[0]++; return counter[0]; }).get();
        System.out.println("home copy unchanged " + (counter[0] == 0));
        java.util.List<String> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
        var builder = RemoteCarriers.ofVirtual().name("remote-", 1)
                .uncaughtExceptionHandler((th, e) -> uncaught.add(th.getName() + ": " + e));
        Thread t = builder.start(() -> {
            if (!Thread.currentThread().getName().startsWith("carrier-")) {
                throw new IllegalStateException("ran on " + Thread.currentThread().getName());
            }
        });
        Thread t2 = builder.start(() -> { throw new UnsupportedOperationException("remote thread failed"); });
        t.join();
        t2.join();
        Thread t3 = RemoteCarriers.startVirtualThread(() -> { });
        t3.join();
        System.out.println("virtual thread done " + t.isVirtual() + " " + t.getName() + " uncaught " + uncaught);
        ex.shutdown();
        System.out.println("terminated " + ex.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS));
    }
}
