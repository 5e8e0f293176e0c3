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

package jdk.disagg;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import jdk.internal.disagg.remote.Carriers;

/**
 * Work run on the remote carrier threads of compute servers
 * ({@code -XX:DisaggComputeServers}).
 *
 * <p>Parallel streams need nothing from this class: their work is spread
 * over remote carriers transparently.  This class is for everything else:
 * an {@link #newExecutor() executor} and {@link #ofVirtual() virtual
 * threads} whose work runs remotely.
 *
 * <p><b>Meaning.</b> A task is <em>copied</em> to the server (its object
 * graph, with identity and cycles kept, lambdas included), runs there on
 * the copy, and its result (or what it threw, with the remote stack frames
 * marked {@code remote@host:port}) is copied back.  Changes it makes to the
 * objects it captured are not seen at home.  A task that holds what cannot
 * keep its meaning in another VM (a thread, a lock or atomic, a plain
 * {@code Object} used as a monitor, a file descriptor or other native
 * resource, a class loader) is refused with a
 * {@link RejectedExecutionException} naming the object.  A task that, while
 * running, reads or writes a static field of the program, uses
 * {@code System.out}, {@code err} or {@code in}, or reads a system property
 * or the environment (all of which would be the server's) is stopped there
 * and fails with a {@link RemoteCarrierException} saying what it reached.  See
 * docs/remote-carriers.md of Disagg JDK.
 *
 * @since 26
 */
public final class RemoteCarriers {
    private RemoteCarriers() { }

    /** {@return whether this VM was started with compute servers} */
    public static boolean isConfigured() {
        return System.getProperty("jdk.disagg.computeServers") != null;
    }

    /** {@return the remote carrier threads now reachable (0 without compute servers)} */
    public static int carrierCount() {
        Carriers c = isConfigured() ? Carriers.get() : null;
        return c == null ? 0 : c.carrierCount();
    }

    /**
     * Returns an executor whose tasks run on remote carriers.  Results and
     * exceptions come back through {@link Future#get()}; a lost server
     * surfaces as a {@link RemoteCarrierException} wrapped in an
     * {@link java.util.concurrent.ExecutionException}.  Tasks are never
     * run twice.
     *
     * @return a new executor; shutting it down does not affect others
     * @throws IllegalStateException if the VM has no compute servers
     */
    public static ExecutorService newExecutor() {
        return new RemoteExecutor(carriers());
    }

    /**
     * Starts a virtual thread whose task runs on a remote carrier; the same
     * as {@code ofVirtual().start(task)}.
     *
     * @param task the task
     * @return the started thread
     * @throws RejectedExecutionException if the task cannot be sent
     * @throws IllegalStateException if the VM has no compute servers
     */
    public static Thread startVirtualThread(Runnable task) {
        return ofVirtual().start(task);
    }

    /**
     * Returns a builder of virtual threads whose tasks run on remote
     * carriers.  Each thread is a local virtual thread that waits (parked,
     * holding no carrier) while its task runs remotely; {@link Thread#join()}
     * waits for it.  What the task throws, or a {@link RemoteCarrierException},
     * is thrown in the virtual thread and reaches its uncaught exception
     * handler.
     *
     * @return a new builder
     * @throws IllegalStateException if the VM has no compute servers
     */
    public static VirtualThreadBuilder ofVirtual() {
        return new VirtualThreadBuilder(carriers());
    }

    /**
     * Builds virtual threads whose tasks run on remote carriers (see
     * {@link RemoteCarriers#ofVirtual()}).  Not thread-safe, like
     * {@link Thread.Builder}.
     *
     * @since 26
     */
    public static final class VirtualThreadBuilder {
        private final Carriers carriers;
        private final Thread.Builder.OfVirtual local = Thread.ofVirtual();

        private VirtualThreadBuilder(Carriers carriers) {
            this.carriers = carriers;
        }

        /**
         * Names the threads.
         *
         * @param name the name
         * @return this builder
         */
        public VirtualThreadBuilder name(String name) {
            local.name(name);
            return this;
        }

        /**
         * Names the threads {@code prefix + n}, counting from {@code start}.
         *
         * @param prefix the prefix
         * @param start the first number
         * @return this builder
         */
        public VirtualThreadBuilder name(String prefix, long start) {
            local.name(prefix, start);
            return this;
        }

        /**
         * Sets the threads' uncaught exception handler.
         *
         * @param ueh the handler
         * @return this builder
         */
        public VirtualThreadBuilder uncaughtExceptionHandler(Thread.UncaughtExceptionHandler ueh) {
            local.uncaughtExceptionHandler(ueh);
            return this;
        }

        /**
         * Sends {@code task} to a remote carrier and starts the virtual
         * thread that waits for it.
         *
         * @param task the task
         * @return the started thread
         * @throws RejectedExecutionException if the task cannot be sent
         */
        public Thread start(Runnable task) {
            CompletableFuture<Object> f = send(carriers, task);
            return local.start(() -> {
                try {
                    f.join();
                } catch (java.util.concurrent.CompletionException e) {
                    Throwable t = e.getCause();
                    if (t instanceof RuntimeException r) {
                        throw r;
                    } else if (t instanceof Error err) {
                        throw err;
                    }
                    throw e;
                }
            });
        }
    }

    private static Carriers carriers() {
        Carriers c = isConfigured() ? Carriers.get() : null;
        if (c == null) {
            throw new IllegalStateException("no compute servers: start the VM with -XX:DisaggComputeServers=HOST:PORT "
                                            + "and -XX:DisaggTokenFile=FILE");
        }
        return c;
    }

    private static CompletableFuture<Object> send(Carriers c, Object task) {
        try {
            return c.call(task);
        } catch (RuntimeException e) {
            String why = Carriers.whyNotSendable(e);
            if (why != null) {
                throw new RejectedExecutionException("cannot run this task remotely: " + why);
            }
            throw e;
        }
    }

    /** Tasks go out at once (the servers queue them); shut down, it waits for those still out. */
    private static final class RemoteExecutor extends AbstractExecutorService {
        private final Carriers carriers;
        private final Object lock = new Object();
        private boolean shutdown;
        private int running;

        RemoteExecutor(Carriers carriers) {
            this.carriers = carriers;
        }

        private <T> CompletableFuture<T> start(Object task) {
            synchronized (lock) {
                if (shutdown) {
                    throw new RejectedExecutionException("the executor is shut down");
                }
                running++;
            }
            CompletableFuture<T> f;
            try {
                @SuppressWarnings("unchecked")
                CompletableFuture<T> sent = (CompletableFuture<T>) send(carriers, task);
                f = sent;
            } catch (RuntimeException e) {
                synchronized (lock) {
                    running--;
                    lock.notifyAll();
                }
                throw e;
            }
            f.whenComplete((r, t) -> {
                synchronized (lock) {
                    running--;
                    lock.notifyAll();
                }
            });
            return f;
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            return start(java.util.Objects.requireNonNull(task));
        }

        @Override
        public Future<?> submit(Runnable task) {
            return start(java.util.Objects.requireNonNull(task));
        }

        @Override
        public <T> Future<T> submit(Runnable task, T result) {
            return this.<Object>start(java.util.Objects.requireNonNull(task)).thenApply(x -> result);
        }

        @Override
        public void execute(Runnable command) {
            submit(command);
        }

        @Override
        public void shutdown() {
            synchronized (lock) {
                shutdown = true;
            }
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown();  // tasks already sent cannot be taken back
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            synchronized (lock) {
                return shutdown;
            }
        }

        @Override
        public boolean isTerminated() {
            synchronized (lock) {
                return shutdown && running == 0;
            }
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            synchronized (lock) {
                while (!(shutdown && running == 0)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
                return true;
            }
        }
    }
}
