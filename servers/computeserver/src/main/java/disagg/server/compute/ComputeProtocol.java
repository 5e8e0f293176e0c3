/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.compute;

import disagg.server.common.NativeMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import org.openucx.jucx.UcxCallback;
import org.openucx.jucx.ucp.UcpAmData;
import org.openucx.jucx.ucp.UcpConstants;
import org.openucx.jucx.ucp.UcpEndpoint;
import org.openucx.jucx.ucp.UcpRequest;

/**
 * The compute server's wire protocol (docs/protocol.md, "Compute servers").
 * Every message is one UCX active message: a 24-byte header and a payload.
 * Clients send on {@link #AM_TO_SERVER}, servers on {@link #AM_TO_CLIENT};
 * a reply carries the request's op with {@link #REPLY_BIT} and its id.
 *
 * <pre>
 *   header: magic u32 | version u16 | op u16 | id u64 | status u32 | reserved u32   (little-endian)
 *   HELLO  client -> server  payload: token length u32, token, JDK version (UTF-8)
 *          reply             status; payload: carriers u32
 *   TASK   client -> server  payload: the task (jdk.disagg's format, opaque here)
 *          reply             status OK; payload: the result (opaque)
 *   CLASS  server -> client  payload: a binary class name (UTF-8)
 *          reply             status OK and the class file, or NOT_FOUND
 *   PING   either way        reply: empty
 * </pre>
 * Everything but HELLO and PING needs an accepted HELLO on the endpoint.
 */
public final class ComputeProtocol {
    private ComputeProtocol() { }

    public static final int AM_TO_SERVER = 20, AM_TO_CLIENT = 21;
    public static final int MAGIC = 0x504D4344;  // "DCMP"
    public static final int VERSION = 1;
    public static final int HEADER_SIZE = 24;
    public static final int OP_HELLO = 1, OP_TASK = 2, OP_CLASS = 3, OP_PING = 4;
    public static final int REPLY_BIT = 0x80;
    public static final int OK = 0, MALFORMED = 1, UNAUTHENTICATED = 2, BAD_TOKEN = 3, JDK_MISMATCH = 4,
                            NOT_FOUND = 5, BUSY = 6, INTERNAL = 7;
    /** The largest payload accepted (a task or result graph, or a class file). */
    public static final long MAX_PAYLOAD = 1L << 30;

    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final String[] STATUS = {"ok", "malformed", "unauthenticated", "bad token", "JDK mismatch",
                                            "not found", "busy", "internal error"};

    public static String statusName(int s) {
        return s >= 0 && s < STATUS.length ? STATUS[s] : "status " + s;
    }

    public record Header(int magic, int version, int op, long id, int status) {
        static Header read(long address, long size) {
            if (size < HEADER_SIZE) {
                return null;
            }
            MemorySegment s = NativeMemory.segment(address, HEADER_SIZE);
            return new Header(s.get(I32, 0), Short.toUnsignedInt(s.get(I16, 4)), Short.toUnsignedInt(s.get(I16, 6)),
                              s.get(I64, 8), s.get(I32, 16));
        }

        boolean valid() {
            return magic == MAGIC && version == VERSION;
        }

        boolean isReply() {
            return (op & REPLY_BIT) != 0;
        }

        int baseOp() {
            return op & ~REPLY_BIT;
        }
    }

    /**
     * Sends one message; must be called on the endpoint's UCX loop thread.
     * The buffers live until UCX is done with them.  {@code onError} (may be
     * null) hears of a message that could not be sent.
     */
    static void send(UcpEndpoint ep, int am, int op, long id, int status, byte[] payload, Consumer<String> onError) {
        Arena arena = Arena.ofConfined();
        MemorySegment h = arena.allocate(HEADER_SIZE, 8);
        h.set(I32, 0, MAGIC);
        h.set(I16, 4, (short) VERSION);
        h.set(I16, 6, (short) op);
        h.set(I64, 8, id);
        h.set(I32, 16, status);
        h.set(I32, 20, 0);
        long plen = payload == null ? 0 : payload.length;
        MemorySegment p = null;
        if (plen > 0) {
            p = arena.allocate(plen, 64);
            MemorySegment.copy(MemorySegment.ofArray(payload), 0, p, 0, plen);
        }
        // REPLY: the receiver's handler gets the endpoint, which is how a server knows its client.
        ep.sendAmNonBlocking(am, h.address(), HEADER_SIZE, p == null ? 0 : p.address(), plen,
                             UcpConstants.UCP_AM_SEND_FLAG_REPLY, new UcxCallback() {
            private boolean done;

            @Override
            public void onSuccess(UcpRequest r) {
                free();
            }

            @Override
            public void onError(int st, String message) {
                free();
                if (onError != null) {
                    onError.accept(message);
                }
            }

            private void free() {
                if (!done) {
                    done = true;
                    arena.close();
                }
            }
        });
    }

    /**
     * Takes a message's payload as a byte array: at once when UCX delivered
     * it with the header, else after receiving it (rendezvous).  Runs
     * {@code then} on the loop thread, with null if receiving failed.
     */
    static void receive(UcpAmData data, Consumer<byte[]> then) {
        if (data == null || data.getLength() == 0) {
            then.accept(new byte[0]);
            return;
        }
        if (data.getLength() > MAX_PAYLOAD) {
            then.accept(null);
            return;
        }
        if (data.isDataValid()) {
            then.accept(NativeMemory.segment(data.getDataAddress(), data.getLength()).toArray(ValueLayout.JAVA_BYTE));
            return;
        }
        Arena arena = Arena.ofConfined();
        MemorySegment buf = arena.allocate(data.getLength(), 64);
        data.receive(buf.address(), new UcxCallback() {
            @Override
            public void onSuccess(UcpRequest r) {
                byte[] b = buf.toArray(ValueLayout.JAVA_BYTE);
                arena.close();
                then.accept(b);
            }

            @Override
            public void onError(int status, String message) {
                arena.close();
                then.accept(null);
            }
        });
    }
}
