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

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountedCompleter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import jdk.disagg.RemoteCarrierException;
import jdk.internal.disagg.RemoteWork;

/**
 * The home VM's remote carriers: the compute servers of
 * {@code -XX:DisaggComputeServers}, and the decisions of what runs there.
 *
 * <p>Initialized on first use (the first parallel stream, or the first call
 * of {@code jdk.disagg.RemoteCarriers}): connects to every server within
 * {@code jdk.disagg.remote.connectTimeout}; a server that cannot be reached
 * is named in a warning and left out, and is tried again later.
 *
 * <p>A stream leaf is sent when a remote carrier is free and the leaf is
 * worth it: its estimated time here (elements times the time per element
 * measured on this evaluation's local leaves; the first leaves always run
 * here) is at least {@code jdk.disagg.remote.minLeafMicros} (default 20
 * empty-task round trips) and at least twice the time to move its bytes.
 * Otherwise it runs here.  A leaf whose server is lost runs again, on
 * another server or here: leaves are repeatable.
 *
 * <p>A program's {@code RecursiveTask} that a worker of the common pool
 * takes is sent when a remote carrier is free and the tasks of its class
 * take long enough (see {@link ForkJoinTasks}).
 */
public final class Carriers implements RemoteWork.Dispatcher {
    private static final System.Logger LOG = System.getLogger("jdk.disagg.remote");
    private static final Carriers INSTANCE;

    static {
        Carriers c = null;
        String servers = System.getProperty("jdk.disagg.computeServers");
        if (servers != null && !servers.isEmpty()) {
            c = new Carriers(servers, System.getProperty("jdk.disagg.tokenFile", ""));
            if (!RemoteWork.threadlessCommonPool()) {  // such a program keeps its work home (RemoteWork)
                RemoteWork.setDispatcher(c);
            }
        }
        INSTANCE = c;
    }

    /** The VM's remote carriers, or null without {@code -XX:DisaggComputeServers}. */
    public static Carriers get() {
        return INSTANCE;
    }

    /** One compute server. */
    final class Server {
        final String address;
        volatile ComputeLink link;
        volatile String down;          // why it is not used, or null
        volatile long retryAtNanos;
        volatile int failedConnects;  // in a row
        volatile String reportedDifference;
        final AtomicInteger inFlight = new AtomicInteger();

        Server(String address) {
            this.address = address;
        }

        int carriers() {
            ComputeLink l = link;
            return l == null ? 0 : l.carrierCount;
        }

        /** Takes one of its carriers' {@code perCarrier} places, if one is free. */
        boolean claim(int perCarrier) {
            for (;;) {
                int n = inFlight.get();
                if (n >= carriers() * perCarrier) {
                    return false;
                }
                if (inFlight.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        void release() {
            inFlight.decrementAndGet();
        }

        /**
         * Null while this VM's JDK defaults are the server's, else what
         * differs: no work goes there then (JdkDefaults).  Checked at each
         * choice, since a program may change its defaults at any time.
         */
        String defaultsDiffer() {
            ComputeLink l = link;
            String why = l == null ? null : JdkDefaults.differences(JdkDefaults.current(), l.jdkDefaults);
            if (why != null && !why.equals(reportedDifference)) {
                reportedDifference = why;
                LOG.log(System.Logger.Level.WARNING, "compute server {0} is not used while its JDK defaults differ "
                        + "from this VM''s ({1}): JDK methods that format, parse or convert text would give other "
                        + "results there", address, why);
            }
            return why;
        }

        void lost(String why) {
            ComputeLink l = link;
            if (l != null) {
                link = null;
                down = why;
                retryAtNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                LOG.log(System.Logger.Level.WARNING, "compute server {0} lost: {1}; its work runs elsewhere", address, why);
                l.close();
            }
        }
    }

    private final List<Server> servers = new ArrayList<>();
    private final byte[] token;
    private final String tokenProblem;
    final ClassSpace space = new ClassSpace(ClassLoader.getSystemClassLoader());
    private final long connectTimeoutMillis = Long.getLong("jdk.disagg.remote.connectTimeout", 5000);
    private final long heartbeatMillis = Long.getLong("jdk.disagg.remote.heartbeatTimeout", 10_000);
    private final long taskTimeoutMillis = Long.getLong("jdk.disagg.remote.taskTimeout", 0);
    private final Long minLeafMicrosProperty = Long.getLong("jdk.disagg.remote.minLeafMicros");
    volatile long minLeafNanos = TimeUnit.MILLISECONDS.toNanos(1);
    private final boolean summary = Boolean.getBoolean("jdk.disagg.remote.summary");
    // Leaves out per remote carrier: with 2, the server starts the next one
    // as soon as one ends, instead of waiting for this VM's proxy thread to
    // be scheduled (on a busy local core, milliseconds).
    private final int depth = Math.clamp(Integer.getInteger("jdk.disagg.remote.leavesPerCarrier", 2), 1, 16);
    private final int leafSplit = Math.clamp(Integer.getInteger("jdk.disagg.remote.leafSplit", 16), 1, 64);
    private final ExecutorService completions = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "disagg-carriers-completion");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "disagg-carriers-timer");
        t.setDaemon(true);
        return t;
    });
    private final Map<Object, long[]> costs = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<Object, String> refused = Collections.synchronizedMap(new WeakHashMap<>());
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    /**
     * Code (a leaf's set of lambda classes) that a server stopped because it
     * reached state that is ours (a static field, System.out, a property):
     * later evaluations of the same code stay home without a round trip.
     * A leaf whose code goes there only for some data may run remotely once
     * per set of lambdas before it is known; none ever completes there.
     */
    private final Map<Set<Class<?>>, String> homeOnlyCode = new ConcurrentHashMap<>();
    private static final int MAX_HOME_ONLY_CODE = 1024;
    private final AtomicLong leavesSent = new AtomicLong(), leavesHere = new AtomicLong(),
                             leavesRerun = new AtomicLong(), callsSent = new AtomicLong();
    private final ForkJoinTasks forkJoin = new ForkJoinTasks(this);

    private Carriers(String list, String tokenFile) {
        byte[] t = null;
        String problem = null;
        try {
            t = Files.readAllBytes(Path.of(tokenFile));
            int n = t.length;
            while (n > 0 && (t[n - 1] == '\n' || t[n - 1] == '\r')) {
                n--;
            }
            t = java.util.Arrays.copyOf(t, n);
        } catch (IOException e) {
            problem = "cannot read -XX:DisaggTokenFile=" + tokenFile + ": " + e;
        }
        token = t;
        tokenProblem = problem;
        for (String s : list.split(",")) {
            servers.add(new Server(s.trim()));
        }
        // One after the other: this runs in a class initializer, which other
        // threads could not enter to help.
        for (Server s : servers) {
            connect(s);
        }
        long rtt = Long.MAX_VALUE;
        for (Server s : servers) {
            ComputeLink l = s.link;
            if (l != null) {
                rtt = Math.min(rtt, l.roundTripNanos);
            }
        }
        if (minLeafMicrosProperty != null) {
            minLeafNanos = TimeUnit.MICROSECONDS.toNanos(minLeafMicrosProperty);
        } else if (rtt != Long.MAX_VALUE) {
            minLeafNanos = Math.max(20 * rtt, TimeUnit.MICROSECONDS.toNanos(200));
        }
        // Remote carriers are carriers of the common pool: one more thread
        // each, which waits while its leaf runs remotely (see runLeaf).
        int carriers = carrierCount();
        if (carriers > 0) {
            try {
                ForkJoinPool.commonPool().setParallelism(ForkJoinPool.getCommonPoolParallelism() + carriers);
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "the common pool''s parallelism stays {0}: {1}",
                        ForkJoinPool.getCommonPoolParallelism(), e.toString());
            }
        }
        if (summary) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println(summaryLine()),
                                                            "disagg-carriers-summary"));
        }
    }

    private void connect(Server s) {
        if (tokenProblem != null) {
            s.down = tokenProblem;
            return;
        }
        try {
            s.link = ComputeLink.connect(s.address, token, this::classBytes, connectTimeoutMillis, heartbeatMillis);
            s.down = null;
            s.failedConnects = 0;
            s.defaultsDiffer();  // said at once, not at the first work
        } catch (IOException | RuntimeException e) {
            s.down = e.getMessage();
            // 5 s, then twice as long after each failure, up to 5 minutes: a
            // server that accepts connections and never answers costs a UCX
            // worker each time (see UcxLoop.release).
            s.retryAtNanos = System.nanoTime()
                             + TimeUnit.SECONDS.toNanos(Math.min(300, 5L << Math.min(s.failedConnects++, 6)));
            LOG.log(System.Logger.Level.WARNING,
                    "compute server {0} is unreachable ({1}); work runs without it", s.address, e.getMessage());
        }
    }

    /** The bytes of a class the home VM has, for a server that needs it. */
    private byte[] classBytes(String name) {
        if (name.startsWith(STATIC_VALUE)) {
            return staticValue(name.substring(STATIC_VALUE.length()));
        }
        if (name.startsWith(RESOURCES)) {
            return resources(name.substring(RESOURCES.length()));
        }
        String resource = name.replace('.', '/') + ".class";
        ClassLoader l;
        try {
            Class<?> c = space.byName(name);
            l = c.getClassLoader();
        } catch (ClassNotFoundException | LinkageError e) {
            l = ClassLoader.getSystemClassLoader();
        }
        if (l == null) {
            return null;  // the server's own JDK has it
        }
        try (InputStream in = l.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Every resource of this name on the class path, for a server whose
     * task asked for it: for each, a u32 length and the URL, a u32 length
     * and the bytes; nothing if there is none, null (the task then runs
     * here) if one cannot be read.
     */
    private byte[] resources(String name) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            for (URL u : Collections.list(space.loader().getResources(name))) {
                byte[] url = u.toString().getBytes(StandardCharsets.UTF_8);
                byte[] b;
                try (InputStream in = u.openStream()) {
                    b = in.readAllBytes();
                }
                out.writeInt(url.length);
                out.write(url);
                out.writeInt(b.length);
                out.write(b);
            }
            return bytes.toByteArray();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "resource {0} could not be read for a compute server: {1}", name, e);
            return null;
        }
    }

    /**
     * The home value of a static final field ("Class#field"), for a server
     * whose guard met a read of it: only of a class initialized here (its
     * value is then final) and only a value that can never change behind a
     * copy: a primitive, null, a String, a Pattern, or an object graph that
     * ImmutableValues accepts. Null (the read stops the task there) for
     * anything else. Encoded as in SessionGuard: "p:" and the value's bits
     * as a long, "s:" and the string, "n:", "r:" and a Pattern's flags, ':'
     * and expression, or "g:" and the graph.
     */
    private byte[] staticValue(String ref) {
        int hash = ref.indexOf('#');
        if (hash < 0) {
            return null;
        }
        try {
            Class<?> c = space.byName(ref.substring(0, hash));
            if (GraphFormat.U.shouldBeInitialized(c)) {
                return null;  // not initialized here: its value is not known yet
            }
            Field f = c.getDeclaredField(ref.substring(hash + 1));
            int m = f.getModifiers();
            if (!Modifier.isStatic(m) || !Modifier.isFinal(m)) {
                return null;
            }
            Object base = GraphFormat.U.staticFieldBase(f);
            long off = GraphFormat.U.staticFieldOffset(f);
            Class<?> t = f.getType();
            String v;
            if (t == int.class) {
                v = "p:" + GraphFormat.U.getIntVolatile(base, off);
            } else if (t == long.class) {
                v = "p:" + GraphFormat.U.getLongVolatile(base, off);
            } else if (t == boolean.class) {
                v = "p:" + (GraphFormat.U.getBooleanVolatile(base, off) ? 1 : 0);
            } else if (t == double.class) {
                v = "p:" + Double.doubleToRawLongBits(GraphFormat.U.getDoubleVolatile(base, off));
            } else if (t == float.class) {
                v = "p:" + Float.floatToRawIntBits(GraphFormat.U.getFloatVolatile(base, off));
            } else if (t == char.class) {
                v = "p:" + (int) GraphFormat.U.getCharVolatile(base, off);
            } else if (t == short.class) {
                v = "p:" + GraphFormat.U.getShortVolatile(base, off);
            } else if (t == byte.class) {
                v = "p:" + GraphFormat.U.getByteVolatile(base, off);
            } else {
                Object o = GraphFormat.U.getReferenceVolatile(base, off);
                if (o == null) {
                    v = "n:";
                } else if (o instanceof String str) {
                    v = "s:" + str;
                } else if (o.getClass() == Pattern.class) {
                    // A Pattern is its expression and flags: what it
                    // serializes, and all the server needs to compile it.
                    Pattern p = (Pattern) o;
                    v = "r:" + p.flags() + ":" + p.pattern();
                } else if (ImmutableValues.whyNot(o) == null) {
                    // A copy for the session (the value can never change).
                    byte[] graph = new GraphWriter(space, AS_IS).writeGraph(o).toByteArray();
                    byte[] r = new byte[graph.length + 2];
                    r[0] = 'g';
                    r[1] = ':';
                    System.arraycopy(graph, 0, r, 2, graph.length);
                    return r;
                } else {
                    return null;  // may change: a copy could go stale
                }
            }
            return v.getBytes(StandardCharsets.UTF_8);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    String summaryLine() {
        StringBuilder sb = new StringBuilder("Disagg remote carriers: ");
        sb.append(leavesSent.get()).append(" stream leaves sent, ").append(leavesHere.get()).append(" run here, ")
          .append(leavesRerun.get()).append(" run again after a failure; ").append(forkJoin.sent.get())
          .append(" fork/join tasks sent, ").append(forkJoin.rerun.get()).append(" of them run again here; ")
          .append(callsSent.get()).append(" tasks sent; servers:");
        for (Server s : servers) {
            String differ = s.defaultsDiffer();
            sb.append(' ').append(s.address).append(s.link == null ? " (down: " + s.down + ")"
                                                    : differ != null ? " (not used: JDK defaults differ: " + differ + ")"
                                                    : " (" + s.carriers() + " carriers)");
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // Choosing a server

    /** Remote carriers now usable. */
    public int carrierCount() {
        int n = 0;
        for (Server s : servers) {
            if (s.defaultsDiffer() == null) {
                n += s.carriers();
            }
        }
        return n;
    }

    /**
     * Claims a place on the server with the most free carriers (taking
     * {@code perCarrier} pieces of work each), or returns null.  Claimed,
     * not just chosen: two threads that both saw a carrier free would
     * otherwise both send it work, and one piece would wait there while
     * this VM's cores idle (a fork/join task sent so took 3.4 s, not 2.4).
     * The claim ends in {@link #exchange}, or with {@link Server#release}.
     */
    Server claimFree(Server not, int perCarrier) {
        for (int attempt = 0; attempt <= servers.size(); attempt++) {
            Server best = null;
            int bestFree = 0;
            for (Server s : servers) {
                retryIfDue(s);
                if (s == not || s.link == null || s.defaultsDiffer() != null) {
                    continue;
                }
                int free = s.carriers() * perCarrier - s.inFlight.get();
                if (free > bestFree) {
                    best = s;
                    bestFree = free;
                }
            }
            if (best == null) {
                return null;
            }
            if (best.claim(perCarrier)) {
                return best;
            }
        }
        return null;
    }

    private Server pickAny() {
        Server best = null;
        for (Server s : servers) {
            retryIfDue(s);
            if (s.link != null && s.defaultsDiffer() == null && (best == null
                    || s.inFlight.get() * best.carriers() < best.inFlight.get() * s.carriers())) {
                best = s;
            }
        }
        return best;
    }

    private void retryIfDue(Server s) {
        if (s.link == null && System.nanoTime() - s.retryAtNanos > 0 && tokenProblem == null) {
            s.retryAtNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);  // until connect() says when
            completions.execute(() -> connect(s));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Stream leaves

    @Override
    public int leafTarget(int localTarget) {
        // Finer than the pool would split (its parallelism already counts
        // the remote carriers), 16 times by default: the first leaves of an
        // evaluation run here to measure the work per element while the
        // remote carriers wait, and the last ones run here sharing the
        // local cores; both cost less with smaller leaves.  (One remote core
        // added to one local, a 4 s stream: 1.34x with 1, 1.56x with 4,
        // 1.59x with 16.)
        // A stream run inside a pool of the program's own keeps that pool's
        // splitting (upstream's CustomFJPoolTest checks it).
        if (carrierCount() == 0 || Thread.currentThread() instanceof ForkJoinWorkerThread w
                                   && w.getPool() != ForkJoinPool.commonPool()) {
            return localTarget;
        }
        return Math.max(localTarget, ForkJoinPool.getCommonPoolParallelism() << 2) * leafSplit;
    }

    /**
     * Runs a leaf here, or sends it to a free remote carrier and waits for
     * it.  The waiting thread is the remote carrier's proxy in the pool:
     * when the leaf is done it takes the next task at once, and sends that
     * too if the carrier is still the best place for it, which keeps the
     * remote carrier fed.  (The common pool's parallelism counts the
     * remote carriers for this reason.)
     */
    @Override
    public void runLeaf(CountedCompleter<?> task) {
        RemoteWork.Leaves leaves = RemoteWork.leaves();
        if (!leaves.isShippable(task)) {
            leaves.complete(task, leaves.doLeaf(task));
            return;
        }
        Object pipeline = leaves.pipeline(task);
        long size = leaves.spliterator(task).estimateSize();
        long[] cost = costs.get(pipeline);
        // A leaf of unknown size (an infinite source under limit or
        // takeWhile) has no estimate, and its part is not drained here.
        if (size != Long.MAX_VALUE && cost != null && cost[0] > 0 && refused.get(pipeline) == null) {
            double estimate = (double) cost[1] / cost[0] * size;
            if (estimate >= minLeafNanos) {
                Server s = claimFree(null, depth);
                if (s != null) {
                    Spliterator<?> slice;
                    try {
                        slice = slice(leaves.spliterator(task));
                    } catch (RuntimeException | Error e) {
                        s.release();  // the source threw: here, as it would have
                        throw e;
                    }
                    leaves.setSpliterator(task, slice);
                    if (runRemotely(task, pipeline, s, estimate)) {
                        return;
                    }
                    size = slice.estimateSize();
                }
            }
        }
        runHere(task, pipeline, size);
    }

    private void runHere(CountedCompleter<?> task, Object pipeline, long size) {
        RemoteWork.Leaves leaves = RemoteWork.leaves();
        long start = System.nanoTime();
        Object r = leaves.doLeaf(task);
        long t = System.nanoTime() - start;
        if (size > 0 && size != Long.MAX_VALUE) {
            costs.compute(pipeline, (k, c) -> c == null ? new long[] {size, t} : new long[] {c[0] + size, c[1] + t});
        }
        leavesHere.incrementAndGet();
        leaves.complete(task, r);
    }

    /**
     * Sends the leaf to {@code s} (then to any other free server if that
     * one is lost) and completes it with the result.  Returns false if it
     * must run here instead: it cannot be sent, it is not worth sending,
     * or no server could run it.
     */
    private boolean runRemotely(CountedCompleter<?> task, Object pipeline, Server s, double estimate) {
        RemoteWork.Leaves leaves = RemoteWork.leaves();
        byte[] msg;
        Set<Class<?>> code;
        GraphWriter w;
        try {
            w = taskWriter(space, LEAF, task, leafRule(task));
            code = w.lambdaClasses();
            String why = homeOnlyCode.get(code);
            if (why != null) {
                s.release();
                refuse(pipeline, why);  // the same code was stopped on a server before
                return false;
            }
            msg = w.toByteArray();
        } catch (NotSendableException e) {
            s.release();
            refuse(pipeline, e.getMessage());
            return false;
        }
        if (msg.length * 2L > estimate) {
            s.release();
            return false;  // moving it costs more than running it
        }
        for (Server server = s; server != null; server = claimFree(server, depth)) {
            byte[] bytes = exchange(server, msg, leavesSent, leavesRerun);
            if (bytes == null) {
                continue;  // repeatable: another server, or here
            }
            Object[] reply = readReply(bytes, w);
            int status = (int) reply[0];
            Object value = reply[1];
            switch (status) {
                case OK -> leaves.complete(task, value);
                case THREW -> {
                    markRemoteFrames((Throwable) value, server.address);
                    task.completeExceptionally((Throwable) value);
                }
                case HOME_ONLY -> {
                    // It reached state that is ours, not the server's (a
                    // static field, System.out, a property): the copy's work
                    // is dropped and the pipeline runs here from now on.
                    refuse(pipeline, "it " + value);
                    if (homeOnlyCode.size() < MAX_HOME_ONLY_CODE) {  // it holds the classes: bounded
                        homeOnlyCode.putIfAbsent(code, "it " + value);
                    }
                    leavesRerun.incrementAndGet();
                    return false;
                }
                default -> {
                    // The server could not run it or send it back: the
                    // pipeline stays here from now on.
                    refuse(pipeline, String.valueOf(value));
                    leavesRerun.incrementAndGet();
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Sends {@code msg} to {@code server}, on which this thread holds a
     * claim ({@link #claimFree}), and waits for the reply: its bytes, or null
     * if the server is down or was lost meanwhile (then declared lost, and
     * counted in {@code rerun}).  Ends the claim.
     */
    byte[] exchange(Server server, byte[] msg, AtomicLong sent, AtomicLong rerun) {
        ComputeLink link = server.link;  // once: another thread may find the server lost meanwhile
        if (link == null) {
            server.release();
            return null;
        }
        sent.incrementAndGet();
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        link.submit(msg, (bytes, failure) -> {
            if (failure != null) {
                reply.completeExceptionally(failure);
            } else {
                reply.complete(bytes);
            }
        });
        try {
            return reply.join();
        } catch (RuntimeException e) {
            server.lost(String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
            rerun.incrementAndGet();
            return null;
        } finally {
            server.release();
        }
    }

    /**
     * A reply's status and value, read against the task it answers; a reply
     * that cannot be read is FAILED, saying why.
     */
    Object[] readReply(byte[] bytes, GraphWriter task) {
        try {
            GraphReader r = new GraphReader(space, bytes, 0, task);
            int status = r.rawByte();
            return new Object[] {status, r.readGraph()};
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new Object[] {(int) FAILED, "its result could not be read: " + e};
        }
    }

    private void refuse(Object pipeline, String why) {
        if (refused.put(pipeline, why) == null) {
            report("a stream runs here: " + why);
        }
    }

    void report(String what) {
        if (summary && reported.size() < 1024 && reported.add(what)) {
            System.err.println("Disagg remote carriers: " + what);  // once per reason
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The program's fork/join tasks (RecursiveTask): see ForkJoinTasks

    @Override
    public Object computeTask(RecursiveTask<?> task) {
        return forkJoin.compute(task);
    }

    // ---------------------------------------------------------------------------------------------
    // Explicit remote tasks (jdk.disagg.RemoteCarriers)

    /**
     * Sends a Callable or Runnable to a remote carrier.  The future completes
     * with its result, with what it threw, or with a RemoteCarrierException.
     *
     * @throws NotSendableException if the task holds something that cannot be copied
     */
    public CompletableFuture<Object> call(Object callableOrRunnable) {
        byte[] msg = task(space, CALL, callableOrRunnable, AS_IS);
        CompletableFuture<Object> f = new CompletableFuture<>();
        Server s = pickAny();
        ComputeLink link = s != null ? s.link : null;  // once: it may be found lost meanwhile
        if (link == null) {
            StringBuilder why = new StringBuilder();
            for (Server x : servers) {
                String differ = x.defaultsDiffer();
                why.append(why.isEmpty() ? "" : "; ").append(x.address).append(": ")
                   .append(x.link == null ? x.down : "its JDK defaults differ from this VM's: " + differ);
            }
            f.completeExceptionally(new RemoteCarrierException("no compute server is usable (" + why + ")",
                                                               servers.get(0).address, false, true, null));
            return f;
        }
        s.inFlight.incrementAndGet();
        callsSent.incrementAndGet();
        if (taskTimeoutMillis > 0) {
            timer.schedule(() -> f.completeExceptionally(new RemoteCarrierException(
                    "the task did not finish within jdk.disagg.remote.taskTimeout=" + taskTimeoutMillis + " ms on "
                    + s.address, s.address, true, false, null)), taskTimeoutMillis, TimeUnit.MILLISECONDS);
        }
        link.submit(msg, (bytes, failure) -> completions.execute(() -> {
            s.inFlight.decrementAndGet();
            if (failure != null) {
                s.lost(String.valueOf(failure.getMessage()));
                f.completeExceptionally(new RemoteCarrierException("compute server " + s.address
                        + " was lost while it ran the task: " + failure.getMessage(), s.address, true, false, failure));
                return;
            }
            try {
                GraphReader r = new GraphReader(space, bytes, 0);
                int status = r.rawByte();
                Object value = r.readGraph();
                switch (status) {
                    case OK -> f.complete(value);
                    case THREW -> {
                        markRemoteFrames((Throwable) value, s.address);
                        f.completeExceptionally((Throwable) value);
                    }
                    case HOME_ONLY -> f.completeExceptionally(new RemoteCarrierException(
                            "the task cannot run on a remote carrier: it " + value + ", which on compute server "
                            + s.address + " would be the server's, not this VM's (a remote task sees only what it "
                            + "captures); it stopped there and may have done part of its work on the server",
                            s.address, true, false, null));
                    default -> f.completeExceptionally(new RemoteCarrierException(
                            "compute server " + s.address + ": " + value, s.address, status == NOT_SENDABLE, false, null));
                }
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        }));
        return f;
    }

    /** Throws a RejectedExecutionException-friendly message if the task cannot be sent. */
    public static String whyNotSendable(RuntimeException e) {
        return e instanceof NotSendableException ? e.getMessage() : null;
    }
}
