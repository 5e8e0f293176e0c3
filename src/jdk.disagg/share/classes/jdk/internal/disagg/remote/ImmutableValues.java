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

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * Which values of a program's static finals a compute server may hold a
 * copy of for a whole session: those that can never change, all the way
 * down.  A static final is final only as a reference; a copy of what it
 * refers to stays right only if nothing in it can change.
 *
 * <p>Accepted: strings, boxes, enums, classes, {@code BigInteger},
 * {@code BigDecimal}, {@code Optional}, the immutable collections of
 * {@code List.of}/{@code Set.of}/{@code Map.of} (and {@code toList()}), the
 * value classes of {@code java.time}, and records; each only if everything
 * it holds is accepted too.  Not accepted: arrays the program can reach,
 * other collections, and every other class (its fields could change, or
 * it could have state a copy does not share).
 *
 * <p>Copies of the value-based ones (the immutable collections,
 * {@code Optional}, {@code java.time}) may come back in results: their
 * identity is unspecified.  The others ({@link #hasIdentity}) may not: a
 * result that holds one is not sent back, and the work runs here, where
 * {@code result == CONSTANT} holds.
 */
final class ImmutableValues {
    private ImmutableValues() { }

    private static final int MAX_OBJECTS = 100_000;
    private static final Set<Class<?>> LEAVES = Set.of(String.class, Boolean.class, Byte.class, Character.class,
            Short.class, Integer.class, Long.class, Float.class, Double.class, Class.class);

    /** Null if everything {@code root} reaches can never change, else why not. */
    static String whyNot(Object root) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object> todo = new ArrayDeque<>();
        todo.add(root);
        Object o;
        while ((o = todo.poll()) != null) {
            if (!seen.add(o)) {
                continue;
            }
            if (seen.size() > MAX_OBJECTS) {
                return "it holds more than " + MAX_OBJECTS + " objects";
            }
            Class<?> c = o.getClass();
            if (LEAVES.contains(c) || o instanceof Enum<?>) {
                continue;
            }
            boolean jdkInternals = isImmutableJdkClass(c);
            if (!jdkInternals && !c.isRecord()) {
                return "it holds a " + c.getName() + ", which may change";
            }
            // Fields of the accepted classes, including the arrays inside
            // the JDK's own, which nothing outside them can reach.
            for (Class<?> k = c; k != null && k != Object.class && k != Record.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                        continue;
                    }
                    if (!jdkInternals && !Modifier.isFinal(f.getModifiers())) {
                        return "it holds a " + c.getName() + " whose field " + f.getName() + " may change";
                    }
                    Object v = GraphFormat.U.getReference(o, GraphFormat.U.objectFieldOffset(f));
                    if (v == null) {
                        continue;
                    }
                    if (v.getClass().isArray()) {
                        if (!jdkInternals) {
                            return "it holds an array (" + c.getName() + "." + f.getName() + "), which may change";
                        }
                        if (!v.getClass().getComponentType().isPrimitive()) {
                            for (Object e : (Object[]) v) {
                                if (e != null) {
                                    todo.add(e);
                                }
                            }
                        }
                    } else {
                        todo.add(v);
                    }
                }
            }
        }
        return null;
    }

    private static boolean isImmutableJdkClass(Class<?> c) {
        String n = c.getName();
        return c == BigInteger.class || c == BigDecimal.class || c == Optional.class
               || n.startsWith("java.util.ImmutableCollections$") && !n.endsWith("Iterator")
               || c.getPackageName().equals("java.time") && c.getModule() == Object.class.getModule()
                  && Modifier.isFinal(c.getModifiers());
    }

    /**
     * Whether a copy of an object of class {@code c} could be told from
     * the program's own by identity: yes except for the value-based classes
     * (and strings and boxes, which travel as values anyway).
     */
    static boolean hasIdentity(Class<?> c) {
        String n = c.getName();
        return !(LEAVES.contains(c) || c.isEnum() || c == Optional.class
                 || n.startsWith("java.util.ImmutableCollections$")
                 || c.getPackageName().equals("java.time") && c.getModule() == Object.class.getModule());
    }
}
