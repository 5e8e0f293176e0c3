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

import static jdk.internal.disagg.remote.GraphFormat.*;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinTask;
import jdk.internal.disagg.RemoteWork;
import jdk.internal.disagg.RemoteWork.LambdaRecipe;

/**
 * Writes an object graph in {@link GraphFormat}.  One writer per message.
 * A graph that holds something that cannot be sent fails with
 * {@link NotSendableException} naming the path to it.
 *
 * <p>A reply may be written against the graph it answers (a task's result
 * against the task): an object of that graph is then written as a reference
 * to its handle there, and the home VM reads back its own object, not a
 * copy.  A stream's {@code max} returns the element itself, as it does
 * without remote carriers; handles of the reply's own objects follow the
 * task's.
 */
final class GraphWriter {
    /** Replaces a field's value while writing (the value itself when nothing changes). */
    interface FieldRule {
        Object value(Object owner, Slot slot, Object value);

        /** Whether a primitive field is sent as zero. */
        default boolean zero(Object owner, Slot slot) {
            return false;
        }
    }

    private static final long BYTES = U.arrayBaseOffset(byte[].class);

    private final ClassSpace space;
    private final FieldRule rule;
    private byte[] buf = new byte[256];
    private int pos;
    private final IdentityHashMap<Object, Integer> handles = new IdentityHashMap<>();
    private final IdentityHashMap<Class<?>, Integer> classes = new IdentityHashMap<>();
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    // For error messages: how each object was reached (its first referrer and field).
    private final IdentityHashMap<Object, String> paths = new IdentityHashMap<>();
    private String currentPath = "";
    private Class<?> currentOwner;
    private Object root;
    // The graph this one answers, by handle (empty for a task).
    private final List<Object> answered;
    private IdentityHashMap<Object, Integer> answeredHandles;  // made on first need
    private final int base;

    GraphWriter(ClassSpace space, FieldRule rule) {
        this(space, rule, List.of());
    }

    /** A writer of a reply to the graph whose objects, by handle, are {@code answered}. */
    GraphWriter(ClassSpace space, FieldRule rule, List<Object> answered) {
        this.space = space;
        this.rule = rule;
        this.answered = answered;
        this.base = answered.size();
    }

    /** The objects written, by handle: what a reply to this graph may refer to. */
    Object[] objects() {
        Object[] a = new Object[handles.size()];
        handles.forEach((o, h) -> a[h - base] = o);
        return a;
    }

    /** Writes a reference to {@code v} if it is an object of the answered graph. */
    private boolean answeredRef(Object v) {
        if (base == 0) {
            return false;
        }
        if (answeredHandles == null) {
            answeredHandles = new IdentityHashMap<>(base);
            for (int i = 0; i < base; i++) {
                answeredHandles.putIfAbsent(answered.get(i), i);
            }
        }
        Integer h = answeredHandles.get(v);
        if (h == null) {
            return false;
        }
        rawByte(REF);
        varint(h);
        return true;
    }

    /** Writes {@code root} and everything it reaches. */
    GraphWriter writeGraph(Object root) {
        this.root = root;
        currentPath = "the task";
        value(root);
        Object o;
        while ((o = pending.poll()) != null) {
            currentPath = paths.getOrDefault(o, "?");
            currentOwner = o.getClass();
            contents(o);
        }
        paths.clear();
        return this;
    }

    /**
     * The lambda classes written: what identifies a task's code (a lambda
     * class stands for one call site of the program).
     */
    Set<Class<?>> lambdaClasses() {
        Set<Class<?>> s = new HashSet<>();
        for (Class<?> c : classes.keySet()) {
            if (c.isHidden()) {
                s.add(c);
            }
        }
        return s;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** Appends raw bytes (a message header written before the graph). */
    void rawByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    private void contents(Object o) {
        Class<?> c = o.getClass();
        if (c.isArray()) {
            Class<?> ct = c.getComponentType();
            int n = java.lang.reflect.Array.getLength(o);
            if (ct.isPrimitive()) {
                long bytes = (long) n * size(kind(ct));
                ensure(bytes);
                U.copyMemory(o, U.arrayBaseOffset(c), buf, BYTES + pos, bytes);
                pos += (int) bytes;
            } else {
                Object[] a = (Object[]) o;
                String base = currentPath;
                for (int i = 0; i < n; i++) {
                    currentPath = base + "[" + i + "]";
                    value(a[i]);
                }
            }
            return;
        }
        if (o instanceof Throwable t) {
            t.getStackTrace();  // fills Throwable.stackTrace from the VM-internal backtrace
        }
        String base = currentPath;
        for (Slot s : layout(c)) {
            if (s.kind() == 'L') {
                Object v = U.getReference(o, s.offset());
                if (s.declaringClass() == Throwable.class && s.name().equals("backtrace")) {
                    v = null;  // VM-internal; the stack trace travels as StackTraceElements
                }
                v = rule.value(o, s, v);
                currentPath = base + "." + s.name();
                value(v);
            } else if (rule.zero(o, s)) {
                ensure(8);
                U.putLongUnaligned(buf, BYTES + pos, 0L);
                pos += size(s.kind());
            } else {
                primitive(o, s);
            }
        }
    }

    private void primitive(Object o, Slot s) {
        ensure(8);
        long at = BYTES + pos;
        long off = s.offset();
        switch (s.kind()) {
            case 'Z', 'B' -> U.putByte(buf, at, U.getByte(o, off));
            case 'C', 'S' -> U.putShortUnaligned(buf, at, U.getShort(o, off));
            case 'I', 'F' -> U.putIntUnaligned(buf, at, U.getInt(o, off));
            default -> U.putLongUnaligned(buf, at, U.getLong(o, off));
        }
        pos += size(s.kind());
    }

    private void value(Object v) {
        if (v == null) {
            rawByte(NULL);
            return;
        }
        Integer h = handles.get(v);
        if (h != null) {
            rawByte(REF);
            varint(h);
            return;
        }
        int ci = CONSTANTS.indexOf(v);
        if (ci >= 0 && CONSTANTS.get(ci) == v) {
            rawByte(CONSTANT);
            varint(ci);
            return;
        }
        switch (v) {
            case String s -> {
                if (answeredRef(v)) {
                    return;
                }
                handles.put(v, base + handles.size());
                rawByte(STRING);
                string(s);
            }
            case Boolean b -> boxed('Z', b ? 1 : 0);
            case Byte b -> boxed('B', b);
            case Character ch -> boxed('C', ch);
            case Short sh -> boxed('S', sh);
            case Integer i -> boxed('I', i);
            case Long l -> boxed('J', l);
            case Float f -> boxed('F', Float.floatToRawIntBits(f));
            case Double d -> boxed('D', Double.doubleToRawLongBits(d));
            case Enum<?> e -> {
                rawByte(ENUM);
                classDesc(e.getDeclaringClass());
                string(e.name());
            }
            case Class<?> k -> {
                rawByte(CLASS);
                classDesc(k);
            }
            default -> {
                if (answeredRef(v)) {
                    return;
                }
                Class<?> c = v.getClass();
                String why = c == Object.class ? whyNotSendablePlainObject(currentOwner)
                             : v instanceof ForkJoinTask<?> && v != root ? "a task other than the one sent, which "
                                                                           + "its copy could never join"
                             : space.isStaticCopy(v) ? "this server's copy of a static final value of the program, "
                                                       + "not the program's own object"
                             : whyNotSendable(c);
                if (why != null) {
                    throw new NotSendableException(currentPath + " is a " + c.getName() + ": " + why);
                }
                handles.put(v, base + handles.size());
                paths.put(v, currentPath);
                if (c.isArray()) {
                    Class<?> ct = c.getComponentType();
                    while (ct.isArray()) {
                        ct = ct.getComponentType();
                    }
                    String whyComponent = ct.isPrimitive() ? null : whyNotSendable(ct);
                    if (whyComponent != null && ct != Object.class) {
                        throw new NotSendableException(currentPath + " is an array of " + ct.getName() + ": " + whyComponent);
                    }
                    rawByte(NEW_ARRAY);
                    classDesc(c);
                    varint(java.lang.reflect.Array.getLength(v));
                } else {
                    rawByte(NEW_OBJECT);
                    classDesc(c);
                }
                pending.add(v);
                if (pos > MAX_BYTES) {
                    throw new NotSendableException("the graph is larger than " + (MAX_BYTES >> 20) + " MiB");
                }
            }
        }
    }

    private void boxed(char kind, long bits) {
        rawByte(BOXED);
        rawByte(kind);
        ensure(8);
        U.putLongUnaligned(buf, BYTES + pos, bits);
        pos += 8;
    }

    private void classDesc(Class<?> c) {
        Integer i = classes.get(c);
        if (i != null) {
            rawByte(CLASS_REF);
            varint(i);
            return;
        }
        if (c.isHidden()) {
            LambdaRecipe r = RemoteWork.lambdas().recipe(c);
            if (r == null) {
                throw new NotSendableException(currentPath + " is of hidden class " + c.getName()
                        + ", which is not a lambda this VM recorded");
            }
            String key = space.lambdaKey(c, r);
            rawByte(CLASS_LAMBDA);
            string(key);
            classDesc(r.caller());
            classDesc(r.interfaceClass());
            classDesc(r.implClass());
            varint(r.altInterfaces().length);
            for (Class<?> a : r.altInterfaces()) {
                classDesc(a);
            }
            string(r.interfaceMethodName());
            string(r.factoryType().toMethodDescriptorString());
            string(r.interfaceMethodType().toMethodDescriptorString());
            varint(r.implKind());
            string(r.implName());
            string(r.implMethodType().toMethodDescriptorString());
            string(r.dynamicMethodType().toMethodDescriptorString());
            rawByte(r.serializable() ? 1 : 0);
            varint(r.altMethods().length);
            for (var m : r.altMethods()) {
                string(m.toMethodDescriptorString());
            }
        } else {
            space.sent(c.isArray() ? elementClass(c) : c);
            rawByte(CLASS_NAMED);
            string(c.getName());
        }
        classes.put(c, classes.size());
    }

    private static Class<?> elementClass(Class<?> c) {
        while (c.isArray()) {
            c = c.getComponentType();
        }
        return c;
    }

    private void string(String s) {
        int n = s.length();
        boolean latin1 = true;
        for (int i = 0; i < n && latin1; i++) {
            latin1 = s.charAt(i) < 256;
        }
        varint(n);
        rawByte(latin1 ? 0 : 1);
        ensure(latin1 ? n : 2L * n);
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (latin1) {
                buf[pos++] = (byte) ch;
            } else {
                U.putCharUnaligned(buf, BYTES + pos, ch);
                pos += 2;
            }
        }
    }

    private void varint(int v) {
        ensure(5);
        while ((v & ~0x7F) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    private void ensure(long more) {
        long need = pos + more;
        if (need > buf.length) {
            if (need > MAX_BYTES + (64 << 20)) {
                throw new NotSendableException("the graph is larger than " + (MAX_BYTES >> 20) + " MiB");
            }
            buf = Arrays.copyOf(buf, (int) Math.max(need, Math.min((long) buf.length * 2, Integer.MAX_VALUE - 16)));
        }
    }
}
