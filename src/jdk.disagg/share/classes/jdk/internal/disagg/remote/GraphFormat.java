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

import java.io.FileDescriptor;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import jdk.internal.disagg.RemoteWork;
import jdk.internal.misc.Unsafe;

/**
 * The wire format of object graphs sent to and from remote carriers, and the
 * rules for what may be sent.
 *
 * <p>A graph is a root value followed by the contents of every object and
 * array, breadth first (so a long linked list costs no stack):
 * <pre>
 *   value     := NULL | REF handle | NEW_OBJECT class | NEW_ARRAY class length
 *              | STRING length coder chars | BOXED kind bits | ENUM class name
 *              | CLASS class | CONSTANT index
 *   class     := CLASS_REF index | CLASS_NAMED name | CLASS_LAMBDA recipe
 *   contents  := the fields of an object in {@link #layout} order, primitives
 *                little-endian, references as values; or an array's elements
 * </pre>
 * Objects are made without constructors and their fields set directly, as
 * deserialization does, for any class: the fork sees everything.  Identity
 * and cycles survive: every object, array and string gets a handle when
 * first written.  Hash tables whose layout depends on identity hash codes
 * or a per-VM salt are rebuilt after reading ({@link GraphReader}).
 */
final class GraphFormat {
    private GraphFormat() { }

    static final Unsafe U = Unsafe.getUnsafe();

    static final byte NULL = 0, REF = 1, NEW_OBJECT = 2, NEW_ARRAY = 3, STRING = 4, BOXED = 5,
                      ENUM = 6, CLASS = 7, CONSTANT = 8;
    static final byte CLASS_REF = 0, CLASS_NAMED = 1, CLASS_LAMBDA = 2;

    /** The largest graph sent in one message. */
    static final int MAX_BYTES = 512 << 20;

    /**
     * Singletons whose identity matters to JDK code: Throwable compares its
     * suppressed list with an empty list, HashSet and TreeSet store a
     * sentinel as every value.
     */
    static final List<Object> CONSTANTS = List.of(Collections.EMPTY_LIST, Collections.EMPTY_SET,
            Collections.EMPTY_MAP, staticField(java.util.HashSet.class, "PRESENT"),
            staticField(java.util.TreeSet.class, "PRESENT"));

    private static Object staticField(Class<?> c, String name) {
        try {
            Field f = c.getDeclaredField(name);
            U.ensureClassInitialized(c);
            return U.getReference(U.staticFieldBase(f), U.staticFieldOffset(f));
        } catch (NoSuchFieldException e) {
            throw new InternalError(e);
        }
    }

    /** One instance field: where it is and its kind (a type descriptor letter, L for references). */
    record Slot(long offset, char kind, String name, Class<?> declaringClass) { }

    private static final ClassValue<Slot[]> LAYOUT = new ClassValue<>() {
        @Override
        protected Slot[] computeValue(Class<?> c) {
            List<Class<?>> chain = new ArrayList<>();
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                chain.add(k);
            }
            Collections.reverse(chain);
            List<Slot> slots = new ArrayList<>();
            for (Class<?> k : chain) {
                Field[] fields = k.getDeclaredFields();
                Arrays.sort(fields, Comparator.comparing(Field::getName));
                for (Field f : fields) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        slots.add(new Slot(U.objectFieldOffset(f), kind(f.getType()), f.getName(), k));
                    }
                }
            }
            return slots.toArray(Slot[]::new);
        }
    };

    /** The instance fields of {@code c}, superclass fields first, each class's by name. */
    static Slot[] layout(Class<?> c) {
        return LAYOUT.get(c);
    }

    static char kind(Class<?> t) {
        if (!t.isPrimitive()) {
            return 'L';
        }
        return t.descriptorString().charAt(0);
    }

    static int size(char kind) {
        return switch (kind) {
            case 'Z', 'B' -> 1;
            case 'C', 'S' -> 2;
            case 'I', 'F' -> 4;
            default -> 8;
        };
    }

    private static final ClassValue<String> REFUSAL = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> c) {
            return refusal(c);
        }
    };

    /**
     * Why objects of class {@code c} cannot be sent, or null if they can.
     * Sending copies; these objects mean something only in the VM that holds
     * them (threads, loaders, native resources, references tracked by the
     * GC), or exist to be shared between threads (locks, atomics, a bare
     * {@code Object} used as a monitor), where a copy would silently change
     * what the program does.
     */
    static String whyNotSendable(Class<?> c) {
        return REFUSAL.get(c);
    }

    /**
     * Why a plain {@code Object} held by an object of class {@code owner}
     * cannot be sent: in a program's own objects and lambdas it is a monitor
     * shared with this VM's threads; inside the JDK it is a sentinel, copied.
     */
    static String whyNotSendablePlainObject(Class<?> owner) {
        return owner != null && owner.getClassLoader() == null && !owner.isHidden() ? null
               : "a plain java.lang.Object is a monitor shared with this VM's threads";
    }

    private static String refusal(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            String n = k.getName();
            if (k == java.util.concurrent.ForkJoinTask.class || k == java.util.concurrent.CountedCompleter.class
                    || k == java.util.concurrent.RecursiveTask.class) {
                continue;  // a stream leaf or a fork/join task itself; its links to the pool are not sent
            }
            if (k == Thread.class || k == ThreadGroup.class || k == ThreadLocal.class) {
                return "a " + n + " belongs to this VM";
            }
            if (k == ClassLoader.class || k == Module.class || k == ModuleLayer.class) {
                return "a " + n + " belongs to this VM";
            }
            if (k == java.lang.ref.Reference.class) {
                return "a reference object is tracked by this VM's garbage collector";
            }
            if (k == FileDescriptor.class || n.startsWith("jdk.internal.foreign.") || n.equals("java.nio.DirectByteBuffer")) {
                return "a " + n + " is a native resource of this VM";
            }
            if (k == AccessibleObject.class || n.startsWith("java.lang.invoke.") && !n.equals("java.lang.invoke.SerializedLambda")) {
                return "a " + n + " is bound to this VM's classes";
            }
            if (n.startsWith("java.util.concurrent.") || n.startsWith("java.util.Collections$Synchronized")
                    || k == java.util.Vector.class || k == java.util.Hashtable.class || k == StringBuffer.class) {
                // Thread-safe classes exist to be shared: a stream's peek or
                // a task may legally record into one, and a copy would lose it.
                return "a " + n + " is made to be shared between threads";
            }
        }
        if (c.isHidden() && RemoteWork.lambdas().recipe(c) == null) {
            return "an object of hidden class " + c.getName() + " (not a lambda this VM recorded) has no name elsewhere";
        }
        return null;
    }
}
