/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.compute;

import static disagg.server.compute.ComputeProtocol.*;

import disagg.server.common.HostPort;
import disagg.server.common.Log;
import disagg.server.common.UcxLoop;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.openucx.jucx.ucp.UcpAmData;
import org.openucx.jucx.ucp.UcpConstants;
import org.openucx.jucx.ucp.UcpEndpoint;
import org.openucx.jucx.ucp.UcpEndpointParams;
import org.openucx.jucx.ucs.UcsConstants;

/**
 * A client VM's connection to one compute server (used by module
 * {@code jdk.disagg} through method handles, with java.base types only).
 *
 * <p>One UCX worker and daemon thread per server.  Tasks are matched to
 * results by id; the server asks for class files, which are read on a
 * virtual thread.  A heartbeat runs while tasks are out: a server that
 * answers no ping within the heartbeat timeout is declared lost, as is one
 * whose connection fails, and every outstanding task hears of it once.
 */
public final class ComputeClient {
    private final String server;
    private final Log log = new Log("carriers");
    private final UcxLoop loop;
    private final Function<String, byte[]> classBytes;
    private final long heartbeatNanos;
    private UcpEndpoint ep;
    private final Map<Long, BiConsumer<byte[], Throwable>> pending = new HashMap<>();  // loop thread only
    private final Map<Long, CompletableFuture<byte[]>> control = new HashMap<>();      // hello and pings
    private long nextId;
    private long lastHeardNanos = System.nanoTime();
    private volatile String lost;
    private volatile boolean answered;  // the server answered the handshake
    private int carriers;
    private String jdkDefaults;
    private long roundTripNanos;

    private ComputeClient(String server, Function<String, byte[]> classBytes, long heartbeatMillis) {
        this.server = server;
        this.classBytes = classBytes;
        this.heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatMillis);
        this.loop = new UcxLoop("disagg-carriers-" + server, 20, log, true);
    }

    /**
     * Connects, authenticates and measures the empty round trip.
     *
     * @throws IOException naming the server and the reason, within {@code timeoutMillis}
     */
    public static ComputeClient connect(String server, byte[] token, String jdkVersion,
                                        Function<String, byte[]> classBytes, long timeoutMillis,
                                        long heartbeatMillis) throws IOException {
        HostPort hp;
        try {
            hp = HostPort.parse(server, null);
        } catch (RuntimeException e) {
            throw new IOException(server + " is not a compute server address: " + e.getMessage());
        }
        probe(server, hp, timeoutMillis);
        ComputeClient c = new ComputeClient(server, classBytes, heartbeatMillis);
        try {
            c.start(hp, token, jdkVersion, timeoutMillis);
            return c;
        } catch (IOException | RuntimeException e) {
            if (!c.answered) {
                c.loop.leaveOpenOnClose();  // a listener that never spoke UCX: see UcxLoop.release
            }
            c.close();
            throw e;
        }
    }

    /**
     * Checks with a plain TCP connection that something listens: UCX 1.13
     * aborts the process (an assertion in wireup_ep.c) when a connection it
     * is still establishing fails in progress, for example "connection
     * refused" from a server that is down.
     */
    private static void probe(String server, HostPort hp, long timeoutMillis) throws IOException {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(hp.resolve(), (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
        } catch (IOException e) {
            throw new IOException("cannot connect to compute server " + server + ": " + e.getMessage());
        }
    }

    private void start(HostPort hp, byte[] token, String jdkVersion, long timeoutMillis) throws IOException {
        loop.worker().setAmRecvHandler(AM_TO_CLIENT, this::onMessage, UcpConstants.UCP_AM_FLAG_WHOLE_MSG);
        loop.start(this::everySecond);
        byte[] v = jdkVersion.getBytes(StandardCharsets.UTF_8);
        ByteBuffer hello = ByteBuffer.allocate(4 + token.length + v.length).order(ByteOrder.LITTLE_ENDIAN);
        hello.putInt(token.length).put(token).put(v);
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                ep = loop.worker().newEndpoint(new UcpEndpointParams().setSocketAddress(hp.resolve())
                        .setPeerErrorHandlingMode()
                        .setErrorHandler((e, status, message) -> fail("connection failed: " + message)));
                long id = ++nextId;
                control.put(id, reply);
                send(ep, AM_TO_SERVER, OP_HELLO, id, OK, hello.array(), this::fail);
            } catch (RuntimeException e) {
                reply.completeExceptionally(e);
            }
        });
        byte[] r = await(reply, timeoutMillis, "to answer the handshake");
        answered = true;
        int status = r[0];
        if (status != OK) {
            String detail = r.length > 1 ? " (server runs " + new String(r, 1, r.length - 1, StandardCharsets.UTF_8)
                                           + ", this VM " + jdkVersion + ")" : "";
            throw new IOException("compute server " + server + " refused the connection: " + statusName(status)
                                  + detail + (status == BAD_TOKEN ? "; check -XX:DisaggTokenFile" : ""));
        }
        carriers = ByteBuffer.wrap(r, 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        jdkDefaults = new String(r, 5, r.length - 5, StandardCharsets.UTF_8);
        long[] rtts = new long[7];
        for (int i = 0; i < rtts.length; i++) {
            long t0 = System.nanoTime();
            await(ping(), timeoutMillis, "to answer a ping");
            rtts[i] = System.nanoTime() - t0;
        }
        Arrays.sort(rtts);
        roundTripNanos = rtts[rtts.length / 2];
    }

    private byte[] await(CompletableFuture<byte[]> f, long millis, String what) throws IOException {
        try {
            return f.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("compute server " + server + " did not answer within " + millis + " ms " + what
                                  + (lost != null ? " (" + lost + ")" : ""));
        } catch (ExecutionException e) {
            throw new IOException("compute server " + server + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + server);
        }
    }

    private CompletableFuture<byte[]> ping() {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        loop.execute(() -> {
            if (lost != null) {
                f.completeExceptionally(new IOException(lost));
                return;
            }
            long id = ++nextId;
            control.put(id, f);
            send(ep, AM_TO_SERVER, OP_PING, id, OK, null, this::fail);
        });
        return f;
    }

    /** The server's JDK defaults, as it described them at the handshake. */
    public String jdkDefaults() {
        return jdkDefaults;
    }

    public int carriers() {
        return carriers;
    }

    public long roundTripNanos() {
        return roundTripNanos;
    }

    public boolean isAlive() {
        return lost == null;
    }

    /** Sends a task; {@code done} gets the result bytes, or an IOException if the server is lost first. */
    public void submit(byte[] task, BiConsumer<byte[], Throwable> done) {
        loop.execute(() -> {
            if (lost != null) {
                done.accept(null, new IOException(lost));
                return;
            }
            long id = ++nextId;
            if (pending.isEmpty()) {
                lastHeardNanos = System.nanoTime();  // the heartbeat starts now
            }
            pending.put(id, done);
            send(ep, AM_TO_SERVER, OP_TASK, id, OK, task, this::fail);
        });
    }

    private int onMessage(long headerAddress, long headerSize, UcpAmData data, UcpEndpoint from) {
        Header h = Header.read(headerAddress, headerSize);
        log.debug("from %s: %s", server, h);
        if (h == null || !h.valid()) {
            return UcsConstants.STATUS.UCS_OK;
        }
        lastHeardNanos = System.nanoTime();
        receive(data, payload -> {
            if (payload == null) {
                fail("a message from the server could not be received");
                return;
            }
            if (!h.isReply() && h.op() == OP_CLASS) {
                String name = new String(payload, StandardCharsets.UTF_8);
                Thread.ofVirtual().start(() -> {
                    byte[] b = null;
                    try {
                        b = classBytes.apply(name);
                    } catch (RuntimeException e) {
                        log.warn("reading class %s for %s failed: %s", name, server, e);
                    }
                    byte[] bytes = b;
                    loop.execute(() -> {
                        if (lost == null) {
                            send(ep, AM_TO_SERVER, OP_CLASS | REPLY_BIT, h.id(), bytes == null ? NOT_FOUND : OK, bytes, null);
                        }
                    });
                });
            } else if (!h.isReply() && h.op() == OP_PING) {
                send(ep, AM_TO_SERVER, OP_PING | REPLY_BIT, h.id(), OK, null, null);
            } else if (h.baseOp() == OP_TASK) {
                BiConsumer<byte[], Throwable> done = pending.remove(h.id());
                if (done != null) {
                    if (h.status() == OK) {
                        done.accept(payload, null);
                    } else {
                        done.accept(null, new IOException("compute server " + server + " answered "
                                                          + statusName(h.status())));
                    }
                }
            } else {
                CompletableFuture<byte[]> f = control.remove(h.id());
                if (f != null) {
                    byte[] r = new byte[payload.length + 1];
                    r[0] = (byte) h.status();
                    System.arraycopy(payload, 0, r, 1, payload.length);
                    f.complete(r);
                }
            }
        });
        return UcsConstants.STATUS.UCS_OK;
    }

    private void everySecond() {
        if (lost != null || ep == null) {
            return;
        }
        if (!pending.isEmpty()) {
            long silent = System.nanoTime() - lastHeardNanos;
            if (silent > heartbeatNanos) {
                fail("no answer for " + TimeUnit.NANOSECONDS.toMillis(silent) + " ms (heartbeat timeout)");
                return;
            }
            long id = ++nextId;
            control.put(id, new CompletableFuture<>());  // any answer counts as a heartbeat
            send(ep, AM_TO_SERVER, OP_PING, id, OK, null, this::fail);
        }
        control.values().removeIf(CompletableFuture::isDone);
    }

    /** Declares the server lost; every outstanding task and request hears of it once (loop thread). */
    private void fail(String why) {
        if (lost != null) {
            return;
        }
        lost = why;
        IOException e = new IOException(why);
        var tasks = new java.util.ArrayList<>(pending.values());
        pending.clear();
        for (BiConsumer<byte[], Throwable> done : tasks) {
            done.accept(null, e);
        }
        control.values().forEach(f -> f.completeExceptionally(e));
        control.clear();
        if (ep != null) {
            loop.closeEndpoint(ep);
        }
    }

    public void close() {
        loop.execute(() -> fail("closed by the client"));
        loop.close();
    }
}
