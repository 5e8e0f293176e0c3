/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * DO NOT ALTER OR REMOVE COPYRIGHT NOTICES OR THIS FILE HEADER.
 *
 * This code is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License version 2 only, as
 * published by the Free Software Foundation.  The Disagg JDK Project
 * designates this particular file as subject to the "Classpath" exception
 * as provided in the LICENSE file that accompanied this code.
 *
 * This code is distributed in the hope that it will be useful, but WITHOUT
 * ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or
 * FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * version 2 for more details (a copy is included in the LICENSE file that
 * accompanied this code).
 */

package jdk.internal.disagg.remote;

import static jdk.internal.disagg.remote.RemoteMessages.*;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jdk.internal.disagg.RemoteWork;

/**
 * The program's own {@code RecursiveTask}s on remote carriers: which go,
 * how they are timed, and sending them (docs/remote-carriers.md).  A task
 * returns its result, so a copy may compute it in another VM as long as it
 * changes nothing it was given; the server checks that
 * ({@link RemoteRunner}).  The servers, their claims and the wire are
 * {@link Carriers}'.
 */
final class ForkJoinTasks {
    private final Carriers carriers;
    final AtomicLong sent = new AtomicLong(), rerun = new AtomicLong();

    ForkJoinTasks(Carriers carriers) {
        this.carriers = carriers;
    }


    /** What is known of one RecursiveTask class. */
    private static final class TaskClass {
        final String never;                // why its tasks never go (a JDK class), or null
        volatile String refused;           // why they stopped going, or null
        volatile long estimateNanos = -1;  // time of its tasks taken from a queue, smoothed; -1: none yet
        int tick;                          // racy: only spaces out the timing of small tasks
        // Its tasks taken from a queue and running here now: none means the
        // task at hand is a root (submitted to the pool, or invoked), which
        // stays here; one taken while another runs is part of a
        // decomposition underway.
        final AtomicInteger active = new AtomicInteger();

        TaskClass(String never) {
            this.never = never;
        }

        void sample(long nanos) {
            long e = estimateNanos;
            estimateNanos = e < 0 ? nanos : (3 * e + nanos) / 4;
        }
    }

    /** How many RecursiveTasks this thread is running, one inside another. */
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private static final ClassValue<TaskClass> TASK_CLASSES = new ClassValue<>() {
        @Override
        protected TaskClass computeValue(Class<?> c) {
            ClassLoader l = c.getClassLoader();
            return new TaskClass(l == null || l == ClassLoader.getPlatformClassLoader() ? "it is the JDK's"
                                 : c.isHidden() ? "its class is hidden" : null);
        }
    };

    /** Without a measured time, a task is sent only if moving it costs less than this (1 ms at 1 ns a byte). */
    private static final int UNMEASURED_MAX_BYTES = 1 << 20;

    /**
     * Computes a task here or on a remote carrier.  A task goes when a
     * worker of the common pool took it from a queue (not a thread of the
     * program's own pool, not a thread that invoked it, not inside another
     * task on this thread) while another such task of its class runs here
     * (so it is not the root of a decomposition), a remote carrier is free
     * (one task each: the pool has one extra thread per remote carrier,
     * which waits), and the tasks of its class taken from queues took at
     * least {@code minLeafMicros} and twice the time to move the task's
     * bytes (the first, before any was timed, if it is at most 1 MiB).  The
     * tasks workers take from each other are a decomposition's largest, so
     * the first one sent is typically half the work.  Those that run here
     * are timed (one in 64 once they are known to be small).  A task whose
     * server is lost runs again elsewhere or here: its copy changed nothing
     * here.  A task that a server stopped (it reached state that is ours, or
     * wrote to what it was given) runs here, and so do the later tasks of
     * its class.
     */
    Object compute(RecursiveTask<?> task) {
        RemoteWork.Tasks tasks = RemoteWork.tasks();
        TaskClass k = TASK_CLASSES.get(task.getClass());
        Thread t = Thread.currentThread();
        boolean commonWorker = t instanceof ForkJoinWorkerThread w && w.getPool() == ForkJoinPool.commonPool();
        if (k.never != null || k.refused != null || !commonWorker && t instanceof ForkJoinWorkerThread) {
            return tasks.computeHere(task);  // refused, or in a pool of the program's own
        }
        int[] depth = DEPTH.get();
        long estimate = k.estimateNanos;
        boolean small = estimate >= 0 && estimate < carriers.minLeafNanos;
        // Only tasks taken from a queue (not run inside another task on this
        // thread) are timed and may go: a decomposition's leaves are many and
        // small, and would otherwise make the stolen tasks look small too.
        boolean timed = depth[0] == 0 && (!small || (++k.tick & 63) == 0);
        // A thread that invokes a task itself runs it (and counts: it is the
        // root the common pool's workers take pieces from).
        if (timed && !small && commonWorker && k.active.get() > 0) {
            Carriers.Server s = carriers.claimFree(null, 1);
            if (s != null) {
                long start = System.nanoTime();
                Object[] outcome = sendTask(task, k, s, estimate);
                if (outcome != null) {
                    k.sample(System.nanoTime() - start);
                    if (outcome[1] != null) {
                        throw ForkJoinTasks.<RuntimeException>sneaky((Throwable) outcome[1]);
                    }
                    return outcome[0];
                }
            }
        }
        depth[0]++;
        if (timed) {
            k.active.incrementAndGet();
        }
        long start = timed ? System.nanoTime() : 0;
        Object v;
        try {
            v = tasks.computeHere(task);
        } finally {
            depth[0]--;
            if (timed) {
                k.active.decrementAndGet();
            }
        }
        if (timed) {
            k.sample(System.nanoTime() - start);
        }
        return v;
    }

    /**
     * Sends a task to {@code s} (then to any other free server if that one
     * is lost): its result and what it threw, or null if it must run here.
     */
    private Object[] sendTask(RecursiveTask<?> task, TaskClass k, Carriers.Server s, long estimate) {
        GraphWriter w;
        byte[] msg;
        try {
            w = taskWriter(carriers.space, FORK_JOIN, task, forkJoinRule(task));
            msg = w.toByteArray();
        } catch (NotSendableException e) {
            s.release();
            refuseTask(task, k, e.getMessage());
            return null;
        }
        if (estimate >= 0 ? msg.length * 2L > estimate : msg.length > UNMEASURED_MAX_BYTES) {
            s.release();
            return null;  // moving it costs more than running it
        }
        for (Carriers.Server server = s; server != null; server = carriers.claimFree(server, 1)) {
            byte[] bytes = carriers.exchange(server, msg, sent, rerun);
            if (bytes == null) {
                continue;  // its copy changed nothing here: another server, or here
            }
            Object[] reply = carriers.readReply(bytes, w);
            int status = (int) reply[0];
            Object value = reply[1];
            switch (status) {
                case OK -> {
                    return new Object[] {value, null};
                }
                case THREW -> {
                    markRemoteFrames((Throwable) value, server.address);
                    return new Object[] {null, value};
                }
                case HOME_ONLY -> refuseTask(task, k, "it " + value);
                default -> refuseTask(task, k, String.valueOf(value));
            }
            rerun.incrementAndGet();
            return null;
        }
        return null;
    }

    private void refuseTask(RecursiveTask<?> task, TaskClass k, String why) {
        if (k.refused == null) {
            k.refused = why;
            carriers.report("fork/join tasks of " + task.getClass().getName() + " run here: " + why);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
