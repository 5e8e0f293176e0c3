/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.memory;

import static disagg.server.memory.Protocol.*;

import disagg.server.common.AdminServer;
import disagg.server.common.HostPort;
import disagg.server.common.Log;
import disagg.server.common.Metrics;
import disagg.server.common.NativeMemory;
import disagg.server.common.Token;
import disagg.server.common.UcxLoop;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openucx.jucx.UcxCallback;
import org.openucx.jucx.ucp.UcpAmData;
import org.openucx.jucx.ucp.UcpConnectionRequest;
import org.openucx.jucx.ucp.UcpConstants;
import org.openucx.jucx.ucp.UcpEndpoint;
import org.openucx.jucx.ucp.UcpEndpointParams;
import org.openucx.jucx.ucp.UcpRequest;
import org.openucx.jucx.ucs.UcsConstants;

/**
 * A memory server: holds 4 KiB pages for many clients (Disagg JDK VMs), each
 * in a session of its own, and serves the requests of docs/protocol.md.
 *
 * <p>Threading: all protocol work runs on the {@link UcxLoop} thread, so
 * sessions, endpoints and the page store are plain single-threaded objects.
 * The admin endpoint reads only the atomic snapshots published here.
 *
 * <p>Robustness: every request is validated before it changes anything; a bad
 * request gets an error reply and at worst costs its own endpoint; a failure
 * while serving one request is logged, answered INTERNAL and contained.
 */
public final class MemoryServer implements AutoCloseable {
    /** Malformed messages tolerated on one endpoint before it is closed. */
    static final int MAX_MALFORMED = 16;

    public record Config(HostPort listen, long capacityBytes, Token token, int adminPort,
                         long leaseMillis, long spinMicros, int maxSessions) { }

    private final Log log = new Log("memserver");
    private final Config config;
    private final UcxLoop loop;
    private final PageStore store;
    private final InetSocketAddress address;
    private final AdminServer admin;

    // I/O-thread state
    private final Map<ByteBuffer, Session> sessions = new HashMap<>();
    private final Map<UcpEndpoint, Peer> peers = new HashMap<>();
    private final ArrayDeque<Long> headerBuffers = new ArrayDeque<>();
    private final ArrayDeque<Long> dataBuffers = new ArrayDeque<>();

    // Published for the admin endpoint.
    private final Metrics metrics = new Metrics();
    private final Metrics.Counter requests = metrics.counter("disagg_memserver_requests_total",
            "Requests served, by operation.", "op");
    private final Metrics.Counter errors = metrics.counter("disagg_memserver_errors_total",
            "Requests answered with an error, by status.", "status");
    private final Metrics.Counter bytesIn = metrics.counter("disagg_memserver_received_bytes_total",
            "Page bytes received from clients.", null);
    private final Metrics.Counter bytesOut = metrics.counter("disagg_memserver_sent_bytes_total",
            "Page bytes sent to clients.", null);
    private final Metrics.Histogram latency = metrics.latency("disagg_memserver_request_seconds",
            "Time to serve a request on the server, by operation.", "op");
    private final Metrics.Counter expired = metrics.counter("disagg_memserver_sessions_expired_total",
            "Sessions freed because their lease ran out.", null);
    private volatile long usedPages;
    private final ConcurrentHashMap<String, Long> clientBytes = new ConcurrentHashMap<>();
    private volatile int peerCount;

    /**
     * Per-endpoint state.
     *
     * <p>The server never closes an endpoint whose client may still send:
     * UCX 1.13 crashes when a rendezvous message arrives for an endpoint the
     * receiver is closing (ucp_am_rndv_process_rts; found by
     * ProtocolFuzzTest).  A client that presented a wrong token or sent too
     * many malformed messages is <em>quarantined</em> instead: every further
     * message is dropped unanswered, and the endpoint is closed only when the
     * client goes away (the error handler) or the server shuts down.
     */
    private static final class Peer {
        Session session;
        int malformed;
        boolean quarantined;
        boolean closing;
        UcpRequest close;
    }

    public MemoryServer(Config config) throws InterruptedException {
        this.config = config;
        this.store = new PageStore(config.capacityBytes());
        this.loop = new UcxLoop("memserver-io", config.spinMicros(), log);
        loop.worker().setAmRecvHandler(AM_REQUEST, this::onRequest, UcpConstants.UCP_AM_FLAG_WHOLE_MSG);
        this.address = loop.listen(config.listen().resolve(), this::onConnect);
        metrics.gauge("disagg_memserver_capacity_bytes", "Bytes the server may hold.",
                () -> store.capacityPages() * PAGE_SIZE);
        metrics.gauge("disagg_memserver_used_bytes", "Bytes held for all clients.", () -> usedPages * PAGE_SIZE);
        metrics.gauge("disagg_memserver_sessions", "Client sessions.", () -> (long) clientBytes.size());
        metrics.gauge("disagg_memserver_endpoints", "Connected endpoints (a VM opens several).", () -> (long) peerCount);
        metrics.gauge("disagg_memserver_client_bytes", "Bytes held per client session (first 8 hex digits of its id).",
                "session", () -> Map.copyOf(clientBytes));
        AdminServer a = null;
        if (config.adminPort() >= 0) {
            try {
                a = new AdminServer(new InetSocketAddress(address.getAddress(), config.adminPort()), this::health, metrics);
            } catch (RuntimeException e) {
                loop.close();
                throw e;
            }
        }
        this.admin = a;
        loop.start(this::everySecond);
    }

    public InetSocketAddress address() { return address; }
    public InetSocketAddress adminAddress() { return admin == null ? null : admin.address(); }
    public Metrics metrics() { return metrics; }

    private AdminServer.Health health() {
        long cap = store.capacityPages() * PAGE_SIZE;
        long used = usedPages * PAGE_SIZE;
        return new AdminServer.Health(true, String.format(
                "{\"status\":\"ok\",\"listen\":\"%s\",\"capacity_bytes\":%d,\"used_bytes\":%d,\"free_bytes\":%d,"
                + "\"sessions\":%d,\"endpoints\":%d}",
                new HostPort(address.getHostString(), address.getPort()),
                cap, used, cap - used, clientBytes.size(), peerCount));
    }

    // ---------------------------------------------------------------------------------------------
    // Connections

    private void onConnect(UcpConnectionRequest request) {
        UcpEndpoint ep = loop.worker().newEndpoint(new UcpEndpointParams()
                .setConnectionRequest(request)
                .setPeerErrorHandlingMode()
                .setErrorHandler((e, status, message) -> onEndpointError(e, status, message)));
        peers.put(ep, new Peer());
        countPeers();
        log.debug("connection from %s", request.getClientAddress());
    }

    private void onEndpointError(UcpEndpoint ep, int status, String message) {
        Peer p = peers.get(ep);
        if (p != null && p.session != null) {
            log.debug("session %s lost an endpoint (%s); its pages stay for the lease", p.session.label, message);
        }
        if (p == null) {
            p = new Peer();
            peers.put(ep, p);
        }
        closePeer(ep, p, true);
    }

    private void closePeer(UcpEndpoint ep, Peer p, boolean force) {
        if (!p.closing) {
            p.closing = true;
            if (p.session != null) {
                p.session.endpoints--;
                p.session = null;
            }
            p.close = force ? ep.closeNonBlockingForce() : ep.closeNonBlockingFlush();
            countPeers();
        }
    }

    private void quarantine(Peer p) {
        p.quarantined = true;
        if (p.session != null) {
            p.session.endpoints--;
            p.session = null;
        }
        countPeers();
    }

    private void countPeers() {
        int n = 0;
        for (Peer p : peers.values()) {
            if (!p.closing && !p.quarantined) {
                n++;
            }
        }
        peerCount = n;
    }

    /** Forgets endpoints whose close has completed. */
    private void reapClosedPeers() {
        peers.values().removeIf(p -> p.closing && (p.close == null || p.close.isCompleted()));
    }

    // ---------------------------------------------------------------------------------------------
    // Requests

    private int onRequest(long headerAddress, long headerSize, UcpAmData data, UcpEndpoint ep) {
        long start = System.nanoTime();
        Peer peer = peers.get(ep);
        if (peer == null || peer.closing || peer.quarantined) {
            dropRendezvous(data);
            return UcsConstants.STATUS.UCS_OK;
        }
        Header h = null;
        boolean dataTaken = false;
        try {
            if (headerSize < HEADER_SIZE) {
                malformed(ep, peer, null, "header of " + headerSize + " bytes");
                return UcsConstants.STATUS.UCS_OK;
            }
            h = Header.read(NativeMemory.segment(headerAddress, HEADER_SIZE));
            if (h.magic() != MAGIC || (h.op() & REPLY_BIT) != 0) {
                malformed(ep, peer, h, "bad magic or opcode");
                return UcsConstants.STATUS.UCS_OK;
            }
            if (h.version() != VERSION) {
                fail(ep, h, UNSUPPORTED_VERSION);
                return UcsConstants.STATUS.UCS_OK;
            }
            if (h.op() == OP_HELLO) {
                hello(ep, peer, h, data);
                return UcsConstants.STATUS.UCS_OK;
            }
            Session s = peer.session;
            if (s == null) {
                fail(ep, h, UNAUTHENTICATED);
                return UcsConstants.STATUS.UCS_OK;
            }
            s.lastActivityNanos = start;
            switch (h.op()) {
                case OP_READ -> read(ep, s, h, data);
                case OP_WRITE -> dataTaken = write(ep, s, h, data, start);
                case OP_DISCARD -> discard(ep, s, h, data);
                case OP_STATS -> stats(ep, s, h, data);
                case OP_PING -> noData(ep, h, data, config.leaseMillis());
                case OP_BYE -> bye(ep, s, h, data);
                default -> fail(ep, h, UNKNOWN_OP);
            }
            return UcsConstants.STATUS.UCS_OK;
        } catch (RuntimeException | Error e) {
            log.error("serving %s failed: %s", h == null ? "a request" : opName(h.op()), e);
            if (h != null) {
                fail(ep, h, INTERNAL);
            }
            return UcsConstants.STATUS.UCS_OK;
        } finally {
            if (!dataTaken) {
                dropRendezvous(data);
            }
            if (h != null && !dataTaken) {
                latency.observeNanos(opName(h.op()), System.nanoTime() - start);
            }
        }
    }

    /**
     * Drops a rendezvous payload we will not receive.  Returning UCS_OK from
     * the callback without receiving it is how UCX drops it (and completes
     * the sender); releasing it as well would free it twice (ucp_def.h,
     * ucp_am_recv_callback_t), which crashed the server under fuzzing.
     */
    private static void dropRendezvous(UcpAmData data) {
        // nothing to do: see above
    }

    private void malformed(UcpEndpoint ep, Peer peer, Header h, String what) {
        errors.inc(statusName(MALFORMED));
        log.debug("malformed message (%s)", what);
        reply(ep, h != null ? h : Header.request(0, 0, 0, 0, 0), MALFORMED, 0, 0, 0, -1);
        if (++peer.malformed >= MAX_MALFORMED) {
            log.warn("quarantined an endpoint after %d malformed messages", peer.malformed);
            quarantine(peer);
        }
    }

    private void fail(UcpEndpoint ep, Header h, int status) {
        errors.inc(statusName(status));
        reply(ep, h, status, 0, 0, 0, -1);
    }

    private void hello(UcpEndpoint ep, Peer peer, Header h, UcpAmData data) {
        requests.inc("hello");
        long len = data == null ? 0 : data.getLength();
        if (data == null || !data.isDataValid() || len <= SESSION_ID_SIZE || len > SESSION_ID_SIZE + Token.MAX_LENGTH) {
            fail(ep, h, BAD_LENGTH);
            return;
        }
        MemorySegment payload = NativeMemory.segment(data.getDataAddress(), len);
        byte[] id = payload.asSlice(0, SESSION_ID_SIZE).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        byte[] presented = payload.asSlice(SESSION_ID_SIZE).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        if (!config.token().matches(presented)) {
            log.warn("rejected a client with a wrong token");
            errors.inc(statusName(BAD_TOKEN));
            reply(ep, h, BAD_TOKEN, 0, 0, 0, -1);
            quarantine(peer);
            return;
        }
        long space = h.arg();
        if (space <= 0 || space > MAX_SPACE_PAGES) {
            fail(ep, h, OUT_OF_RANGE);
            return;
        }
        ByteBuffer key = ByteBuffer.wrap(id);
        Session s = sessions.get(key);
        if (s == null) {
            if (sessions.size() >= config.maxSessions()) {
                log.warn("refused a new session: %d sessions is the limit (--max-sessions)", config.maxSessions());
                fail(ep, h, CAPACITY_EXHAUSTED);
                return;
            }
            s = new Session(id, space, System.nanoTime());
            sessions.put(key, s);
            clientBytes.put(s.label, 0L);
            log.info("new session %s (%d pages of space)", s.label, space);
        } else if (s.spacePages != space) {
            fail(ep, h, OUT_OF_RANGE);
            return;
        }
        if (peer.session != null) {
            peer.session.endpoints--;
        }
        peer.session = s;
        s.endpoints++;
        s.lastActivityNanos = System.nanoTime();
        long buf = dataBuffer();
        MemorySegment out = NativeMemory.segment(buf, 16);
        out.set(I64, 0, s.pages());
        out.set(I32, 8, (int) Math.min(Integer.MAX_VALUE, config.leaseMillis()));
        out.set(I32, 12, PAGE_SIZE);
        reply(ep, h, OK, store.capacityPages(), buf, 16, buf);
    }

    /** Checks count and range; replies with the error and returns false if they are bad. */
    private boolean checkRange(UcpEndpoint ep, Session s, Header h) {
        if (h.count() <= 0 || h.count() > MAX_PAGES) {
            fail(ep, h, TOO_LARGE);
            return false;
        }
        if (h.page() < 0 || h.page() + h.count() > s.spacePages) {
            fail(ep, h, OUT_OF_RANGE);
            return false;
        }
        return true;
    }

    private void read(UcpEndpoint ep, Session s, Header h, UcpAmData data) {
        requests.inc("read");
        if (data != null && data.getLength() != 0) {
            fail(ep, h, BAD_LENGTH);
            return;
        }
        if (!checkRange(ep, s, h)) {
            return;
        }
        long buf = dataBuffer();
        MemorySegment out = NativeMemory.segment(buf, (long) h.count() * PAGE_SIZE);
        long present = 0;
        for (int i = 0; i < h.count(); i++) {
            int slot = s.slot(h.page() + i);
            MemorySegment dst = out.asSlice((long) i * PAGE_SIZE, PAGE_SIZE);
            if (slot >= 0) {
                MemorySegment.copy(NativeMemory.segment(store.address(slot), PAGE_SIZE), 0, dst, 0, PAGE_SIZE);
                present++;
            } else {
                dst.fill((byte) 0);
            }
        }
        s.reads++;
        bytesOut.add((long) h.count() * PAGE_SIZE);
        reply(ep, h, OK, present, buf, (long) h.count() * PAGE_SIZE, buf);
    }

    /** Returns true if it took over the (rendezvous) data. */
    private boolean write(UcpEndpoint ep, Session s, Header h, UcpAmData data, long start) {
        requests.inc("write");
        if (!checkRange(ep, s, h)) {
            return false;
        }
        long bytes = (long) h.count() * PAGE_SIZE;
        if (data == null || data.getLength() != bytes) {
            fail(ep, h, BAD_LENGTH);
            return false;
        }
        int missing = 0;
        for (int i = 0; i < h.count(); i++) {
            if (s.slot(h.page() + i) < 0) {
                missing++;
            }
        }
        if (missing > store.freePages()) {
            fail(ep, h, CAPACITY_EXHAUSTED);
            return false;
        }
        if (data.isDataValid()) {
            store(ep, s, h, data.getDataAddress());
            return false;
        }
        // Rendezvous: receive into a buffer first, then store. The pages stay
        // reserved (checked above) because this thread does nothing else until
        // the receive completes or fails.
        long buf = dataBuffer();
        data.receive(buf, new UcxCallback() {
            @Override
            public void onSuccess(UcpRequest r) {
                try {
                    if (s.endpoints >= 0 && sessions.get(ByteBuffer.wrap(s.id)) == s) {
                        store(ep, s, h, buf);
                    } else {
                        fail(ep, h, UNAUTHENTICATED);  // the session expired meanwhile
                    }
                } finally {
                    releaseData(buf);
                    latency.observeNanos("write", System.nanoTime() - start);
                }
            }

            @Override
            public void onError(int status, String message) {
                releaseData(buf);
                log.warn("receiving a write failed: %s", message);
                fail(ep, h, INTERNAL);
            }
        });
        return true;
    }

    private void store(UcpEndpoint ep, Session s, Header h, long from) {
        int missing = 0;
        for (int i = 0; i < h.count(); i++) {
            if (s.slot(h.page() + i) < 0) {
                missing++;
            }
        }
        if (missing > store.freePages()) {  // re-checked: a rendezvous write may have waited
            fail(ep, h, CAPACITY_EXHAUSTED);
            return;
        }
        for (int i = 0; i < h.count(); i++) {
            long p = h.page() + i;
            int slot = s.slot(p);
            if (slot < 0) {
                slot = store.allocate();
                assert slot >= 0 : "capacity was checked";
                s.put(p, slot);
            }
            NativeMemory.copy(from + (long) i * PAGE_SIZE, store.address(slot), PAGE_SIZE);
        }
        s.writes++;
        usedPages = store.usedPages();
        bytesIn.add((long) h.count() * PAGE_SIZE);
        reply(ep, h, OK, s.pages(), 0, 0, -1);
    }

    private void discard(UcpEndpoint ep, Session s, Header h, UcpAmData data) {
        requests.inc("discard");
        if (data != null && data.getLength() != 0) {
            fail(ep, h, BAD_LENGTH);
            return;
        }
        if (h.count() <= 0 || h.page() < 0 || h.page() + h.count() > s.spacePages) {
            fail(ep, h, h.count() <= 0 ? TOO_LARGE : OUT_OF_RANGE);
            return;
        }
        for (int i = 0; i < h.count(); i++) {
            int slot = s.remove(h.page() + i);
            if (slot >= 0) {
                store.release(slot);
            }
        }
        usedPages = store.usedPages();
        reply(ep, h, OK, s.pages(), 0, 0, -1);
    }

    private void stats(UcpEndpoint ep, Session s, Header h, UcpAmData data) {
        requests.inc("stats");
        if (data != null && data.getLength() != 0) {
            fail(ep, h, BAD_LENGTH);
            return;
        }
        long buf = dataBuffer();
        MemorySegment out = NativeMemory.segment(buf, 32);
        out.set(I64, 0, store.capacityPages());
        out.set(I64, 8, store.usedPages());
        out.set(I64, 16, s.reads);
        out.set(I64, 24, s.writes);
        reply(ep, h, OK, s.pages(), buf, 32, buf);
    }

    private void noData(UcpEndpoint ep, Header h, UcpAmData data, long arg) {
        requests.inc(opName(h.op()));
        if (data != null && data.getLength() != 0) {
            fail(ep, h, BAD_LENGTH);
            return;
        }
        reply(ep, h, OK, arg, 0, 0, -1);
    }

    private void bye(UcpEndpoint ep, Session s, Header h, UcpAmData data) {
        noData(ep, h, data, 0);
        free(s, "ended by its client");
    }

    private void free(Session s, String why) {
        sessions.remove(ByteBuffer.wrap(s.id));
        s.forEachSlot(store::release);
        usedPages = store.usedPages();
        clientBytes.remove(s.label);
        for (Peer p : peers.values()) {
            if (p.session == s) {
                p.session = null;
            }
        }
        log.info("session %s freed (%s)", s.label, why);
    }

    private void everySecond() {
        reapClosedPeers();
        long now = System.nanoTime();
        long lease = config.leaseMillis() * 1_000_000L;
        for (Session s : sessions.values().toArray(Session[]::new)) {
            if (now - s.lastActivityNanos > lease) {
                expired.inc();
                free(s, "lease of " + config.leaseMillis() + " ms ran out");
            } else {
                clientBytes.put(s.label, s.pages() * PAGE_SIZE);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Replies and buffers (I/O thread only)

    private void reply(UcpEndpoint ep, Header h, int status, long arg, long dataAddress, long dataLength, long release) {
        Peer p = peers.get(ep);
        if (p == null || p.closing || (p.quarantined && status != BAD_TOKEN)) {
            // e.g. a rendezvous write that completed after its endpoint failed
            if (release != -1) {
                releaseData(release);
            }
            return;
        }
        long hb = headerBuffers.isEmpty() ? NativeMemory.globalArena().allocate(64, 64).address() : headerBuffers.pop();
        h.reply(status, arg).write(NativeMemory.segment(hb, HEADER_SIZE));
        ep.sendAmNonBlocking(AM_REPLY, hb, HEADER_SIZE, dataAddress, dataLength, 0, new UcxCallback() {
            private boolean done;

            @Override
            public void onSuccess(UcpRequest r) {
                finish();
            }

            @Override
            public void onError(int st, String message) {
                log.debug("reply not delivered: %s", message);
                finish();
            }

            private void finish() {
                if (!done) {
                    done = true;
                    headerBuffers.push(hb);
                    if (release != -1) {
                        releaseData(release);
                    }
                }
            }
        });
    }

    /** A 2 MiB native buffer for one message's pages. */
    private long dataBuffer() {
        return dataBuffers.isEmpty() ? NativeMemory.map((long) MAX_PAGES * PAGE_SIZE) : dataBuffers.pop();
    }

    private void releaseData(long buf) {
        if (dataBuffers.size() < 64) {
            dataBuffers.push(buf);
        } else {
            NativeMemory.unmap(buf, (long) MAX_PAGES * PAGE_SIZE);
        }
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
        loop.execute(() -> {
            for (var e : peers.entrySet()) {
                closePeer(e.getKey(), e.getValue(), true);
            }
        });
        loop.close();
    }
}
