/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.memory;

import disagg.server.common.HostPort;
import disagg.server.common.Log;
import disagg.server.common.Options;
import disagg.server.common.ServerMain;
import disagg.server.common.Sizes;
import disagg.server.common.Token;
import java.lang.management.ManagementFactory;

/** {@code jdisagg memserver}: parses and checks the options, then runs a {@link MemoryServer}. */
public final class MemoryServerMain {
    private MemoryServerMain() { }

    /** What the VM waits for on standard output before it uses an embedded server. */
    public static final String READY = "disagg memserver ready";

    public static void main(String[] args) throws Exception {
        int rc = run(args);
        if (rc != 0) {
            System.exit(rc);
        }
    }

    static int run(String[] args) throws Exception {
        // Netty would use sun.misc.Unsafe, which JDK 25+ warns about; the
        // admin endpoint does not need it.
        System.setProperty("io.netty.noUnsafe", "true");
        long physical = physicalMemory();
        Options o = new Options("jdisagg memserver [options]",
                "Runs a memory server: it holds the evicted Java heap pages of Disagg JDK VMs\n"
                + "(-XX:+UseDisaggregatedHeap -XX:DisaggMemoryServers=HOST:PORT), each client in a\n"
                + "session of its own, over UCX.  Protocol: docs/protocol.md of Disagg JDK.");
        var listen = o.add("listen", "HOST:PORT", "127.0.0.1:7700", s -> HostPort.parse(s, "127.0.0.1"),
                "address of the UCX listener. Loopback unless a non-loopback host is given; port 0 picks a free port.");
        var capacity = o.add("capacity", "SIZE", null, Options.sizeIn(0, 8L << 40),
                "most page bytes held for all clients together, e.g. 64g. Committed as pages arrive. "
                + "Default: half of physical memory (" + Sizes.format(physical / 2) + " here).");
        var tokenFile = o.add("token-file", "FILE", null, s -> s,
                "file holding the token clients must present (the VM's -XX:DisaggTokenFile). "
                + "'-' reads it from the first line of standard input. Required.");
        var adminPort = o.add("admin-port", "PORT", "7701", Options.intIn(-1, 65535),
                "port of the admin HTTP endpoint (/health, /metrics) on the listen host; 0 picks a free port, -1 disables it.");
        var grace = o.add("grace", "DURATION", "60s", Options.millisIn(1000, 7L * 24 * 3600 * 1000),
                "lease of a client session: a client silent this long (dead or cut off) has its pages freed; "
                + "within it a client may reconnect and find them.");
        var maxSessions = o.add("max-sessions", "N", "256", Options.intIn(1, 1 << 20), "most client sessions at once.");
        var spin = o.add("spin-us", "MICROS", "50", Options.intIn(0, 1_000_000),
                "how long the I/O thread keeps polling after the last message before it sleeps; "
                + "polling cuts latency, sleeping frees the CPU.");
        var logLevel = o.add("log-level", "LEVEL", "info", Log::parseLevel, "error, warn, info or debug.");
        var stdinEof = o.flag("exit-on-stdin-eof",
                "exit when standard input reaches end of file (a VM starting its embedded server uses this, "
                + "so the server ends with the VM even when the VM is killed).");
        o.note("""
                Environment: UCX_TLS, UCX_NET_DEVICES and the other UCX_* variables configure UCX;
                for example UCX_TLS=tcp UCX_NET_DEVICES=lo forces loopback tcp on one machine.

                On start the server prints one line to standard output:
                  disagg memserver ready listen=HOST:PORT admin=HOST:PORT capacity=BYTES
                Exit status: 0 after SIGTERM or SIGINT, 2 for a bad command line, 1 if it cannot start.""");
        ServerMain main = new ServerMain("jdisagg memserver");
        int status = main.parse(o, args, tokenFile);
        if (status >= 0) {
            return status;
        }
        Log.setLevel(logLevel.get());
        Log log = new Log("memserver");
        Token token = main.token(tokenFile.get(), log);
        if (token == null) {
            return 2;
        }
        if (!listen.get().isLoopback()) {
            log.info("listening on a non-loopback address %s: clients on other hosts can connect (with the token)", listen.get());
        }
        long cap = capacity.given() ? capacity.get() : physical / 2;
        MemoryServer server;
        try {
            server = new MemoryServer(new MemoryServer.Config(listen.get(), cap, token, adminPort.get(),
                    grace.get(), spin.get(), maxSessions.get()));
        } catch (RuntimeException e) {
            System.err.println("jdisagg memserver: cannot start: " + e.getMessage());
            return 1;
        }
        var a = server.address();
        log.info("serving on %s, capacity %s, lease %d ms", new HostPort(a.getHostString(), a.getPort()),
                 Sizes.format(cap), grace.get());
        main.serve(server, ServerMain.readyLine(READY, a, server.adminAddress(), "capacity=" + cap),
                   stdinEof.get(), log);
        return 0;
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 1L << 30;
    }
}
