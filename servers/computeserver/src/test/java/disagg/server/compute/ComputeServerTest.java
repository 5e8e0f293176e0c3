/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.compute;

import static org.junit.jupiter.api.Assertions.*;

import disagg.server.common.HostPort;
import disagg.server.common.Token;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real compute server over loopback tcp, driven by the real client the
 * JDK uses ({@link ComputeClient}).  Task payloads that run code are tested
 * end to end by jtreg (test/jdk/jdk/disagg/remote); here the server must
 * authenticate, isolate and survive bad input.
 */
class ComputeServerTest {
    static final byte[] TOKEN = "compute-token-0123456789".getBytes(StandardCharsets.UTF_8);
    static final String JDK = Runtime.version().toString();

    private ComputeServer server;
    private String address;

    @BeforeEach
    void start() throws Exception {
        server = new ComputeServer(new ComputeServer.Config(new HostPort("127.0.0.1", 0), 2, Token.of(TOKEN), 0, 50,
                                                            4, 5000));
        address = "127.0.0.1:" + server.address().getPort();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    ComputeClient connect(byte[] token, String jdk) throws IOException {
        return ComputeClient.connect(address, token, jdk, name -> null, 5000, 10_000);
    }

    static byte[] result(ComputeClient c, byte[] task) throws Exception {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        c.submit(task, (bytes, failure) -> {
            if (failure != null) {
                f.completeExceptionally(failure);
            } else {
                f.complete(bytes);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    String admin(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.adminAddress().getPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    @Test
    void handshakeReportsCarriersAndRoundTrip() throws Exception {
        ComputeClient c = connect(TOKEN, JDK);
        try {
            assertEquals(2, c.carriers());
            assertTrue(c.roundTripNanos() > 0 && c.roundTripNanos() < TimeUnit.SECONDS.toNanos(1));
            assertTrue(c.isAlive());
        } finally {
            c.close();
        }
        assertTrue(admin("/health").contains("\"carriers\":2"));
    }

    @Test
    void wrongTokenIsRefusedAndOthersAreServed() throws Exception {
        IOException e = assertThrows(IOException.class, () -> connect("wrong".getBytes(StandardCharsets.UTF_8), JDK));
        assertTrue(e.getMessage().contains("bad token"), e.getMessage());
        assertTrue(e.getMessage().contains(address), e.getMessage());
        ComputeClient c = connect(TOKEN, JDK);
        c.close();
        assertTrue(admin("/metrics").contains("disagg_computeserver_rejected_total{reason=\"bad_token\"} 1"));
    }

    @Test
    void anotherJdkIsRefused() {
        IOException e = assertThrows(IOException.class, () -> connect(TOKEN, "21.0.1+12"));
        assertTrue(e.getMessage().contains("JDK mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains(JDK), e.getMessage());
    }

    @Test
    void malformedTaskIsAnsweredAndCounted() throws Exception {
        ComputeClient c = connect(TOKEN, JDK);
        try {
            for (byte[] junk : new byte[][] {new byte[0], {1}, {2, 99, 1, 2, 3}, "not a graph".getBytes()}) {
                byte[] r = result(c, junk);
                assertEquals(3, r[0], "a task that cannot be read is answered FAILED");
            }
            assertTrue(c.isAlive());
        } finally {
            c.close();
        }
        assertTrue(admin("/metrics").contains("disagg_computeserver_tasks_total{outcome=\"failed\"} 4"),
                   admin("/metrics"));
    }

    @Test
    void sessionsAreLimited() throws Exception {
        ComputeClient[] cs = new ComputeClient[4];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = connect(TOKEN, JDK);
        }
        try {
            IOException e = assertThrows(IOException.class, () -> connect(TOKEN, JDK));
            assertTrue(e.getMessage().contains("busy"), e.getMessage());
        } finally {
            for (ComputeClient c : cs) {
                c.close();
            }
        }
    }

    @Test
    void outstandingTasksHearOfALostServer() throws Exception {
        ComputeClient c = connect(TOKEN, JDK);
        try {
            server.close();
            CompletableFuture<Throwable> f = new CompletableFuture<>();
            c.submit(new byte[] {1}, (bytes, failure) -> f.complete(failure));
            Throwable t = f.get(15, TimeUnit.SECONDS);
            assertNotNull(t, "a task sent to a closed server must fail, not hang");
            assertFalse(c.isAlive());
        } finally {
            c.close();
            server = new ComputeServer(new ComputeServer.Config(new HostPort("127.0.0.1", 0), 1, Token.of(TOKEN), -1,
                                                                50, 4, 5000));
        }
    }

    @Test
    void unreachableServerIsNamed() {
        IOException e = assertThrows(IOException.class, () -> ComputeClient.connect("127.0.0.1:1", TOKEN, JDK,
                name -> null, 3000, 10_000));
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
    }

    @Test
    void anAdminPortInUseFailsTheStartWithItsAddress() throws Exception {
        // It used to wait forever for its UCX thread, which had not started.
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            IllegalStateException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () ->
                    assertThrows(IllegalStateException.class, () -> new ComputeServer(new ComputeServer.Config(
                            new HostPort("127.0.0.1", 0), 1, Token.of(TOKEN), port, 50, 4, 5000))));
            assertTrue(e.getMessage().contains("admin endpoint") && e.getMessage().contains(":" + port), e.getMessage());
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithoutTakingTheClientDown() throws Exception {
        // A listener that accepts connections and says nothing: the client's
        // connect times out and closes its endpoint, whose close must finish
        // before UCX is released (UCX 1.13 aborts the process otherwise).
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String where = "127.0.0.1:" + silent.getLocalPort();
            IOException e = assertThrows(IOException.class, () -> ComputeClient.connect(where, TOKEN, JDK,
                    name -> null, 1000, 10_000));
            assertTrue(e.getMessage().contains(where), e.getMessage());
        }
    }

    @Test
    void badOptionsExitWithUsageError(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path token = dir.resolve("token");
        Files.write(token, TOKEN);
        assertEquals(2, ComputeServerMain.run(new String[] {"--carriers", "0", "--token-file", token.toString()}));
        assertEquals(2, ComputeServerMain.run(new String[] {"--listen", "nohost"}));
        assertEquals(2, ComputeServerMain.run(new String[] {"--carriers", "2"}));  // no token
        assertEquals(2, ComputeServerMain.run(new String[] {"--token-file", token.toString(), "--spin-us", "x"}));
    }
}
