/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.common;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openucx.jucx.ucp.UcpContext;
import org.openucx.jucx.ucp.UcpEndpoint;
import org.openucx.jucx.ucp.UcpListener;
import org.openucx.jucx.ucp.UcpListenerConnectionHandler;
import org.openucx.jucx.ucp.UcpListenerParams;
import org.openucx.jucx.ucp.UcpParams;
import org.openucx.jucx.ucp.UcpRequest;
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
    private final List<UcpRequest> closing = new ArrayList<>();  // endpoints being closed (loop thread)

    public UcxLoop(String name, long spinMicros, Log log) {
        this(name, spinMicros, log, false);
    }

    /** With {@code daemon}, the loop does not keep its VM alive (a client inside an application). */
    public UcxLoop(String name, long spinMicros, Log log, boolean daemon) {
        this.log = log;
        this.spinNanos = spinMicros * 1000;
        UcpParams params = new UcpParams().requestAmFeature().requestWakeupFeature();
        this.context = new UcpContext(params);
        removeExtractedLibrary(log);
        this.worker = context.newWorker(new UcpWorkerParams().requestWakeupRX().requestWakeupTX());
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(daemon);
        this.ticker = Thread.ofPlatform().daemon().name(name + "-tick").unstarted(this::tick);
    }

    private static boolean libraryRemoved;

    /**
     * jucx copies libjucx.so out of its jar into a new /tmp/jucx* directory
     * and leaves it to File.deleteOnExit, which a killed or halted process
     * never runs: every such server or client left 540 KiB behind (116
     * directories on the development machine in one day).  Once the library
     * is loaded the files are not needed (the mapping stays), so they are
     * removed at once.  jucx forgets the directory, so it is found among the
     * process's mappings.
     */
    private static synchronized void removeExtractedLibrary(Log log) {
        if (libraryRemoved) {
            return;
        }
        libraryRemoved = true;
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
            lines.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                 .filter(f -> f.endsWith("/libjucx.so"))
                 .map(Path::of)
                 .filter(f -> f.getParent() != null && tmp.equals(f.getParent().getParent())
                              && f.getParent().getFileName().toString().startsWith("jucx"))
                 .distinct()
                 .forEach(f -> {
                     try {
                         Files.deleteIfExists(f);
                         Files.deleteIfExists(f.getParent());
                     } catch (IOException e) {
                         log.info("cannot remove jucx's copy of its library %s: %s", f, e);
                     }
                 });
        } catch (IOException | RuntimeException e) {
            log.info("jucx's copy of its library stays until exit: %s", e);
        }
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
            release();
        }
    }

    /**
     * Closes an endpoint at once (loop thread).  The loop lets the close
     * finish before it releases UCX: UCX 1.13 aborts the process when a
     * worker is destroyed with an endpoint's close still pending.
     */
    public void closeEndpoint(UcpEndpoint ep) {
        closing.removeIf(UcpRequest::isCompleted);
        try {
            closing.add(ep.closeNonBlockingForce());
        } catch (RuntimeException e) {
            log.warn("closing an endpoint failed: %s", e);
        }
    }

    private volatile boolean leaveOpen;

    /**
     * Leaves the worker and context open when the loop stops: for a loop
     * with an endpoint whose peer never answered (see {@link #release}).
     */
    public void leaveOpenOnClose() {
        leaveOpen = true;
    }

    private void release() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (!closing.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                worker.progress();
            } catch (Exception e) {
                break;
            }
            closing.removeIf(UcpRequest::isCompleted);
        }
        if (listener != null) {
            listener.close();
        }
        // An endpoint whose peer never answered (a connect that timed out)
        // keeps its first message queued until wireup ends, which it never
        // does, and may never finish closing. Then the worker and context
        // are left open rather than destroyed: UCX 1.13 would abort the
        // process ("pending request ... should have been flushed").
        boolean stuck = leaveOpen || !closing.isEmpty();
        if (stuck) {
            log.warn("an endpoint whose peer never answered is still open: its UCX worker is left open");
        }
        synchronized (workerLock) {
            workerClosed = true;
            if (!stuck) {
                worker.close();
            }
        }
        if (!stuck) {
            context.close();
        }
        stopped.countDown();
    }

    /** Stops the thread and releases UCX; idempotent. */
    @Override
    public void close() {
        if (running) {
            running = false;
            if (thread.getState() == Thread.State.NEW) {
                release();  // never started (a server that failed after it listened): nothing else uses UCX
                return;
            }
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
