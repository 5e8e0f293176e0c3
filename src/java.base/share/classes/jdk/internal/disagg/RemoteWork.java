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

package jdk.internal.disagg;

import java.lang.invoke.MethodType;
import java.util.Spliterator;
import java.util.concurrent.CountedCompleter;
import java.util.concurrent.RecursiveTask;
import jdk.internal.misc.Unsafe;
import jdk.internal.misc.VM;

/**
 * The meeting point of java.base and module {@code jdk.disagg} for remote
 * carrier threads (docs/remote-carriers.md).  Like {@code SharedSecrets},
 * each side registers what the other may call:
 *
 * <ul>
 * <li>{@link Lambdas}, registered by {@code java.lang.invoke}: the
 *     metafactory call that made a lambda class, and making that class
 *     again in another VM;</li>
 * <li>{@link Leaves}, registered by {@code java.util.stream}: running and
 *     completing one leaf of a parallel stream's evaluation;</li>
 * <li>{@link Tasks}, registered by {@code java.util.concurrent}: running a
 *     {@code RecursiveTask}'s {@code compute()} here;</li>
 * <li>{@link Dispatcher}, registered by {@code jdk.disagg} when
 *     {@code -XX:DisaggComputeServers} is given: deciding whether a leaf or
 *     a task runs here or on a remote carrier.</li>
 * </ul>
 */
public final class RemoteWork {
    private RemoteWork() { }

    /**
     * What {@code LambdaMetafactory} was called with to make a lambda class:
     * enough to make an equivalent class from the same capturing class in
     * another VM.  Method types are descriptors, resolved there.
     */
    public record LambdaRecipe(Class<?> caller, Class<?> interfaceClass, String interfaceMethodName,
                               MethodType factoryType, MethodType interfaceMethodType,
                               int implKind, Class<?> implClass, String implName, MethodType implMethodType,
                               MethodType dynamicMethodType, boolean serializable,
                               Class<?>[] altInterfaces, MethodType[] altMethods) { }

    /** Implemented by {@code java.lang.invoke.LambdaRecipes}. */
    public interface Lambdas {
        /** The recipe of a lambda class, or null if this VM did not record one. */
        LambdaRecipe recipe(Class<?> lambdaClass);

        /** Makes a lambda class from a recipe (whose classes are resolved here). */
        Class<?> spin(LambdaRecipe recipe) throws ReflectiveOperationException;
    }

    /** Implemented by {@code java.util.stream.RemoteLeaves}. */
    public interface Leaves {
        /** Whether {@code task} is a leaf task whose result depends only on its pipeline and input. */
        boolean isShippable(CountedCompleter<?> task);

        /** The pipeline (the same object for every leaf of one evaluation). */
        Object pipeline(CountedCompleter<?> task);

        /** The part of the source this leaf covers. */
        Spliterator<?> spliterator(CountedCompleter<?> task);

        /** Replaces the part of the source this leaf covers (by a copy of it). */
        void setSpliterator(CountedCompleter<?> task, Spliterator<?> s);

        /**
         * Evaluates the leaf here (in this VM or a server's): what
         * {@link #complete} takes.  For a short-circuiting leaf, only the
         * part that may run on a copy elsewhere.
         */
        Object doLeaf(CountedCompleter<?> task);

        /**
         * Records the leaf's result and completes it (combining upwards);
         * a short-circuiting leaf first does, here, what its result does to
         * the evaluation (short-circuits it, cancels later nodes).
         */
        void complete(CountedCompleter<?> task, Object result);

        /**
         * The fields of the task classes that tie a leaf to its evaluation
         * tree (parent, children, status); a copy sent elsewhere leaves them
         * at their defaults.
         */
        boolean isTreeField(Class<?> declaringClass, String name);
    }

    /** Implemented by {@code java.util.concurrent.RemoteTasks}. */
    public interface Tasks {
        /** Runs the task's {@code compute()} in this thread and returns its result. */
        Object computeHere(RecursiveTask<?> task);
    }

    /** Implemented by {@code jdk.disagg}. */
    public interface Dispatcher {
        /** Extra leaves to split into, for the remote carriers' share. */
        int leafTarget(int localTarget);

        /**
         * Runs or sends the leaf: returns after it completed here, or after
         * it was handed to a remote carrier, which completes it later.
         */
        void runLeaf(CountedCompleter<?> task);

        /**
         * Runs the task's {@code compute()} here or on a remote carrier and
         * returns its result, or throws what it threw.
         */
        Object computeTask(RecursiveTask<?> task);
    }

    private static volatile Lambdas lambdas;
    private static volatile Leaves leaves;
    private static volatile Tasks tasks;
    private static volatile Dispatcher dispatcher;
    private static volatile boolean started;

    public static void setLambdas(Lambdas l) { lambdas = l; }
    public static void setLeaves(Leaves l) { leaves = l; }
    public static void setTasks(Tasks t) { tasks = t; }
    public static void setDispatcher(Dispatcher d) { dispatcher = d; }

    /**
     * True if the VM was started with compute servers: what the hooks in
     * java.util.stream and java.util.concurrent keep in a static final
     * (read once, after boot), so that without them the stock path runs.
     */
    public static boolean configured() {
        return VM.isBooted() && VM.getSavedProperty("jdk.disagg.computeServers") != null;
    }

    public static Lambdas lambdas() {
        Lambdas l = lambdas;
        if (l == null) {
            ensureInitialized("java.lang.invoke.LambdaRecipes");
            l = lambdas;
        }
        return l;
    }

    public static Leaves leaves() {
        Leaves l = leaves;
        if (l == null) {
            ensureInitialized("java.util.stream.RemoteLeaves");
            l = leaves;
        }
        return l;
    }

    public static Tasks tasks() {
        Tasks t = tasks;
        if (t == null) {
            ensureInitialized("java.util.concurrent.RemoteTasks");
            t = tasks;
        }
        return t;
    }

    /** The dispatcher, or null while remote carriers are not running. */
    public static Dispatcher dispatcher() {
        return dispatcher;
    }

    /**
     * The dispatcher, initializing module {@code jdk.disagg}'s on first use
     * (called only when the VM has compute servers); null if it cannot run.
     */
    public static Dispatcher startDispatcher() {
        Dispatcher d = dispatcher;
        if (d == null && !started) {
            synchronized (RemoteWork.class) {
                if (!started) {
                    started = true;
                    if (threadlessCommonPool()) {
                        return null;
                    }
                    // jdk.disagg (defined to the boot loader) registers its
                    // dispatcher when initialized; absent from a jlinked
                    // image without it, everything runs here.
                    try {
                        Class.forName("jdk.internal.disagg.remote.Carriers", true, null);
                    } catch (ClassNotFoundException | LinkageError e) {
                        System.err.println("Disagg JDK: remote carriers are off: module jdk.disagg is not "
                                           + "in this runtime image (" + e + ")");
                    }
                }
            }
            d = dispatcher;
        }
        return d;
    }

    /**
     * Whether the program asked for a common pool without threads
     * (parallelism 0): its parallel work then runs in the threads that start
     * it, and so it stays.  Connecting to compute servers would initialize
     * CompletableFuture, which since JDK 25 gives such a pool two threads
     * (upstream's ThreadLessCommon test sees them).
     */
    public static boolean threadlessCommonPool() {
        String p = System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism");
        try {
            return p != null && Integer.parseInt(p) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void ensureInitialized(String className) {
        try {
            Unsafe.getUnsafe().ensureClassInitialized(Class.forName(className, true, null));
        } catch (ClassNotFoundException e) {
            throw new InternalError(e);
        }
    }
}
