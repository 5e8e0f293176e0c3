/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The Disagg memory protocol, version 1: constants and the 40-byte header.
 * The specification is docs/protocol.md; the VM's side is
 * src/hotspot/share/disagg/disaggProtocol.hpp.
 */
public final class Protocol {
    private Protocol() { }

    public static final int AM_REQUEST = 17;
    public static final int AM_REPLY = 18;

    public static final int MAGIC = 0x4D475344;  // "DSGM"
    public static final short VERSION = 1;
    public static final int HEADER_SIZE = 40;
    public static final int PAGE_SIZE = 4096;
    public static final int MAX_PAGES = 512;     // 2 MiB per READ or WRITE
    public static final long MAX_SPACE_PAGES = 1L << 32;
    public static final int SESSION_ID_SIZE = 16;

    public static final int OP_HELLO = 1, OP_READ = 2, OP_WRITE = 3, OP_DISCARD = 4,
                            OP_STATS = 5, OP_PING = 6, OP_BYE = 7;
    public static final int REPLY_BIT = 0x80;

    public static final int OK = 0, MALFORMED = 1, UNSUPPORTED_VERSION = 2, UNAUTHENTICATED = 3,
                            BAD_TOKEN = 4, OUT_OF_RANGE = 5, CAPACITY_EXHAUSTED = 6, TOO_LARGE = 7,
                            BAD_LENGTH = 8, UNKNOWN_OP = 9, INTERNAL = 10;

    private static final String[] OP_NAMES = {"?", "hello", "read", "write", "discard", "stats", "ping", "bye"};
    private static final String[] STATUS_NAMES = {"ok", "malformed", "unsupported_version", "unauthenticated",
        "bad_token", "out_of_range", "capacity_exhausted", "too_large", "bad_length", "unknown_op", "internal"};

    public static String opName(int op) {
        return op > 0 && op < OP_NAMES.length ? OP_NAMES[op] : "unknown";
    }

    public static String statusName(int status) {
        return status >= 0 && status < STATUS_NAMES.length ? STATUS_NAMES[status] : "status_" + status;
    }

    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** A decoded header. */
    public record Header(int magic, int version, int op, long id, long page, int count, int status, long arg) {

        public static Header read(MemorySegment s) {
            return new Header(s.get(I32, 0), Short.toUnsignedInt(s.get(I16, 4)), Short.toUnsignedInt(s.get(I16, 6)),
                              s.get(I64, 8), s.get(I64, 16), s.get(I32, 24), s.get(I32, 28), s.get(I64, 32));
        }

        public void write(MemorySegment s) {
            s.set(I32, 0, magic);
            s.set(I16, 4, (short) version);
            s.set(I16, 6, (short) op);
            s.set(I64, 8, id);
            s.set(I64, 16, page);
            s.set(I32, 24, count);
            s.set(I32, 28, status);
            s.set(I64, 32, arg);
        }

        public static Header request(int op, long id, long page, int count, long arg) {
            return new Header(MAGIC, VERSION, op, id, page, count, 0, arg);
        }

        public Header reply(int status, long arg) {
            return new Header(MAGIC, VERSION, (op & 0x7f) | REPLY_BIT, id, page, count, status, arg);
        }
    }
}
