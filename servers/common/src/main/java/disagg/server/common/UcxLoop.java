/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.common;

import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.openucx.jucx.ucp.UcpContext;
import org.openucx.jucx.ucp.UcpListener;
import org.openucx.jucx.ucp.UcpListenerConnectionHandler;
import org.openucx.jucx.ucp.UcpListenerParams;
import org.openucx.jucx.ucp.UcpParams;
import org.openucx.jucx.ucp.UcpWorker;
import org.openucx.jucx.ucp.UcpWorkerParams;

/**
 * One UCX worker and the thread that drives it.  Every UCX call and every
 * callback of a server happens on this thread, so server state needs no
 * locks; other threads hand work over with {@link #execute}.
 *
 * <p>The thread polls while there is traffic and for {@code spinMicros}
 * after the last event, then sleeps in the worker's event descriptor.
 * Polling halves the latency of a request that arrives soon after another
 * (over tcp the worker must progress to move any data), sleeping leaves the
 * CPU to the clients when idle: on a 2-core machine both matter.
 */
public final class UcxLoop implements AutoCloseable {
    private final Log log;
    private final UcpContext context;
    private final UcpWorker worker;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final long spinNanos;
    private final Thread thread;
    private final Thread ticker;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    // Guards the worker against a signal racing with its close: the loop
    // thread closes it as soon as it sees running == false, which may be
    // before close() (or the ticker, or execute()) gets to signal it.
    private final Object workerLock = new Object();
    private boolean workerClosed;
    private Runnable periodic = () -> { };
    private UcpListener listener;

    public UcxLoop(String name, long spinMicros, Log log) {
        this(name, spinMicros, log, false);
    }

    /** With {@code daemon}, the loop does not keep its VM alive (a client inside an application). */
    public UcxLoop(String name, long spinMicros, Log log, boolean daemon) {
        this.log = log;
        this.spinNanos = spinMicros * 1000;
        UcpParams params = new UcpParams().requestAmFeature().requestWakeupFeature();
        this.context = new UcpContext(params);
        this.worker = context.newWorker(new UcpWorkerParams().requestWakeupRX().requestWakeupTX());
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(daemon);
        this.ticker = Thread.ofPlatform().daemon().name(name + "-tick").unstarted(this::tick);
    }

    public UcpWorker worker() {
        return worker;
    }

    /** Starts listening; must be called before {@link #start}. Returns the bound address. */
    public InetSocketAddress listen(InetSocketAddress address, UcpListenerConnectionHandler handler) {
        listener = worker.newListener(new UcpListenerParams().setSockAddr(address).setConnectionHandler(handler));
        return listener.getAddress();
    }

    /** Starts the thread; {@code everySecond} runs on it about once a second. */
    public void start(Runnable everySecond) {
        this.periodic = everySecond;
        thread.start();
        ticker.start();
    }

    /** Runs {@code r} on the loop's thread. */
    public void execute(Runnable r) {
        tasks.add(r);
        wake();
    }

    private void wake() {
        synchronized (workerLock) {
            if (!workerClosed) {
                worker.signal();
            }
        }
    }

    public boolean onLoopThread() {
        return Thread.currentThread() == thread;
    }

    private void tick() {
        while (running) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            execute(periodic);
        }
    }

    private void run() {
        long lastEvent = System.nanoTime();
        try {
            while (running) {
                Runnable r;
                while ((r = tasks.poll()) != null) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        log.error("task failed: %s", e);
                    }
                }
                int n;
                try {
                    n = worker.progress();
                } catch (Exception e) {
                    log.error("UCX progress failed: %s", e);
                    n = 0;
                }
                long now = System.nanoTime();
                if (n > 0) {
                    lastEvent = now;
                } else if (now - lastEvent < spinNanos) {
                    Thread.onSpinWait();
                } else if (tasks.isEmpty()) {
                    worker.waitForEvents();
                    lastEvent = System.nanoTime();
                }
            }
        } finally {
            if (listener != null) {
                listener.close();
            }
            synchronized (workerLock) {
                workerClosed = true;
                worker.close();
            }
            context.close();
            stopped.countDown();
        }
    }

    /** Stops the thread and releases UCX; idempotent. */
    @Override
    public void close() {
        if (running) {
            running = false;
            ticker.interrupt();
            wake();
            if (Thread.currentThread() != thread) {
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
