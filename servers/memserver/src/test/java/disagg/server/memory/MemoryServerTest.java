/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.memory;

import static disagg.server.memory.Protocol.*;
import static org.junit.jupiter.api.Assertions.*;

import disagg.server.common.HostPort;
import disagg.server.common.Token;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real memory server over loopback tcp (UCX_TLS=tcp UCX_NET_DEVICES=lo, set
 * by the build for every test), driven by real protocol clients.
 */
class MemoryServerTest {
    static final byte[] TOKEN = "test-token-0123456789".getBytes(StandardCharsets.UTF_8);
    static final long SPACE = 1L << 20;  // pages: a 4 GiB heap

    private MemoryServer server;

    static MemoryServer start(long capacity, long leaseMillis) throws InterruptedException {
        return new MemoryServer(new MemoryServer.Config(new HostPort("127.0.0.1", 0), capacity, Token.of(TOKEN),
                0, leaseMillis, 50, 64));
    }

    static byte[] session(int seed) {
        byte[] id = new byte[SESSION_ID_SIZE];
        new Random(seed).nextBytes(id);
        return id;
    }

    static byte[] pages(int count, long seed) {
        byte[] b = new byte[count * PAGE_SIZE];
        new Random(seed).nextBytes(b);
        return b;
    }

    TestClient client(byte[] session) {
        TestClient c = new TestClient(server.address());
        assertEquals(OK, c.hello(session, TOKEN, SPACE).status());
        return c;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyBlockSizeRoundTrips() throws Exception {
        server = start(64L << 20, 60_000);
        try (TestClient c = client(session(1))) {
            long page = 0;
            for (int count : new int[] {1, 2, 3, 8, 16, 64, 128, 256, 511, 512}) {
                byte[] data = pages(count, count);
                TestClient.Reply w = c.write(page, data);
                assertEquals(OK, w.status(), "write of " + count + " pages");
                TestClient.Reply r = c.read(page, count);
                assertEquals(OK, r.status(), "read of " + count + " pages");
                assertEquals(count, r.header().arg(), "pages present");
                assertArrayEquals(data, r.data(), "content of " + count + " pages");
                page += count + 7;  // not aligned to anything
            }
        }
    }

    @Test
    void pagesNeverWrittenReadAsZeros() throws Exception {
        server = start(16L << 20, 60_000);
        try (TestClient c = client(session(2))) {
            byte[] one = pages(1, 9);
            assertEquals(OK, c.write(101, one).status());
            TestClient.Reply r = c.read(100, 3);
            assertEquals(OK, r.status());
            assertEquals(1, r.header().arg());
            assertArrayEquals(new byte[PAGE_SIZE], Arrays.copyOfRange(r.data(), 0, PAGE_SIZE));
            assertArrayEquals(one, Arrays.copyOfRange(r.data(), PAGE_SIZE, 2 * PAGE_SIZE));
            assertArrayEquals(new byte[PAGE_SIZE], Arrays.copyOfRange(r.data(), 2 * PAGE_SIZE, 3 * PAGE_SIZE));
        }
    }

    @Test
    void clientsAreIsolated() throws Exception {
        server = start(16L << 20, 60_000);
        try (TestClient a = client(session(3)); TestClient b = client(session(4))) {
            byte[] secret = pages(4, 33);
            assertEquals(OK, a.write(10, secret).status());
            TestClient.Reply seen = b.read(10, 4);
            assertEquals(OK, seen.status());
            assertEquals(0, seen.header().arg(), "b sees none of a's pages");
            assertArrayEquals(new byte[4 * PAGE_SIZE], seen.data());
            assertEquals(OK, b.write(10, pages(4, 44)).status());
            assertEquals(OK, b.call(OP_DISCARD, 0, 100, 0, null).status());
            assertArrayEquals(secret, a.read(10, 4).data(), "b's writes and discards leave a's pages alone");
        }
    }

    @Test
    void wrongTokenGetsNothing() throws Exception {
        server = start(16L << 20, 60_000);
        try (TestClient good = client(session(5))) {
            byte[] data = pages(2, 55);
            assertEquals(OK, good.write(0, data).status());
            try (TestClient bad = new TestClient(server.address())) {
                assertEquals(BAD_TOKEN, bad.hello(session(5), "wrong".getBytes(StandardCharsets.UTF_8), SPACE).status());
                bad.idle(200);
                // The server closed that endpoint: a read gets no data (the send
                // fails, or no reply comes, or it is refused).
                TestClient.Reply r;
                try {
                    r = bad.await(bad.send(OP_READ, 0, 2, 0, null), 500);
                } catch (org.openucx.jucx.UcxException closed) {
                    r = null;
                }
                assertTrue(r == null || r.status() != OK, "no pages for a wrong token");
            }
            assertArrayEquals(data, good.read(0, 2).data(), "the server keeps serving others");
        }
        assertTrue(server.metrics().scrape().contains("disagg_memserver_errors_total{status=\"bad_token\"} 1"));
    }

    @Test
    void requestsBeforeHelloAreRefused() throws Exception {
        server = start(16L << 20, 60_000);
        try (TestClient c = new TestClient(server.address())) {
            assertEquals(UNAUTHENTICATED, c.read(0, 1).status());
            assertEquals(UNAUTHENTICATED, c.write(0, pages(1, 1)).status());
        }
    }

    @Test
    void fullServerSaysCapacityExhausted() throws Exception {
        server = start(64 * PAGE_SIZE, 60_000);
        try (TestClient c = client(session(6))) {
            assertEquals(OK, c.write(0, pages(64, 1)).status());
            TestClient.Reply full = c.write(64, pages(1, 2));
            assertEquals(CAPACITY_EXHAUSTED, full.status());
            assertEquals(CAPACITY_EXHAUSTED, c.write(60, pages(8, 2)).status(), "partly new: nothing is stored");
            assertEquals(0, c.read(64, 1).header().arg(), "the refused page was not stored");
            byte[] over = pages(4, 3);
            assertEquals(OK, c.write(10, over).status(), "overwriting stored pages needs no room");
            assertArrayEquals(over, c.read(10, 4).data());
            assertEquals(OK, c.call(OP_DISCARD, 0, 8, 0, null).status());
            assertEquals(OK, c.write(64, pages(8, 4)).status(), "discard made room");
        }
        assertTrue(server.metrics().scrape().contains("status=\"capacity_exhausted\"} 2"));
    }

    @Test
    void badRequestsGetErrorsAndChangeNothing() throws Exception {
        server = start(16L << 20, 60_000);
        try (TestClient c = client(session(7))) {
            assertEquals(TOO_LARGE, c.read(0, 0).status());
            assertEquals(TOO_LARGE, c.read(0, 513).status());
            assertEquals(OUT_OF_RANGE, c.read(SPACE - 1, 2).status());
            assertEquals(OUT_OF_RANGE, c.read(-5, 1).status());
            assertEquals(BAD_LENGTH, c.call(OP_WRITE, 0, 2, 0, pages(1, 1)).status());
            assertEquals(BAD_LENGTH, c.call(OP_READ, 0, 1, 0, new byte[7]).status());
            assertEquals(UNKNOWN_OP, c.call(42, 0, 1, 0, null).status());
            assertEquals(0, c.call(OP_STATS, 0, 0, 0, null).header().arg(), "nothing was stored");
        }
    }

    @Test
    void clientReconnectsWithinLeaseAndLosesPagesAfter() throws Exception {
        server = start(16L << 20, 1_500);
        byte[] id = session(8);
        byte[] data = pages(8, 88);
        try (TestClient c = client(id)) {
            assertEquals(OK, c.write(1000, data).status());
        }
        try (TestClient again = client(id)) {
            assertArrayEquals(data, again.read(1000, 8).data(), "same session id within the lease finds its pages");
        }
        Thread.sleep(4_000);  // lease 1.5 s, checked every second
        try (TestClient late = client(id)) {
            TestClient.Reply r = late.read(1000, 8);
            assertEquals(0, r.header().arg(), "after the lease the pages are gone");
        }
        assertTrue(server.metrics().scrape().contains("disagg_memserver_sessions_expired_total 1"));
    }

    @Test
    void byeFreesAtOnce() throws Exception {
        server = start(16L << 20, 60_000);
        try (TestClient c = client(session(9))) {
            assertEquals(OK, c.write(0, pages(16, 1)).status());
            assertEquals(OK, c.call(OP_BYE, 0, 0, 0, null).status());
            assertEquals(UNAUTHENTICATED, c.read(0, 1).status(), "the session is gone");
        }
        assertTrue(server.metrics().scrape().contains("disagg_memserver_used_bytes 0"));
    }

    @Test
    void manyRequestsInFlight() throws Exception {
        server = start(64L << 20, 60_000);
        try (TestClient c = client(session(10))) {
            long[] ids = new long[256];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = c.send(OP_WRITE, i * 4L, 4, 0, pages(4, i));
            }
            for (long id : ids) {
                assertEquals(OK, c.await(id, 10_000).status());
            }
            for (int i = 0; i < ids.length; i++) {
                ids[i] = c.send(OP_READ, i * 4L, 4, 0, null);
            }
            for (int i = 0; i < ids.length; i++) {
                assertArrayEquals(pages(4, i), c.await(ids[i], 10_000).data(), "batch " + i);
            }
        }
    }

    @Test
    void adminEndpointServesHealthAndMetrics() throws Exception {
        server = new MemoryServer(new MemoryServer.Config(new HostPort("127.0.0.1", 0), 16L << 20,
                Token.of(TOKEN), 0, 60_000, 50, 64));
        try (TestClient c = client(session(11))) {
            assertEquals(OK, c.write(0, pages(3, 1)).status());
            assertEquals(OK, c.read(0, 3).status());
        }
        Thread.sleep(1_500);  // client_bytes is published every second
        var a = server.adminAddress();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + a.getPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"status\":\"ok\""), health.body());
        assertTrue(health.body().contains("\"used_bytes\":12288"), health.body());
        String m = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(m.contains("disagg_memserver_capacity_bytes 16777216"), m);
        assertTrue(m.contains("disagg_memserver_requests_total{op=\"write\"} 1"), m);
        assertTrue(m.contains("disagg_memserver_client_bytes{session="), m);
        assertTrue(m.contains("12288"), m);
        assertTrue(m.contains("disagg_memserver_request_seconds_bucket{op=\"read\",le="), m);
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + "/x")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void anAdminPortInUseFailsTheStartWithItsAddress() throws Exception {
        // It used to wait forever for its UCX thread, which had not started.
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            IllegalStateException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () ->
                    assertThrows(IllegalStateException.class, () -> new MemoryServer(new MemoryServer.Config(
                            new HostPort("127.0.0.1", 0), 16L << 20, Token.of(TOKEN), port, 1000, 50, 64))));
            assertTrue(e.getMessage().contains("admin endpoint") && e.getMessage().contains(":" + port), e.getMessage());
        }
    }

    @Test
    void badCommandLinesAreRefusedWithReasons() throws Exception {
        assertEquals(2, MemoryServerMain.run(new String[] {"--capacity", "lots", "--token-file", "x"}));
        assertEquals(2, MemoryServerMain.run(new String[] {"--listen", "nohostport", "--token-file", "x"}));
        assertEquals(2, MemoryServerMain.run(new String[] {"--capacity", "1g"}), "token file required");
        assertEquals(2, MemoryServerMain.run(new String[] {"--token-file", "/nonexistent/token"}));
        assertEquals(2, MemoryServerMain.run(new String[] {"--grace", "10"}));
        assertEquals(2, MemoryServerMain.run(new String[] {"--bogus"}));
    }
}
