/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * DO NOT ALTER OR REMOVE COPYRIGHT NOTICES OR THIS FILE HEADER.
 *
 * This code is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License version 2 only, as
 * published by the Free Software Foundation.  The Disagg JDK Project
 * designates this particular file as subject to the "Classpath" exception
 * as provided in the LICENSE file that accompanied this code.
 *
 * This code is distributed in the hope that it will be useful, but WITHOUT
 * ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or
 * FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * version 2 for more details (a copy is included in the LICENSE file that
 * accompanied this code).
 */

package jdk.internal.disagg.remote;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One connection to a compute server, through the UCX client that ships
 * with the servers ({@code disagg.server.compute.ComputeClient} in
 * {@code $JAVA_HOME/lib/disagg}).  The client uses jucx from Maven Central,
 * which is not a JDK module, so it lives in a class loader of its own and
 * is called through method handles with java.base types only.
 */
final class ComputeLink {
    private static final String CLIENT = "disagg.server.compute.ComputeClient";
    private static final String CLIENT_MODULE = "disagg.computeserver";
    private static ClassLoader loader;
    private static MethodHandle connect, carriers, defaults, rtt, submit, alive, close;

    private final Object client;
    final String server;
    final int carrierCount;
    final String jdkDefaults;  // the server's (JdkDefaults)
    final long roundTripNanos;

    private ComputeLink(Object client, String server) throws Throwable {
        this.client = client;
        this.server = server;
        this.carrierCount = (int) carriers.invoke(client);
        this.jdkDefaults = (String) defaults.invoke(client);
        this.roundTripNanos = (long) rtt.invoke(client);
    }

    /** Connects and authenticates; fails with an IOException saying why. */
    static ComputeLink connect(String server, byte[] token, Function<String, byte[]> classBytes,
                               long timeoutMillis, long heartbeatMillis) throws IOException {
        init();
        try {
            Object c = connect.invoke(server, token, Runtime.version().toString(), classBytes, timeoutMillis,
                                      heartbeatMillis);
            return new ComputeLink(c, server);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    void submit(byte[] task, BiConsumer<byte[], Throwable> done) {
        try {
            submit.invoke(client, task, done);
        } catch (Throwable t) {
            done.accept(null, t);
        }
    }

    boolean isAlive() {
        try {
            return (boolean) alive.invoke(client);
        } catch (Throwable t) {
            return false;
        }
    }

    void close() {
        try {
            close.invoke(client);
        } catch (Throwable ignore) {
            // closing anyway
        }
    }

    @SuppressWarnings("restricted")  // jdk.disagg has native access and passes it to jucx
    private static synchronized void init() throws IOException {
        if (loader != null) {
            return;
        }
        // The jars become modules of a layer of their own, so that jucx and
        // the client alone may call native code (UCX through JNI, message
        // buffers), as --enable-native-access would allow them.
        Path dir = Path.of(System.getProperty("java.home"), "lib", "disagg");
        ClassLoader l;
        try {
            ClientModules modules = new ClientModules(dir);
            modules.add("jucx", "jucx-");
            modules.add("disagg.server.common", "disagg-server-common-", "jucx");
            modules.add(CLIENT_MODULE, "disagg-computeserver-", "jucx", "disagg.server.common");
            Configuration cf = ModuleLayer.boot().configuration().resolve(modules, ModuleFinder.of(),
                                                                          Set.of(CLIENT_MODULE));
            ModuleLayer.Controller c = ModuleLayer.defineModulesWithOneLoader(cf, List.of(ModuleLayer.boot()),
                                                                              ClassLoader.getPlatformClassLoader());
            for (String m : modules.names()) {
                c.enableNativeAccess(c.layer().findModule(m).orElseThrow());
            }
            l = c.layer().findLoader(CLIENT_MODULE);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot load the compute client from " + dir + ": " + e.getMessage(), e);
        }
        try {
            Class<?> c = Class.forName(CLIENT, true, l);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            connect = lookup.findStatic(c, "connect", MethodType.methodType(c, String.class, byte[].class,
                    String.class, Function.class, long.class, long.class));
            carriers = lookup.findVirtual(c, "carriers", MethodType.methodType(int.class));
            defaults = lookup.findVirtual(c, "jdkDefaults", MethodType.methodType(String.class));
            rtt = lookup.findVirtual(c, "roundTripNanos", MethodType.methodType(long.class));
            submit = lookup.findVirtual(c, "submit", MethodType.methodType(void.class, byte[].class, BiConsumer.class));
            alive = lookup.findVirtual(c, "isAlive", MethodType.methodType(boolean.class));
            close = lookup.findVirtual(c, "close", MethodType.methodType(void.class));
        } catch (ReflectiveOperationException e) {
            throw new IOException("the compute client is missing from " + dir + " (" + e + ")", e);
        }
        loader = l;
    }
}
