/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.common;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * What the {@code main} of every server does around its own options: parse
 * the command line (exit status 2 for a usage error), read the token, print
 * the ready line, then serve until SIGTERM or SIGINT, or until standard
 * input closes with {@code --exit-on-stdin-eof}.
 */
public final class ServerMain {
    private final String command;

    /** {@code command} names the server in messages, for example "jdisagg memserver". */
    public ServerMain(String command) {
        this.command = command;
    }

    /**
     * Parses {@code args}; returns -1 to go on, or the exit status: 0 after
     * printing the help, 2 after a usage error (a missing token file is one).
     */
    public int parse(Options o, String[] args, Options.Option<String> tokenFile) {
        try {
            if (!o.parse(args)) {
                System.out.print(o.help());
                return 0;
            }
            if (!tokenFile.given()) {
                throw new Options.UsageException("--token-file is required: clients authenticate with a shared token");
            }
            return -1;
        } catch (Options.UsageException e) {
            return usage(e.getMessage());
        }
    }

    /** Reads the token; null after printing why it cannot be used. */
    public Token token(String where, Log log) {
        try {
            return Token.read(where, log);
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return null;
        }
    }

    /** Prints {@code message} for a bad command line; returns the exit status, 2. */
    public int usage(String message) {
        System.err.println(command + ": " + message);
        return 2;
    }

    /**
     * An embedded memory server's standard error is a log file the VM that
     * started it removes at exit when empty; a VM that was killed or crashed
     * cannot, so the server, the last to know the log is empty, does.
     */
    private static void removeEmptyEmbeddedLog() {
        try {
            Path log = Files.readSymbolicLink(Path.of("/proc/self/fd/2"));
            String name = log.getFileName().toString();
            if (name.startsWith("disagg-memserver-") && name.endsWith(".log") && Files.isRegularFile(log)
                    && Files.size(log) == 0) {
                Files.deleteIfExists(log);
            }
        } catch (IOException | RuntimeException e) {
            // not a file, or gone: nothing to remove
        }
    }

    /** The ready line: {@code prefix listen=HOST:PORT admin=HOST:PORT|- details}. */
    public static String readyLine(String prefix, InetSocketAddress listen, InetSocketAddress admin, String details) {
        return prefix + " listen=" + new HostPort(listen.getHostString(), listen.getPort())
               + " admin=" + (admin == null ? "-" : new HostPort(admin.getHostString(), admin.getPort()))
               + " " + details;
    }

    /**
     * Prints the ready line (what a parent process waits for), then serves
     * until the VM is asked to stop, closing {@code server} on the way out.
     */
    public void serve(AutoCloseable server, String readyLine, boolean exitOnStdinEof, Log log)
            throws InterruptedException {
        System.out.println(readyLine);
        System.out.flush();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                log.warn("closing failed: %s", e);
            }
            removeEmptyEmbeddedLog();
            done.countDown();
        }, "server-shutdown"));
        if (exitOnStdinEof) {
            Thread.ofPlatform().daemon().name("stdin-watch").start(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // the parent never writes after the token; wait for EOF
                    }
                } catch (IOException ignore) {
                    // closed: treat as EOF
                }
                log.info("standard input closed: the process that started this server is gone; exiting");
                System.exit(0);
            });
        }
        done.await();
    }
}
