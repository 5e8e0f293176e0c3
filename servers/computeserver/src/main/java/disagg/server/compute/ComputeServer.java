/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.compute;

import static disagg.server.compute.ComputeProtocol.*;

import disagg.server.common.AdminServer;
import disagg.server.common.HostPort;
import disagg.server.common.Log;
import disagg.server.common.Metrics;
import disagg.server.common.Token;
import disagg.server.common.UcxLoop;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.openucx.jucx.ucp.UcpAmData;
import org.openucx.jucx.ucp.UcpConnectionRequest;
import org.openucx.jucx.ucp.UcpConstants;
import org.openucx.jucx.ucp.UcpEndpoint;
import org.openucx.jucx.ucp.UcpEndpointParams;
import org.openucx.jucx.ucs.UcsConstants;

/**
 * A compute server: contributes {@code carriers} threads on which client VMs
 * (Disagg JDK with {@code -XX:DisaggComputeServers}) run stream leaves and
 * remote tasks.
 *
 * <p>Each authenticated endpoint is a client session with its own class
 * loader ({@link ClientLoader}) and its own class space in the JDK's runner
 * ({@code jdk.internal.disagg.remote.RemoteRunner}), so clients share
 * nothing.  UCX work runs on the {@link UcxLoop} thread; tasks run on the
 * carrier threads; a task's result goes back through the loop.
 */
public final class ComputeServer implements AutoCloseable {
    public record Config(HostPort listen, int carriers, Token token, int adminPort, long spinMicros,
                         int maxClients, long classTimeoutMillis) { }

    private static final int MAX_MALFORMED = 16;

    private final Log log = new Log("computeserver");
    private final Config config;
    private final UcxLoop loop;
    private final ExecutorService carriers;
    private final InetSocketAddress address;
    private final AdminServer admin;
    private final MethodHandle newSession, run, jdkDefaults, homeValue;

    private final Map<UcpEndpoint, Client> clients = new HashMap<>();  // loop thread only
    private final AtomicLong sessionIds = new AtomicLong();
    private final AtomicInteger busy = new AtomicInteger();
    private volatile int sessionCount;

    private final Metrics metrics = new Metrics();
    private final Metrics.Counter tasks = metrics.counter("disagg_computeserver_tasks_total",
            "Tasks run on this server's carriers, by outcome.", "outcome");
    private final Metrics.Counter classes = metrics.counter("disagg_computeserver_classes_fetched_total",
            "Classes fetched from clients.", null);
    private final Metrics.Counter rejected = metrics.counter("disagg_computeserver_rejected_total",
            "Connections or messages refused, by reason.", "reason");
    private final Metrics.Histogram latency = metrics.latency("disagg_computeserver_task_seconds",
            "Time from a task's arrival to its result being sent.", "op");

    /** One client endpoint. */
    private final class Client {
        final UcpEndpoint ep;
        final long id = sessionIds.incrementAndGet();
        Object session;              // the runner's class space, once authenticated
        ClientLoader loader;
        int malformed;
        boolean quarantined;
        volatile boolean gone;
        long nextClassRequest;
        final Map<Long, CompletableFuture<byte[]>> classRequests = new ConcurrentHashMap<>();

        Client(UcpEndpoint ep) {
            this.ep = ep;
        }

        /** Asks the client for a class file; called on a carrier thread. */
        byte[] fetchClass(String name) {
            CompletableFuture<byte[]> f = new CompletableFuture<>();
            loop.execute(() -> {
                if (gone) {
                    f.complete(null);
                    return;
                }
                long rid = ++nextClassRequest;
                classRequests.put(rid, f);
                send(ep, AM_TO_CLIENT, OP_CLASS, rid, OK, name.getBytes(StandardCharsets.UTF_8), null);
            });
            try {
                byte[] b = f.get(config.classTimeoutMillis(), TimeUnit.MILLISECONDS);
                if (b != null && name.indexOf(':') < 0) {  // a class, not a value or resources
                    classes.inc();
                }
                return b;
            } catch (Exception e) {
                log.warn("session %d: fetching class %s failed: %s", id, name, e);
                return null;
            }
        }
    }

    public ComputeServer(Config config) throws Exception {
        this.config = config;
        // The JDK's runner: jdisagg exports its package to this server's loader.
        Class<?> runner = Class.forName("jdk.internal.disagg.remote.RemoteRunner");
        MethodHandles.Lookup l = MethodHandles.lookup();  // the package is exported to this module only
        newSession = l.findStatic(runner, "newSession", MethodType.methodType(Object.class, ClassLoader.class,
                                                                            int.class));
        run = l.findStatic(runner, "run", MethodType.methodType(byte[].class, Object.class, byte[].class));
        jdkDefaults = l.findStatic(runner, "jdkDefaults", MethodType.methodType(String.class));
        homeValue = l.findStatic(runner, "homeValue", MethodType.methodType(Object.class, Object.class, byte[].class));
        AtomicInteger n = new AtomicInteger();
        carriers = Executors.newFixedThreadPool(config.carriers(), r -> {
            Thread t = new Thread(r, "carrier-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        loop = new UcxLoop("computeserver-io", config.spinMicros(), log);
        loop.worker().setAmRecvHandler(AM_TO_SERVER, this::onMessage, UcpConstants.UCP_AM_FLAG_WHOLE_MSG);
        address = loop.listen(config.listen().resolve(), this::onConnect);
        metrics.gauge("disagg_computeserver_carriers", "Carrier threads.", () -> (long) config.carriers());
        metrics.gauge("disagg_computeserver_busy_carriers", "Carriers running a task now.", () -> (long) busy.get());
        metrics.gauge("disagg_computeserver_sessions", "Authenticated client sessions.", () -> (long) sessionCount);
        AdminServer a = null;
        if (config.adminPort() >= 0) {
            try {
                a = new AdminServer(new InetSocketAddress(address.getAddress(), config.adminPort()), this::health, metrics);
            } catch (RuntimeException e) {
                loop.close();
                carriers.shutdownNow();
                throw e;
            }
        }
        admin = a;
        loop.start(() -> { });
    }

    public InetSocketAddress address() { return address; }
    public InetSocketAddress adminAddress() { return admin == null ? null : admin.address(); }
    public Metrics metrics() { return metrics; }

    private AdminServer.Health health() {
        return new AdminServer.Health(true, String.format(
                "{\"status\":\"ok\",\"listen\":\"%s\",\"carriers\":%d,\"busy_carriers\":%d,\"sessions\":%d,"
                + "\"tasks\":%d}", new HostPort(address.getHostString(), address.getPort()), config.carriers(),
                busy.get(), sessionCount, tasks.total()));
    }

    private void onConnect(UcpConnectionRequest request) {
        UcpEndpoint ep = loop.worker().newEndpoint(new UcpEndpointParams()
                .setConnectionRequest(request)
                .setPeerErrorHandlingMode()
                .setErrorHandler((e, status, message) -> onEndpointError(e, message)));
        clients.put(ep, new Client(ep));
        log.debug("connection from %s", request.getClientAddress());
    }

    private void onEndpointError(UcpEndpoint ep, String message) {
        Client c = clients.remove(ep);
        if (c != null) {
            c.gone = true;
            c.classRequests.values().forEach(f -> f.complete(null));
            if (c.session != null) {
                sessionCount--;
                log.info("session %d ended (%s)", c.id, message);
            }
        }
        loop.closeEndpoint(ep);
    }

    private int onMessage(long headerAddress, long headerSize, UcpAmData data, UcpEndpoint ep) {
        long arrived = System.nanoTime();
        Client c = clients.get(ep);
        if (c == null || c.quarantined) {
            return UcsConstants.STATUS.UCS_OK;  // dropped, unanswered
        }
        Header h = Header.read(headerAddress, headerSize);
        log.debug("session %d: message %s", c.id, h);
        if (h == null || !h.valid()) {
            rejected.inc("malformed");
            if (++c.malformed >= MAX_MALFORMED) {
                log.warn("session %d: quarantined after %d malformed messages", c.id, c.malformed);
                c.quarantined = true;
            } else if (h != null) {
                send(ep, AM_TO_CLIENT, h.op() | REPLY_BIT, h.id(), MALFORMED, null, null);
            }
            return UcsConstants.STATUS.UCS_OK;
        }
        receive(data, payload -> {
            if (payload == null) {
                send(ep, AM_TO_CLIENT, h.op() | REPLY_BIT, h.id(), MALFORMED, null, null);
                return;
            }
            try {
                handle(c, h, payload, arrived);
            } catch (RuntimeException | Error e) {
                log.error("session %d: serving op %d failed: %s", c.id, h.op(), e);
                send(ep, AM_TO_CLIENT, h.op() | REPLY_BIT, h.id(), INTERNAL, null, null);
            }
        });
        return UcsConstants.STATUS.UCS_OK;
    }

    private void handle(Client c, Header h, byte[] payload, long arrived) {
        if (h.isReply()) {
            if (h.baseOp() == OP_CLASS && c.session != null) {
                CompletableFuture<byte[]> f = c.classRequests.remove(h.id());
                if (f != null) {
                    f.complete(h.status() == OK ? payload : null);
                }
            }
            return;
        }
        switch (h.op()) {
            case OP_PING -> send(c.ep, AM_TO_CLIENT, OP_PING | REPLY_BIT, h.id(), OK, null, null);
            case OP_HELLO -> hello(c, h, payload);
            case OP_TASK -> {
                if (c.session == null) {
                    rejected.inc("unauthenticated");
                    send(c.ep, AM_TO_CLIENT, OP_TASK | REPLY_BIT, h.id(), UNAUTHENTICATED, null, null);
                    return;
                }
                carriers.execute(() -> runTask(c, h.id(), payload, arrived));
            }
            default -> {
                rejected.inc("unknown_op");
                send(c.ep, AM_TO_CLIENT, h.op() | REPLY_BIT, h.id(), MALFORMED, null, null);
            }
        }
    }

    private void hello(Client c, Header h, byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        int tlen = payload.length >= 4 ? b.getInt() : -1;
        if (tlen <= 0 || tlen > Token.MAX_LENGTH || tlen > payload.length - 4) {
            rejected.inc("malformed");
            send(c.ep, AM_TO_CLIENT, OP_HELLO | REPLY_BIT, h.id(), MALFORMED, null, null);
            return;
        }
        byte[] presented = new byte[tlen];
        b.get(presented);
        String version = new String(payload, 4 + tlen, payload.length - 4 - tlen, StandardCharsets.UTF_8);
        if (!config.token().matches(presented)) {
            log.warn("rejected a client with a wrong token");
            rejected.inc("bad_token");
            send(c.ep, AM_TO_CLIENT, OP_HELLO | REPLY_BIT, h.id(), BAD_TOKEN, null, null);
            c.quarantined = true;
            return;
        }
        String mine = Runtime.version().toString();
        if (!version.equals(mine)) {
            rejected.inc("jdk_mismatch");
            send(c.ep, AM_TO_CLIENT, OP_HELLO | REPLY_BIT, h.id(), JDK_MISMATCH, mine.getBytes(StandardCharsets.UTF_8), null);
            return;
        }
        if (c.session == null) {
            if (sessionCount >= config.maxClients()) {
                rejected.inc("max_clients");
                send(c.ep, AM_TO_CLIENT, OP_HELLO | REPLY_BIT, h.id(), BUSY, null, null);
                return;
            }
            try {
                c.loader = new ClientLoader("client-" + c.id, c::fetchClass);
                Object session = newSession.invoke((ClassLoader) c.loader, config.carriers());
                c.session = session;
                c.loader.homeObjects(encoded -> {
                    try {
                        return homeValue.invoke(session, encoded);
                    } catch (Throwable t) {
                        return null;  // the read stops the task: it runs at home
                    }
                });
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            sessionCount++;
            log.info("session %d started", c.id);
        }
        // The client compares these with its own (JdkDefaults): JDK methods
        // read them on their own, so work goes only where they are the same.
        byte[] defaults;
        try {
            defaults = ((String) jdkDefaults.invoke()).getBytes(StandardCharsets.UTF_8);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        byte[] reply = ByteBuffer.allocate(4 + defaults.length).order(ByteOrder.LITTLE_ENDIAN)
                                 .putInt(config.carriers()).put(defaults).array();
        send(c.ep, AM_TO_CLIENT, OP_HELLO | REPLY_BIT, h.id(), OK, reply, null);
    }

    private void runTask(Client c, long id, byte[] task, long arrived) {
        if (c.gone) {
            tasks.inc("dropped");
            return;
        }
        busy.incrementAndGet();
        Thread t = Thread.currentThread();
        ClassLoader saved = t.getContextClassLoader();
        byte[] result;
        try {
            t.setContextClassLoader(c.loader);
            result = (byte[]) run.invoke(c.session, task);
            tasks.inc(result.length > 0 && result[0] == 0 ? "ok" : result.length > 0 && result[0] == 1 ? "threw" : "failed");
        } catch (Throwable e) {
            log.error("session %d: task %d failed in the runner: %s", c.id, id, e);
            tasks.inc("failed");
            result = null;
        } finally {
            t.setContextClassLoader(saved);
            busy.decrementAndGet();
        }
        byte[] r = result;
        loop.execute(() -> {
            if (!c.gone) {
                send(c.ep, AM_TO_CLIENT, OP_TASK | REPLY_BIT, id, r == null ? INTERNAL : OK, r, null);
            }
            latency.observeNanos("task", System.nanoTime() - arrived);
        });
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
        loop.execute(() -> {
            for (Client c : clients.values()) {
                c.gone = true;
                loop.closeEndpoint(c.ep);
            }
        });
        loop.close();
        carriers.shutdownNow();
    }
}
