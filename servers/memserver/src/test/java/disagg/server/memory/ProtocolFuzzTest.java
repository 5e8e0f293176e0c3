/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.memory;

import static disagg.server.memory.Protocol.*;
import static org.junit.jupiter.api.Assertions.*;

import disagg.server.common.HostPort;
import disagg.server.common.Token;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openucx.jucx.UcxException;

/**
 * Fuzzes a real server with random and mutated messages while a well-behaved
 * client keeps checking its pages.  The server must answer or drop every
 * message, never crash, keep the good client's data intact, and hold no
 * leftover pages, sessions or endpoints once the fuzzing clients are gone.
 */
class ProtocolFuzzTest {
    static final int MESSAGES = 12_000;

    @Test
    void randomAndMutatedMessages() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("ProtocolFuzzTest seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        Random rnd = new Random(seed);
        byte[] token = MemoryServerTest.TOKEN;
        try (MemoryServer server = new MemoryServer(new MemoryServer.Config(new HostPort("127.0.0.1", 0),
                    32L << 20, Token.of(token), -1, 2_000, 50, 4096));
             TestClient good = new TestClient(server.address())) {
            byte[] goodId = MemoryServerTest.session(1234);
            assertEquals(OK, good.hello(goodId, token, MemoryServerTest.SPACE).status());
            byte[] goodData = MemoryServerTest.pages(32, 99);
            assertEquals(OK, good.write(500, goodData).status());

            List<TestClient> fuzzers = new ArrayList<>();
            TestClient f = new TestClient(server.address());
            fuzzers.add(f);
            int sent = 0, reconnects = 0, quarantined = 0;
            while (sent < MESSAGES) {
                boolean reconnect = false;
                try {
                    fuzzOne(f, rnd, token);
                    sent++;
                } catch (UcxException failed) {
                    reconnect = true;
                }
                if (sent % 64 == 0) {
                    f.idle(1);
                }
                if (sent % 50 == 0 && !reconnect) {
                    // A quarantined endpoint answers nothing, not even PING:
                    // then fuzz on a fresh connection.
                    try {
                        if (f.await(f.send(OP_PING, 0, 0, 0, null), 100) == null) {
                            quarantined++;
                            reconnect = true;
                        }
                    } catch (UcxException failed) {
                        reconnect = true;
                    }
                }
                if (reconnect || f.failed()) {
                    f = new TestClient(server.address());
                    fuzzers.add(f);
                    reconnects++;
                }
                if (sent % 100 == 0) {
                    good.call(OP_PING, 0, 0, 0, null);  // keep the good client's 2 s lease
                }
                if (sent % 1000 == 0) {
                    assertArrayEquals(goodData, good.read(500, 32).data(), "good client's pages after " + sent + " messages");
                }
            }
            System.out.println("sent " + sent + " fuzz messages over " + (reconnects + 1) + " connections ("
                    + quarantined + " found quarantined)");
            assertTrue(quarantined > 0, "the fuzz reached the quarantine");
            for (TestClient c : fuzzers) {
                c.close();
            }
            // Fuzz sessions expire after the 2 s lease; the good client keeps its own alive.
            long deadline = System.nanoTime() + 15_000_000_000L;
            String m;
            do {
                good.call(OP_PING, 0, 0, 0, null);
                Thread.sleep(250);
                m = server.metrics().scrape();
            } while (System.nanoTime() < deadline
                     && !(m.contains("disagg_memserver_sessions 1\n") && m.contains("disagg_memserver_endpoints 1\n")));
            assertTrue(m.contains("disagg_memserver_sessions 1\n"), "only the good session is left:\n" + m);
            assertTrue(m.contains("disagg_memserver_endpoints 1\n"), "only the good endpoint is left:\n" + m);
            assertTrue(m.contains("disagg_memserver_used_bytes " + (32 * PAGE_SIZE) + "\n"),
                       "no pages leaked:\n" + m);
            assertTrue(m.contains("disagg_memserver_errors_total{status=\"malformed\"}"), m);
            assertArrayEquals(goodData, good.read(500, 32).data(), "good client's pages at the end");
        }
    }

    private static void fuzzOne(TestClient c, Random rnd, byte[] token) {
        int kind = rnd.nextInt(100);
        if (kind < 25) {                       // random bytes of random length
            byte[] h = new byte[rnd.nextInt(64)];
            rnd.nextBytes(h);
            c.raw(h, randomPayload(rnd, 0));
        } else if (kind < 70) {                // a valid header with mutated fields
            byte[] h = new byte[HEADER_SIZE];
            int op = rnd.nextInt(8);
            int count = rnd.nextInt(4) == 0 ? rnd.nextInt() : rnd.nextInt(600);
            long page = rnd.nextInt(4) == 0 ? rnd.nextLong() : rnd.nextInt(1 << 21);
            Header.request(op, rnd.nextLong(), page, count, rnd.nextInt(3) == 0 ? rnd.nextLong() : 1 << 20)
                  .write(MemorySegment.ofArray(h));
            for (int i = rnd.nextInt(3); i > 0; i--) {
                h[rnd.nextInt(HEADER_SIZE)] ^= (byte) (1 << rnd.nextInt(8));
            }
            c.raw(h, randomPayload(rnd, Math.max(0, Math.min(count, 512))));
        } else if (kind < 90) {                // valid requests, authenticated or not
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    byte[] p = new byte[SESSION_ID_SIZE + token.length];
                    rnd.nextBytes(p);
                    System.arraycopy(token, 0, p, SESSION_ID_SIZE, token.length);
                    c.send(OP_HELLO, 0, 0, 1 + rnd.nextInt(1 << 20), p);
                }
                case 1 -> {
                    int n = 1 + rnd.nextInt(16);
                    c.send(OP_WRITE, rnd.nextInt(1 << 19), n, 0, new byte[n * PAGE_SIZE]);
                }
                case 2 -> c.send(OP_READ, rnd.nextInt(1 << 19), 1 + rnd.nextInt(64), 0, null);
                default -> c.send(OP_DISCARD, rnd.nextInt(1 << 19), 1 + rnd.nextInt(512), 0, null);
            }
        } else {                               // HELLO with a wrong, empty or oversized token
            byte[] p = new byte[rnd.nextInt(3) == 0 ? SESSION_ID_SIZE : SESSION_ID_SIZE + 1 + rnd.nextInt(5000)];
            rnd.nextBytes(p);
            c.send(OP_HELLO, 0, 0, 1 << 20, p);
        }
    }

    private static byte[] randomPayload(Random rnd, int count) {
        return switch (rnd.nextInt(6)) {
            case 0, 1 -> null;
            case 2 -> new byte[rnd.nextInt(100)];
            case 3 -> new byte[count * PAGE_SIZE];
            case 4 -> new byte[Math.max(0, count * PAGE_SIZE + (rnd.nextBoolean() ? 1 : -1))];
            default -> rnd.nextInt(50) == 0 ? new byte[MAX_PAGES * PAGE_SIZE + PAGE_SIZE] : new byte[rnd.nextInt(9000)];
        };
    }
}
