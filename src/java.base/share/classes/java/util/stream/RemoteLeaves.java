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

package java.util.stream;

import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.CountedCompleter;
import java.util.concurrent.ForkJoinTask;
import jdk.internal.disagg.RemoteWork;

/**
 * The stream side of remote carriers (Disagg JDK, docs/remote-carriers.md).
 *
 * <p>A parallel stream is evaluated as a tree of {@link AbstractTask}s whose
 * leaves each run the pipeline over one part of the source; parents combine
 * their children's results with the pipeline's own combiner.  The Stream API
 * requires behavioural parameters to be non-interfering and stateless, so a
 * leaf may run in another VM on a copy of its pipeline and input, and only
 * its result need come back.  {@code AbstractTask.compute()} hands each leaf
 * to {@link #runLeaf}; with {@code -XX:DisaggComputeServers}, module
 * {@code jdk.disagg} decides where it runs.
 *
 * <p>Only the tasks of reductions and of collecting into nodes
 * ({@code ReduceOps.ReduceTask}, {@code Nodes.CollectorTask}) are leaves of
 * this kind.  Short-circuiting operations ({@code findAny}, {@code anyMatch},
 * {@code limit}) share state between leaves and {@code forEach} exists for
 * its side effects; those always run here.
 */
final class RemoteLeaves implements RemoteWork.Leaves {
    /** True if the VM was started with compute servers (read once, after boot). */
    static final boolean ENABLED = RemoteWork.configured();

    private static final Set<String> TREE_FIELDS = Set.of("status", "aux", "completer", "pending",
                                                          "leftChild", "rightChild", "localResult",
                                                          "sharedResult", "canceled");

    static {
        RemoteWork.setLeaves(new RemoteLeaves());
    }

    private RemoteLeaves() { }

    /**
     * A short-circuiting leaf (of {@code anyMatch}, {@code findFirst}...)
     * whose {@code doLeaf} is {@code finishLeaf(evaluateLeaf())}: the first
     * part evaluates the pipeline over the leaf's part of the source and
     * may run on a copy in another VM; the second acts on this evaluation's
     * tree (short-circuits it, cancels later nodes) and runs here.  Which
     * elements a short-circuiting operation looks at is unspecified, so a
     * leaf sent away that runs to its end is as legal as one cancelled early.
     */
    interface TwoPartLeaf {
        Object evaluateLeaf();

        Object finishLeaf(Object evaluated);
    }

    /** How many leaves to aim for; more than {@code localTarget} when remote carriers share the work. */
    static int leafTarget(int localTarget) {
        RemoteWork.Dispatcher d = dispatcher();
        return d == null ? localTarget : d.leafTarget(localTarget);
    }

    /** Runs the leaf {@code task} here or on a remote carrier; either way it completes. */
    static void runLeaf(AbstractTask<?, ?, ?, ?> task) {
        RemoteWork.Dispatcher d = dispatcher();
        if (d != null) {
            d.runLeaf(task);
        } else {
            runHere(task);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void runHere(AbstractTask task) {
        task.setLocalResult(task.doLeaf());
        task.tryComplete();
    }

    private static RemoteWork.Dispatcher dispatcher() {
        return RemoteWork.startDispatcher();
    }

    @Override
    public boolean isShippable(CountedCompleter<?> task) {
        // Other short-circuiting leaves (limit, takeWhile) share state with
        // their evaluation beyond their result.
        return task instanceof AbstractTask<?, ?, ?, ?> t
               && (!(task instanceof AbstractShortCircuitTask) || task instanceof TwoPartLeaf)
               && t.helper instanceof AbstractPipeline<?, ?, ?>;
    }

    @Override
    public Object pipeline(CountedCompleter<?> task) {
        return ((AbstractTask<?, ?, ?, ?>) task).helper;
    }

    @Override
    public Spliterator<?> spliterator(CountedCompleter<?> task) {
        return ((AbstractTask<?, ?, ?, ?>) task).spliterator;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void setSpliterator(CountedCompleter<?> task, Spliterator<?> s) {
        ((AbstractTask) task).spliterator = s;
    }

    @Override
    public Object doLeaf(CountedCompleter<?> task) {
        return task instanceof TwoPartLeaf l ? l.evaluateLeaf() : ((AbstractTask<?, ?, ?, ?>) task).doLeaf();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void complete(CountedCompleter<?> task, Object result) {
        AbstractTask t = (AbstractTask) task;
        t.setLocalResult(task instanceof TwoPartLeaf l ? l.finishLeaf(result) : result);
        t.tryComplete();
    }

    @Override
    public boolean isTreeField(Class<?> declaringClass, String name) {
        return (declaringClass == ForkJoinTask.class || declaringClass == CountedCompleter.class
                || declaringClass == AbstractTask.class || declaringClass == AbstractShortCircuitTask.class)
               && TREE_FIELDS.contains(name);
    }
}
