/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * DO NOT ALTER OR REMOVE COPYRIGHT NOTICES OR THIS FILE HEADER.
 *
 * This code is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License version 2 only, as
 * published by the Free Software Foundation.
 *
 * This code is distributed in the hope that it will be useful, but WITHOUT
 * ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or
 * FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * version 2 for more details (a copy is included in the LICENSE file that
 * accompanied this code).
 */

package jdk.test.lib.disagg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.test.lib.JDKToolFinder;

/**
 * A Disagg JDK server ({@code jdisagg memserver} or {@code computeserver})
 * run by a test over loopback.  It ends with the test: it exits when its
 * standard input closes, which happens when the test's VM ends, however it
 * ends.
 */
public class ServerProcess implements AutoCloseable {
    private final Process process;
    private final OutputStream stdin;
    private final String address;
    private final String admin;
    private final Path tokenFile;
    private final Path log;

    protected ServerProcess(ServerProcess started) {
        this(started.process, started.address, started.admin, started.tokenFile, started.log);
    }

    private ServerProcess(Process p, String address, String admin, Path tokenFile, Path log) {
        this.process = p;
        this.stdin = p.getOutputStream();
        this.address = address;
        this.admin = admin;
        this.tokenFile = tokenFile;
        this.log = log;
    }

    /** A new token file (mode 600) in a new directory. */
    public static Path newTokenFile() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("."), "token");
        Path token = dir.resolve("token");
        Files.writeString(token, "token-" + System.nanoTime());
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        return token;
    }

    /**
     * Runs {@code jdisagg command args} with {@code --listen 127.0.0.1:0
     * --admin-port 0 --token-file token --exit-on-stdin-eof} and waits for
     * its ready line, whose first two groups must be the listen and admin
     * addresses.  Arguments that start with {@code -J} are options of the
     * server's VM.
     */
    protected static ServerProcess launch(String command, Pattern ready, Path token, List<String> args)
            throws IOException {
        Path log = Files.createTempFile(Path.of("."), command, ".log");
        List<String> cmd = new ArrayList<>(List.of(JDKToolFinder.getJDKTool("jdisagg")));
        args.stream().filter(a -> a.startsWith("-J")).forEach(cmd::add);
        cmd.addAll(List.of(command, "--listen", "127.0.0.1:0", "--admin-port", "0", "--token-file", token.toString(),
                "--exit-on-stdin-eof"));
        args.stream().filter(a -> !a.startsWith("-J")).forEach(cmd::add);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
        pb.environment().putIfAbsent("UCX_TLS", "tcp");
        pb.environment().putIfAbsent("UCX_NET_DEVICES", "lo");
        pb.environment().putIfAbsent("UCX_LOG_LEVEL", "error");
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        // A server that never prints its ready line fails the test with its
        // log rather than hanging it until jtreg's timeout.
        java.util.concurrent.CompletableFuture<String> first = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = first.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException(command + " printed no ready line within 60 s; its log:\n" + Files.readString(log), e);
        }
        Matcher m = line == null ? null : ready.matcher(line);
        if (m == null || !m.find()) {
            p.destroyForcibly();
            throw new IOException(command + " did not start (first line: " + line + "); its log:\n"
                    + Files.readString(log));
        }
        return new ServerProcess(p, m.group(1), m.group(2), token, log);
    }

    /** {@code host:port} of the UCX listener. */
    public String address() { return address; }

    /** The token file, for -XX:DisaggTokenFile. */
    public Path tokenFile() { return tokenFile; }

    public long pid() { return process.pid(); }

    public Path logFile() { return log; }

    public String log() throws IOException { return Files.readString(log); }

    /** GETs an admin path (/health or /metrics); returns status and body. */
    public HttpResponse<String> admin(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + admin + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Stops the server as a crash would (SIGKILL). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops the server as a failing machine would: it stops answering (SIGSTOP) until {@link #resume}. */
    public void stall() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).start().waitFor();
    }

    public void resume() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-CONT", Long.toString(process.pid())).start().waitFor();
    }

    @Override
    public void close() {
        try {
            stdin.close();  // the server exits on EOF
        } catch (IOException ignore) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
