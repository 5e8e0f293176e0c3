/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.compute;

import disagg.server.common.HostPort;
import disagg.server.common.Log;
import disagg.server.common.Options;
import disagg.server.common.ServerMain;
import disagg.server.common.Token;

/** {@code jdisagg computeserver}: parses and checks the options, then runs a {@link ComputeServer}. */
public final class ComputeServerMain {
    private ComputeServerMain() { }

    /** The line printed on standard output once the server accepts clients. */
    public static final String READY = "disagg computeserver ready";

    public static void main(String[] args) throws Exception {
        int rc = run(args);
        if (rc != 0) {
            System.exit(rc);
        }
    }

    static int run(String[] args) throws Exception {
        System.setProperty("io.netty.noUnsafe", "true");
        int cpus = Runtime.getRuntime().availableProcessors();
        Options o = new Options("jdisagg computeserver [options]",
                "Runs a compute server: its carrier threads run the parallel stream leaves and remote tasks\n"
                + "of Disagg JDK VMs (-XX:DisaggComputeServers=HOST:PORT -XX:DisaggTokenFile=FILE), over UCX.\n"
                + "Each client gets a class loader of its own; classes are fetched from the client on demand.");
        var listen = o.add("listen", "HOST:PORT", "127.0.0.1:7710", s -> HostPort.parse(s, "127.0.0.1"),
                "address of the UCX listener. Loopback unless a non-loopback host is given; port 0 picks a free port.");
        var carriers = o.add("carriers", "N", String.valueOf(cpus), Options.intIn(1, 4096),
                "carrier threads contributed to clients (default: the CPUs here, " + cpus + ").");
        var tokenFile = o.add("token-file", "FILE", null, s -> s,
                "file holding the token clients must present (the VM's -XX:DisaggTokenFile). "
                + "'-' reads it from the first line of standard input. Required.");
        var adminPort = o.add("admin-port", "PORT", "7711", Options.intIn(-1, 65535),
                "port of the admin HTTP endpoint (/health, /metrics) on the listen host; 0 picks a free port, -1 disables it.");
        var maxClients = o.add("max-clients", "N", "64", Options.intIn(1, 1 << 16), "most client sessions at once.");
        var classTimeout = o.add("class-timeout", "DURATION", "30s", Options.millisIn(100, 3600_000),
                "how long a task may wait for a class file from its client before the class counts as missing.");
        var spin = o.add("spin-us", "MICROS", "50", Options.intIn(0, 1_000_000),
                "how long the I/O thread keeps polling after the last message before it sleeps.");
        var logLevel = o.add("log-level", "LEVEL", "info", Log::parseLevel, "error, warn, info or debug.");
        var stdinEof = o.flag("exit-on-stdin-eof",
                "exit when standard input reaches end of file (so a server started by a test or a parent process "
                + "ends with it).");
        o.note("""
                Environment: UCX_TLS, UCX_NET_DEVICES and the other UCX_* variables configure UCX;
                for example UCX_TLS=tcp UCX_NET_DEVICES=lo forces loopback tcp on one machine.

                Clients must run the same JDK build as the server (checked at connection).
                On start the server prints one line to standard output:
                  disagg computeserver ready listen=HOST:PORT admin=HOST:PORT carriers=N
                Exit status: 0 after SIGTERM or SIGINT, 2 for a bad command line, 1 if it cannot start.""");
        ServerMain main = new ServerMain("jdisagg computeserver");
        int status = main.parse(o, args, tokenFile);
        if (status >= 0) {
            return status;
        }
        Log.setLevel(logLevel.get());
        Log log = new Log("computeserver");
        Token token = main.token(tokenFile.get(), log);
        if (token == null) {
            return 2;
        }
        if (!listen.get().isLoopback()) {
            log.info("listening on a non-loopback address %s: clients on other hosts can connect (with the token)"
                     + " and run code here", listen.get());
        }
        ComputeServer server;
        try {
            server = new ComputeServer(new ComputeServer.Config(listen.get(), carriers.get(), token, adminPort.get(),
                    spin.get(), maxClients.get(), classTimeout.get()));
        } catch (Exception e) {
            System.err.println("jdisagg computeserver: cannot start on " + listen.get() + ": " + e.getMessage()
                               + ("Device is busy".equals(e.getMessage()) ? " (is another server using the port?)" : ""));
            return 1;
        }
        var a = server.address();
        log.info("serving on %s with %d carriers", new HostPort(a.getHostString(), a.getPort()), carriers.get());
        main.serve(server, ServerMain.readyLine(READY, a, server.adminAddress(), "carriers=" + carriers.get()),
                   stdinEof.get(), log);
        return 0;
    }
}
