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

import java.util.List;
import java.util.Spliterator;
import java.util.concurrent.CountedCompleter;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveTask;
import jdk.internal.disagg.RemoteWork;

/**
 * The payloads of remote work (the compute server's transport carries them
 * as opaque bytes): a task is a kind byte and a graph; a result is a status
 * byte and a graph.
 */
final class RemoteMessages {
    private RemoteMessages() { }

    /** Task kinds: a stream leaf, an explicit task, a program's RecursiveTask. */
    static final byte LEAF = 1, CALL = 2, FORK_JOIN = 3;
    /** Result statuses. */
    static final byte OK = 0, THREW = 1, NOT_SENDABLE = 2, FAILED = 3, HOME_ONLY = 4;
    /** What the server's guard throws when a task reaches state that is home's (see HOME_ONLY). */
    static final String HOME_ONLY_ERROR = "disagg.server.compute.SessionGuard$HomeOnly";
    /** A CLASS request for this prefix and "Class#field" asks for a static final's home value. */
    static final String STATIC_VALUE = "static:";
    /** A CLASS request for this prefix and a resource name asks for the class path's resources of that name. */
    static final String RESOURCES = "resources:";

    /**
     * What is left out of a leaf task's copy: its place in the evaluation
     * tree, and the pipeline's source (the leaf carries its own part).
     */
    static GraphWriter.FieldRule leafRule(CountedCompleter<?> task) {
        RemoteWork.Leaves leaves = RemoteWork.leaves();
        return new GraphWriter.FieldRule() {
            @Override
            public Object value(Object owner, GraphFormat.Slot s, Object v) {
                if (owner == task && leaves.isTreeField(s.declaringClass(), s.name())) {
                    return null;
                }
                if (s.declaringClass().getName().equals("java.util.stream.AbstractPipeline")
                        && (s.name().equals("sourceSpliterator") || s.name().equals("sourceSupplier")
                            || s.name().equals("sourceCloseAction"))) {
                    return null;
                }
                return v;
            }

            @Override
            public boolean zero(Object owner, GraphFormat.Slot s) {
                return owner == task && leaves.isTreeField(s.declaringClass(), s.name());
            }
        };
    }

    /**
     * What is left out of a RecursiveTask's copy: its completion state
     * (status, waiters, result).  (A graph holding another ForkJoinTask is
     * never sent: see GraphWriter.)
     */
    static GraphWriter.FieldRule forkJoinRule(RecursiveTask<?> task) {
        return new GraphWriter.FieldRule() {
            @Override
            public Object value(Object owner, GraphFormat.Slot s, Object v) {
                return owner == task && isCompletionState(s) ? null : v;
            }

            @Override
            public boolean zero(Object owner, GraphFormat.Slot s) {
                return owner == task && isCompletionState(s);
            }
        };
    }

    private static boolean isCompletionState(GraphFormat.Slot s) {
        return s.declaringClass() == ForkJoinTask.class || s.declaringClass() == RecursiveTask.class;
    }

    static final GraphWriter.FieldRule AS_IS = (owner, slot, v) -> v;

    static byte[] task(ClassSpace space, byte kind, Object root, GraphWriter.FieldRule rule) {
        return taskWriter(space, kind, root, rule).toByteArray();
    }

    /** The writer of a task, for what it saw as well as its bytes. */
    static GraphWriter taskWriter(ClassSpace space, byte kind, Object root, GraphWriter.FieldRule rule) {
        GraphWriter w = new GraphWriter(space, rule);
        w.rawByte(kind);
        return w.writeGraph(root);
    }

    static byte[] result(ClassSpace space, byte status, Object value) {
        return result(space, status, value, List.of());
    }

    /** A result that names the objects of the task it answers, {@code answered}, by their handles. */
    static byte[] result(ClassSpace space, byte status, Object value, List<Object> answered) {
        GraphWriter w = new GraphWriter(space, AS_IS, answered);
        w.rawByte(status);
        return w.writeGraph(value).toByteArray();
    }

    /** Marks the frames of a throwable (and its causes and suppressed) as run on {@code server}. */
    static void markRemoteFrames(Throwable t, String server) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        todo.add(t);
        while (!todo.isEmpty()) {
            Throwable x = todo.poll();
            if (!seen.add(x)) {
                continue;
            }
            StackTraceElement[] st = x.getStackTrace();
            for (int i = 0; i < st.length; i++) {
                StackTraceElement e = st[i];
                st[i] = new StackTraceElement("remote@" + server, e.getModuleName(), e.getModuleVersion(),
                        e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber());
            }
            x.setStackTrace(st);
            if (x.getCause() != null) {
                todo.add(x.getCause());
            }
            todo.addAll(java.util.List.of(x.getSuppressed()));
        }
    }

    /** A spliterator over a copy of what {@code s} has left: what one leaf needs, not its whole source. */
    static Spliterator<?> slice(Spliterator<?> s) {
        String n = s.getClass().getName();
        if (n.equals("java.util.stream.Streams$RangeIntSpliterator")
                || n.equals("java.util.stream.Streams$RangeLongSpliterator")) {
            return s;  // two numbers
        }
        int keep = s.characteristics() & (Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL
                                          | Spliterator.IMMUTABLE);
        if (s instanceof Spliterator.OfInt si) {
            var b = java.util.stream.IntStream.builder();
            si.forEachRemaining((int v) -> b.add(v));
            return java.util.Spliterators.spliterator(b.build().toArray(), keep);
        } else if (s instanceof Spliterator.OfLong sl) {
            var b = java.util.stream.LongStream.builder();
            sl.forEachRemaining((long v) -> b.add(v));
            return java.util.Spliterators.spliterator(b.build().toArray(), keep);
        } else if (s instanceof Spliterator.OfDouble sd) {
            var b = java.util.stream.DoubleStream.builder();
            sd.forEachRemaining((double v) -> b.add(v));
            return java.util.Spliterators.spliterator(b.build().toArray(), keep);
        }
        long exact = s.getExactSizeIfKnown();
        java.util.ArrayList<Object> l = new java.util.ArrayList<>(exact >= 0 && exact <= (1 << 20) ? (int) exact : 16);
        s.forEachRemaining(l::add);
        return java.util.Spliterators.spliterator(l.toArray(), keep);
    }
}
