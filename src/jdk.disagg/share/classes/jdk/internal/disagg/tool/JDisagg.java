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

package jdk.internal.disagg.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code jdisagg} launcher: {@code jdisagg memserver ...} and
 * {@code jdisagg computeserver ...}.
 *
 * <p>The servers are not part of the JDK's module graph: they use UCX (jucx)
 * and Netty from Maven Central, installed as jars under
 * {@code $JAVA_HOME/lib/disagg}.  This class puts those jars on a class
 * loader of their own and runs the server's main class.
 */
public final class JDisagg {

    /** Subcommand to main class of the server jars. */
    private static final Map<String, String> COMMANDS = Map.of(
            "memserver", "disagg.server.memory.MemoryServerMain",
            "computeserver", "disagg.server.compute.ComputeServerMain");

    private JDisagg() { }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("--version") || args[0].equals("version")) {
            out.println("jdisagg " + Runtime.version());
            return 0;
        }
        String mainClass = COMMANDS.get(args[0]);
        if (mainClass == null) {
            err.println("jdisagg: unknown command '" + args[0] + "'; expected one of: memserver, computeserver, help, version");
            return 2;
        }
        Path dir = Path.of(System.getProperty("java.home"), "lib", "disagg");
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".jar")).sorted()::iterator) {
                jars.add(p.toUri().toURL());
            }
        } catch (IOException e) {
            err.println("jdisagg: cannot read the server jars in " + dir + ": " + e
                    + " (this JDK image was built without the Disagg servers)");
            return 1;
        }
        if (jars.isEmpty()) {
            err.println("jdisagg: no server jars in " + dir + " (this JDK image was built without the Disagg servers)");
            return 1;
        }
        ClassLoader loader = new URLClassLoader("jdisagg", jars.toArray(URL[]::new),
                                                ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        // The compute server runs its clients' tasks through the JDK's
        // runner; only the servers' loader may use it.
        JDisagg.class.getModule().addExports("jdk.internal.disagg.remote", loader.getUnnamedModule());
        try {
            MethodHandle main = MethodHandles.publicLookup().findStatic(
                    Class.forName(mainClass, true, loader), "main",
                    MethodType.methodType(void.class, String[].class));
            main.invokeExact(Arrays.copyOfRange(args, 1, args.length));
            return 0;
        } catch (ReflectiveOperationException e) {
            err.println("jdisagg: the server jars in " + dir + " lack " + mainClass + ": " + e);
            return 1;
        } catch (Throwable t) {
            err.println("jdisagg " + args[0] + ": " + t);
            t.printStackTrace(err);
            return 1;
        }
    }

    private static void usage(PrintStream s) {
        s.println("""
                Usage: jdisagg <command> [options]

                Commands:
                  memserver       run a memory server: holds heap pages of Disagg JDK VMs
                  computeserver   run a compute server: its carrier threads run the parallel
                                  stream and remote work of Disagg JDK VMs
                  version         print the version
                  help            print this text

                Run 'jdisagg <command> --help' for the options of a command.""");
    }
}
