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

import java.lang.invoke.MethodType;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import jdk.internal.disagg.RemoteWork;
import jdk.internal.disagg.RemoteWork.LambdaRecipe;

/**
 * How the classes named in graphs are found, on one side of one session.
 *
 * <p>At home, names resolve to the classes the program sent (remembered as
 * graphs are written), else through the application class loader.  On a
 * compute server, names resolve through the session's own class loader,
 * which asks the home VM for the bytes of classes the server's JDK does not
 * have: every client has its own loader, so nothing is shared between them.
 *
 * <p>Lambda classes have no name; they are known by their recipe's text.
 * A recipe sent home comes back to the original lambda class; a recipe seen
 * first makes a new class, once per session.
 */
final class ClassSpace {
    private final ClassLoader loader;
    private final Map<String, Class<?>> named = new ConcurrentHashMap<>();
    private final Map<String, Class<?>> lambdas = new ConcurrentHashMap<>();
    private final Map<Class<?>, String> keys = new ConcurrentHashMap<>();

    ClassSpace(ClassLoader loader) {
        this(loader, 1);
    }

    /** A compute server's session space, whose fork/join tasks run on {@code forkJoinParallelism} threads. */
    ClassSpace(ClassLoader loader, int forkJoinParallelism) {
        this.loader = loader;
        this.forkJoinParallelism = Math.max(1, forkJoinParallelism);
    }

    ClassLoader loader() {
        return loader;
    }

    // On a server: the copies of the program's static final values this
    // session holds that could be told from the program's own by identity
    // (ImmutableValues.hasIdentity). A result may not hold one: home, the
    // work runs again on the program's own objects.
    // GraphWriter asks about every object it writes, here and at home, where
    // there are none: a plain read until the first one, not a lock.
    private final Set<Object> staticCopies = Collections.synchronizedSet(
            Collections.newSetFromMap(new IdentityHashMap<>()));
    private volatile boolean anyStaticCopies;

    void addStaticCopies(List<Object> objects) {
        for (Object o : objects) {
            if (o != null && ImmutableValues.hasIdentity(o.getClass())) {
                staticCopies.add(o);
                anyStaticCopies = true;
            }
        }
    }

    boolean isStaticCopy(Object o) {
        return anyStaticCopies && staticCopies.contains(o);
    }

    private final int forkJoinParallelism;
    private volatile ForkJoinPool forkJoinPool;

    /**
     * The pool in which a compute server runs this session's fork/join
     * tasks and the tasks they fork: one per session, so that no client's
     * tasks run among another's, with as many threads as the server has
     * carriers (its idle threads end after a minute).
     */
    ForkJoinPool forkJoinPool() {
        ForkJoinPool p = forkJoinPool;
        if (p == null) {
            synchronized (this) {
                p = forkJoinPool;
                if (p == null) {
                    p = new ForkJoinPool(forkJoinParallelism, pool -> {
                        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                        t.setContextClassLoader(loader);
                        return t;
                    }, null, false);
                    forkJoinPool = p;
                }
            }
        }
        return p;
    }

    /** Remembers a class that went out in a graph, so that its name comes back to it. */
    void sent(Class<?> c) {
        if (!c.isHidden() && !c.isPrimitive() && c.getClassLoader() != null) {
            named.putIfAbsent(c.getName(), c);
        }
    }

    Class<?> byName(String name) throws ClassNotFoundException {
        Class<?> c = named.get(name);
        if (c != null) {
            return c;
        }
        c = switch (name) {
            case "boolean" -> boolean.class;
            case "byte" -> byte.class;
            case "char" -> char.class;
            case "short" -> short.class;
            case "int" -> int.class;
            case "long" -> long.class;
            case "float" -> float.class;
            case "double" -> double.class;
            case "void" -> void.class;
            default -> Class.forName(name, false, loader);
        };
        return c;
    }

    /** The recipe text of a lambda class; the class is remembered under it. */
    String lambdaKey(Class<?> c, LambdaRecipe r) {
        String k = keys.get(c);
        if (k == null) {
            k = key(r.caller().getName(), r.interfaceClass().getName(), r.interfaceMethodName(),
                    r.factoryType().toMethodDescriptorString(), r.interfaceMethodType().toMethodDescriptorString(),
                    r.implKind(), r.implClass().getName(), r.implName(), r.implMethodType().toMethodDescriptorString(),
                    r.dynamicMethodType().toMethodDescriptorString(), r.serializable(),
                    names(r.altInterfaces()), descriptors(r.altMethods()));
            keys.put(c, k);
            lambdas.putIfAbsent(k, c);
        }
        return k;
    }

    /** The lambda class for a recipe read from a graph, making it if this side has none. */
    Class<?> lambda(String key, Class<?> caller, Class<?> iface, String name, String factoryType, String ifaceType,
                    int implKind, Class<?> implClass, String implName, String implType, String dynType,
                    boolean serializable, Class<?>[] alt, String[] altMethods) throws ReflectiveOperationException {
        Class<?> c = lambdas.get(key);
        if (c != null) {
            return c;
        }
        ClassLoader l = caller.getClassLoader() != null ? caller.getClassLoader() : loader;
        MethodType[] am = new MethodType[altMethods.length];
        for (int i = 0; i < am.length; i++) {
            am[i] = MethodType.fromMethodDescriptorString(altMethods[i], l);
        }
        LambdaRecipe r = new LambdaRecipe(caller, iface, name, MethodType.fromMethodDescriptorString(factoryType, l),
                MethodType.fromMethodDescriptorString(ifaceType, l), implKind, implClass, implName,
                MethodType.fromMethodDescriptorString(implType, l), MethodType.fromMethodDescriptorString(dynType, l),
                serializable, alt, am);
        synchronized (this) {
            c = lambdas.get(key);
            if (c == null) {
                c = RemoteWork.lambdas().spin(r);
                keys.put(c, key);
                lambdas.put(key, c);
            }
        }
        return c;
    }

    static String key(Object... parts) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            sb.append(p).append('\u0000');
        }
        return sb.toString();
    }

    private static String names(Class<?>[] cs) {
        StringBuilder sb = new StringBuilder();
        for (Class<?> c : cs) {
            sb.append(c.getName()).append(',');
        }
        return sb.toString();
    }

    private static String descriptors(MethodType[] ms) {
        StringBuilder sb = new StringBuilder();
        for (MethodType m : ms) {
            sb.append(m.toMethodDescriptorString()).append(',');
        }
        return sb.toString();
    }
}
