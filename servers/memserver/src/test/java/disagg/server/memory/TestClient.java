/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.memory;

import static disagg.server.memory.Protocol.*;

import disagg.server.common.NativeMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.openucx.jucx.UcxCallback;
import org.openucx.jucx.ucp.UcpAmData;
import org.openucx.jucx.ucp.UcpConstants;
import org.openucx.jucx.ucp.UcpContext;
import org.openucx.jucx.ucp.UcpEndpoint;
import org.openucx.jucx.ucp.UcpEndpointParams;
import org.openucx.jucx.ucp.UcpParams;
import org.openucx.jucx.ucp.UcpRequest;
import org.openucx.jucx.ucp.UcpWorker;
import org.openucx.jucx.ucp.UcpWorkerParams;
import org.openucx.jucx.ucs.UcsConstants;

/**
 * A protocol client for tests: one UCX endpoint, driven by the calling thread.
 * Speaks well-formed requests ({@link #call}) and arbitrary bytes ({@link #raw}).
 */
final class TestClient implements AutoCloseable {
    record Reply(Header header, byte[] data) {
        int status() { return header.status(); }
    }

    private final UcpContext context;
    private final UcpWorker worker;
    private final UcpEndpoint ep;
    private final Arena arena = Arena.ofShared();
    private final Map<Long, Reply> replies = new HashMap<>();
    private long nextId = 1;
    private volatile boolean failed;

    TestClient(InetSocketAddress server) {
        context = new UcpContext(new UcpParams().requestAmFeature());
        worker = context.newWorker(new UcpWorkerParams());
        worker.setAmRecvHandler(AM_REPLY, this::onReply, UcpConstants.UCP_AM_FLAG_WHOLE_MSG);
        ep = worker.newEndpoint(new UcpEndpointParams().setSocketAddress(server).setPeerErrorHandlingMode()
                .setErrorHandler((e, status, msg) -> failed = true));
    }

    boolean failed() { return failed; }

    private int onReply(long headerAddress, long headerSize, UcpAmData data, UcpEndpoint replyEp) {
        Header h = Header.read(NativeMemory.segment(headerAddress, HEADER_SIZE));
        if (data == null || data.getLength() == 0) {
            replies.put(h.id(), new Reply(h, new byte[0]));
        } else if (data.isDataValid()) {
            replies.put(h.id(), new Reply(h, NativeMemory.segment(data.getDataAddress(), data.getLength())
                    .toArray(ValueLayout.JAVA_BYTE)));
        } else {
            MemorySegment buf = arena.allocate(data.getLength(), 4096);
            data.receive(buf.address(), new UcxCallback() {
                @Override
                public void onSuccess(UcpRequest r) {
                    replies.put(h.id(), new Reply(h, buf.toArray(ValueLayout.JAVA_BYTE)));
                }

                @Override
                public void onError(int status, String message) {
                    failed = true;  // (jucx's default throws, e.g. when close() cancels the receive)
                }
            });
        }
        return UcsConstants.STATUS.UCS_OK;
    }

    /** Sends a request; returns its id. */
    long send(int op, long page, int count, long arg, byte[] payload) {
        long id = nextId++;
        byte[] hdr = new byte[HEADER_SIZE];
        Header.request(op, id, page, count, arg).write(MemorySegment.ofArray(hdr));
        raw(hdr, payload);
        return id;
    }

    /** Sends any header bytes and payload. */
    void raw(byte[] header, byte[] payload) {
        Arena message = Arena.ofShared();  // freed when UCX is done with the buffers
        MemorySegment h = message.allocate(Math.max(1, header.length), 8);
        MemorySegment.copy(MemorySegment.ofArray(header), 0, h, 0, header.length);
        long plen = payload == null ? 0 : payload.length;
        MemorySegment p = plen == 0 ? null : message.allocate(plen, 4096);
        if (p != null) {
            MemorySegment.copy(MemorySegment.ofArray(payload), 0, p, 0, plen);
        }
        ep.sendAmNonBlocking(AM_REQUEST, h.address(), header.length, p == null ? 0 : p.address(), plen,
                UcpConstants.UCP_AM_SEND_FLAG_REPLY, new UcxCallback() {
                    private boolean closed;

                    @Override
                    public void onSuccess(UcpRequest r) {
                        free();
                    }

                    @Override
                    public void onError(int status, String msg) {
                        free();
                    }

                    private void free() {
                        if (!closed) {
                            closed = true;
                            message.close();
                        }
                    }
                });
    }

    /** Progresses until the reply to {@code id} arrives, or returns null after {@code millis}. */
    Reply await(long id, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!replies.containsKey(id)) {
            try {
                worker.progress();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
        }
        return replies.remove(id);
    }

    Reply call(int op, long page, int count, long arg, byte[] payload) {
        Reply r = await(send(op, page, count, arg, payload), 10_000);
        if (r == null) {
            throw new AssertionError("no reply to " + opName(op) + " within 10 s");
        }
        return r;
    }

    Reply hello(byte[] session, byte[] token, long spacePages) {
        byte[] p = new byte[SESSION_ID_SIZE + token.length];
        System.arraycopy(session, 0, p, 0, SESSION_ID_SIZE);
        System.arraycopy(token, 0, p, SESSION_ID_SIZE, token.length);
        return call(OP_HELLO, 0, 0, spacePages, p);
    }

    Reply write(long page, byte[] pages) {
        return call(OP_WRITE, page, pages.length / PAGE_SIZE, 0, pages);
    }

    Reply read(long page, int count) {
        return call(OP_READ, page, count, 0, null);
    }

    /** Progresses for a while, to let the server act (for example close us). */
    void idle(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            try {
                worker.progress();
            } catch (Exception e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            UcpRequest r = ep.closeNonBlockingForce();
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (!r.isCompleted() && System.nanoTime() < deadline) {
                worker.progress();
            }
        } catch (Exception ignore) {
            // closing anyway
        }
        try {
            worker.close();  // cancels what is still in flight
        } catch (RuntimeException cancelled) {
            // a request's callback reporting its cancellation
        }
        context.close();
        arena.close();
    }
}
