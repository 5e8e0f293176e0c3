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

import static jdk.internal.disagg.remote.RemoteMessages.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountedCompleter;
import java.util.concurrent.RecursiveTask;
import java.util.regex.Pattern;
import jdk.internal.disagg.RemoteWork;

/**
 * The compute server's side of remote work: reads a task sent by a home VM,
 * runs it on the calling carrier thread, and writes its result or what it
 * threw.  {@code jdisagg computeserver} (which owns the transport, the
 * carriers and each client's class loader) calls it through method handles;
 * {@code jdisagg} exports this package to the server's class loader only.
 */
public final class RemoteRunner {
    private RemoteRunner() { }

    /**
     * A client session's class space: names resolve through {@code loader},
     * lambdas are made once; its fork/join tasks run on at most
     * {@code carriers} threads, the capacity the client was told of.
     */
    public static Object newSession(ClassLoader loader, int carriers) {
        return new ClassSpace(loader, Math.min(carriers, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * A session's copy of the home value of a program's static final, from
     * what the client sent for it (Carriers.staticValue): "r:" a Pattern's
     * flags, ':' and expression, or "g:" a graph that ImmutableValues
     * accepted there.  The session's code reads it for the rest of the
     * session; a result may not hold it if it has identity.
     */
    public static Object homeValue(Object session, byte[] encoded) throws ReflectiveOperationException {
        ClassSpace space = (ClassSpace) session;
        if (encoded.length >= 2 && encoded[0] == 'r' && encoded[1] == ':') {
            String s = new String(encoded, 2, encoded.length - 2, StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            Pattern p = Pattern.compile(s.substring(colon + 1), Integer.parseInt(s.substring(0, colon)));
            space.addStaticCopies(List.of(p));
            return p;
        }
        if (encoded.length < 2 || encoded[0] != 'g' || encoded[1] != ':') {
            throw new IllegalArgumentException("not a home value");
        }
        GraphReader r = new GraphReader(space, encoded, 2);
        Object v = r.readGraph();
        space.addStaticCopies(r.objects());
        return v;
    }

    /** This VM's JDK defaults, for the handshake ({@link JdkDefaults}). */
    public static String jdkDefaults() {
        return JdkDefaults.current();
    }

    /**
     * Runs one task of a session and returns the result message.  Never
     * throws: a task that cannot be read or whose result cannot be sent
     * back is answered with what went wrong.
     */
    public static byte[] run(Object session, byte[] task) {
        ClassSpace space = (ClassSpace) session;
        Object value;
        byte status;
        List<Object> answered;
        try {
            GraphReader r = new GraphReader(space, task, 0);
            int kind = r.rawByte();
            Object root = r.readGraph();
            // A leaf (by the stream's contract) and a fork/join task (checked
            // below) leave what they were given as it was, so their results
            // may name it: the home VM gets its own objects back.  An explicit
            // task works on copies, and its result is a copy too.
            answered = kind == CALL ? List.of() : r.objects();
            byte[] before = null;
            try {
                if (kind == LEAF && root instanceof CountedCompleter<?> leaf && RemoteWork.leaves().isShippable(leaf)) {
                    value = RemoteWork.leaves().doLeaf(leaf);
                } else if (kind == FORK_JOIN && root instanceof RecursiveTask<?> t) {
                    before = snapshot(space, t);
                    Object[] outcome = space.forkJoinPool().submit(() -> {
                        try {
                            return new Object[] {t.invoke(), null};  // in this worker: what it throws is not wrapped
                        } catch (Throwable x) {
                            return new Object[] {null, x};
                        }
                    }).join();
                    if (outcome[1] != null) {
                        throw (Throwable) outcome[1];
                    }
                    value = outcome[0];
                } else if (kind == CALL && root instanceof Callable<?> c) {
                    value = c.call();
                } else if (kind == CALL && root instanceof Runnable run) {
                    run.run();
                    value = null;
                } else {
                    return failure(space, FAILED, "not a task: kind " + kind + ", "
                                   + (root == null ? "null" : root.getClass().getName()));
                }
                status = OK;
            } catch (Throwable t) {
                String homeOnly = homeOnly(t);
                if (homeOnly != null) {
                    return failure(space, HOME_ONLY, homeOnly);
                }
                if (t instanceof LinkageError) {
                    // The task's code could not be loaded, verified or
                    // initialized here (a static initializer that needs the
                    // client's files, say). Not the task's answer: at home it
                    // runs again, and throws there if it throws everywhere.
                    return failure(space, FAILED, "its code could not be linked on the server: " + describe(t));
                }
                value = t;
                status = THREW;
            }
            if (before != null && !Arrays.equals(before, snapshot(space, (RecursiveTask<?>) root))) {
                // Its writes would be lost: at home they are seen by the
                // program. The home VM runs it there instead.
                return failure(space, HOME_ONLY, "writes to the objects it was given (a RecursiveTask that "
                               + "does so runs at home, where its writes are seen)");
            }
        } catch (Throwable t) {
            return failure(space, FAILED, "cannot read the task: " + describe(t));
        }
        try {
            return result(space, status, value, answered);
        } catch (NotSendableException e) {
            return failure(space, NOT_SENDABLE, (status == THREW ? "what the task threw" : "the task's result")
                           + " cannot be sent back: " + e.getMessage()
                           + (status == THREW ? "; it was: " + describe((Throwable) value) : ""));
        } catch (Throwable t) {
            return failure(space, FAILED, "cannot send the result back: " + describe(t));
        }
    }

    /**
     * What a fork/join task was given, as bytes: equal before and after it
     * ran if it wrote to none of it.  Something it stored that cannot be
     * sent counts as a write.
     */
    private static byte[] snapshot(ClassSpace space, RecursiveTask<?> t) {
        try {
            return new GraphWriter(space, forkJoinRule(t)).writeGraph(t).toByteArray();
        } catch (NotSendableException e) {
            return new byte[0];
        }
    }

    /**
     * The guard's message if the task stopped because it reached state of
     * this server rather than its client's (possibly wrapped, e.g. in an
     * ExceptionInInitializerError), else null.
     */
    private static String homeOnly(Throwable t) {
        for (int depth = 0; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t.getClass().getName().equals(HOME_ONLY_ERROR)) {
                return t.getMessage();
            }
        }
        return null;
    }

    private static byte[] failure(ClassSpace space, byte status, String message) {
        return result(space, status, message);
    }

    private static String describe(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        String s = sw.toString();
        return s.length() > 4000 ? s.substring(0, 4000) + "..." : s;
    }
}
