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

import java.lang.reflect.Array;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads an object graph written by {@link GraphWriter}.  Malformed input
 * fails with {@link IllegalStateException}; nothing it reads runs code
 * (objects are made without constructors) until the graph is complete.
 *
 * <p>Afterwards, hash tables are rebuilt: a {@code HashMap} stores each
 * key's hash code, which for identity-hashed keys (enums, classes, plain
 * objects) differs in this VM, and {@code Set.of}/{@code Map.of} tables are
 * laid out with a per-VM salt.  Java serialization does the same in
 * {@code readObject}.  JDK hash tables are rebuilt; a program's own
 * subclass of one is copied as it is.
 */
final class GraphReader {
    private static final long BYTES = U.arrayBaseOffset(byte[].class);

    private final ClassSpace space;
    private final byte[] buf;
    private int pos;
    private final int end;
    private final List<Object> handles = new ArrayList<>();
    private final List<Class<?>> classes = new ArrayList<>();
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private final List<Object> tables = new ArrayList<>();
    // The graph this one answers (see GraphWriter), or null.
    private final GraphWriter answered;
    private Object[] answeredObjects;  // made on first need

    GraphReader(ClassSpace space, byte[] buf, int offset) {
        this(space, buf, offset, null);
    }

    /** A reader of a reply to the graph {@code answered} wrote. */
    GraphReader(ClassSpace space, byte[] buf, int offset, GraphWriter answered) {
        this.space = space;
        this.buf = buf;
        this.pos = offset;
        this.end = buf.length;
        this.answered = answered;
    }

    /** The objects read, by handle: what a reply to this graph may refer to. */
    List<Object> objects() {
        return handles;
    }

    int rawByte() {
        need(1);
        return buf[pos++];
    }

    Object readGraph() throws ReflectiveOperationException {
        Object root = value();
        Object o;
        while ((o = pending.poll()) != null) {
            contents(o);
        }
        for (int i = tables.size() - 1; i >= 0; i--) {
            rehash(tables.get(i));
        }
        return root;
    }

    private void contents(Object o) throws ReflectiveOperationException {
        Class<?> c = o.getClass();
        if (c.isArray()) {
            Class<?> ct = c.getComponentType();
            int n = Array.getLength(o);
            if (ct.isPrimitive()) {
                long bytes = (long) n * size(kind(ct));
                need(bytes);
                U.copyMemory(buf, BYTES + pos, o, U.arrayBaseOffset(c), bytes);
                pos += (int) bytes;
            } else {
                Object[] a = (Object[]) o;
                for (int i = 0; i < n; i++) {
                    Object v = value();
                    if (v != null && !ct.isInstance(v)) {
                        throw new IllegalStateException("a " + v.getClass().getName() + " in an array of " + ct.getName());
                    }
                    a[i] = v;
                }
            }
            return;
        }
        for (Slot s : layout(c)) {
            if (s.kind() == 'L') {
                U.putReference(o, s.offset(), value());
            } else {
                need(size(s.kind()));
                long at = BYTES + pos;
                long off = s.offset();
                switch (s.kind()) {
                    case 'Z', 'B' -> U.putByte(o, off, U.getByte(buf, at));
                    case 'C', 'S' -> U.putShort(o, off, U.getShortUnaligned(buf, at));
                    case 'I', 'F' -> U.putInt(o, off, U.getIntUnaligned(buf, at));
                    default -> U.putLong(o, off, U.getLongUnaligned(buf, at));
                }
                pos += size(s.kind());
            }
        }
    }

    private Object value() throws ReflectiveOperationException {
        int tag = rawByte();
        switch (tag) {
            case NULL:
                return null;
            case REF: {
                int h = varint();
                if (answered != null) {
                    if (answeredObjects == null) {
                        answeredObjects = answered.objects();
                    }
                    if (h < answeredObjects.length) {
                        return answeredObjects[h];
                    }
                    h -= answeredObjects.length;
                }
                check(h < handles.size(), "reference to object " + h + " of " + handles.size());
                return handles.get(h);
            }
            case CONSTANT: {
                int i = varint();
                check(i < CONSTANTS.size(), "unknown constant " + i);
                return CONSTANTS.get(i);
            }
            case STRING: {
                String s = string();
                handles.add(s);
                return s;
            }
            case BOXED: {
                int kind = rawByte();
                need(8);
                long bits = U.getLongUnaligned(buf, BYTES + pos);
                pos += 8;
                return switch (kind) {
                    case 'Z' -> bits != 0;
                    case 'B' -> (byte) bits;
                    case 'C' -> (char) bits;
                    case 'S' -> (short) bits;
                    case 'I' -> (int) bits;
                    case 'J' -> bits;
                    case 'F' -> Float.intBitsToFloat((int) bits);
                    case 'D' -> Double.longBitsToDouble(bits);
                    default -> throw new IllegalStateException("unknown boxed kind " + kind);
                };
            }
            case ENUM: {
                Class<?> c = classDesc();
                check(c.isEnum(), c.getName() + " is not an enum");
                String name = string();
                for (Object e : c.getEnumConstants()) {
                    if (((Enum<?>) e).name().equals(name)) {
                        return e;
                    }
                }
                throw new IllegalStateException(c.getName() + " has no constant " + name);
            }
            case CLASS:
                return classDesc();
            case NEW_OBJECT: {
                Class<?> c = classDesc();
                check(!c.isArray() && !c.isInterface() && !c.isPrimitive()
                      && !java.lang.reflect.Modifier.isAbstract(c.getModifiers()), "cannot make a " + c.getName());
                check(c == Object.class || whyNotSendable(c) == null,
                      c.getName() + " cannot be received: " + whyNotSendable(c));
                Object o = U.allocateInstance(c);
                handles.add(o);
                pending.add(o);
                if (isTable(c)) {
                    tables.add(o);
                }
                return o;
            }
            case NEW_ARRAY: {
                Class<?> c = classDesc();
                check(c.isArray(), c.getName() + " is not an array class");
                int n = varint();
                check(n >= 0 && n <= end - pos + 1, "array length " + n);
                Object a = Array.newInstance(c.getComponentType(), n);
                handles.add(a);
                pending.add(a);
                return a;
            }
            default:
                throw new IllegalStateException("unknown tag " + tag + " at byte " + (pos - 1));
        }
    }

    private Class<?> classDesc() throws ReflectiveOperationException {
        int tag = rawByte();
        switch (tag) {
            case CLASS_REF: {
                int i = varint();
                check(i < classes.size(), "class reference " + i + " of " + classes.size());
                return classes.get(i);
            }
            case CLASS_NAMED: {
                Class<?> c = space.byName(string());
                classes.add(c);
                return c;
            }
            case CLASS_LAMBDA: {
                String key = string();
                Class<?> caller = classDesc();
                Class<?> iface = classDesc();
                Class<?> implClass = classDesc();
                Class<?>[] alt = new Class<?>[varint()];
                for (int i = 0; i < alt.length; i++) {
                    alt[i] = classDesc();
                }
                String name = string();
                String factoryType = string();
                String ifaceType = string();
                int implKind = varint();
                String implName = string();
                String implType = string();
                String dynType = string();
                boolean serializable = rawByte() != 0;
                String[] altMethods = new String[varint()];
                for (int i = 0; i < altMethods.length; i++) {
                    altMethods[i] = string();
                }
                Class<?> c = space.lambda(key, caller, iface, name, factoryType, ifaceType, implKind, implClass,
                                          implName, implType, dynType, serializable, alt, altMethods);
                classes.add(c);
                return c;
            }
            default:
                throw new IllegalStateException("unknown class tag " + tag);
        }
    }

    private static boolean isTable(Class<?> c) {
        if (c.getClassLoader() != null) {
            return false;
        }
        return Map.class.isAssignableFrom(c) && (java.util.HashMap.class.isAssignableFrom(c)
                    || Hashtable.class.isAssignableFrom(c) || ConcurrentHashMap.class.isAssignableFrom(c)
                    || IdentityHashMap.class.isAssignableFrom(c))
               || IMMUTABLE_SET_N == c || IMMUTABLE_MAP_N == c;
    }

    private static final Class<?> IMMUTABLE_SET_N = Set.of(1, 2, 3).getClass();
    private static final Class<?> IMMUTABLE_MAP_N = Map.of(1, 1, 2, 2, 3, 3).getClass();

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void rehash(Object o) {
        Class<?> c = o.getClass();
        if (c == IMMUTABLE_SET_N) {
            // Make the same set here and take its table.
            Object fresh = Set.of(((Collection<?>) o).toArray());
            copyFields(fresh, o);
        } else if (c == IMMUTABLE_MAP_N) {
            Map<?, ?> m = (Map<?, ?>) o;
            Object fresh = Map.ofEntries(m.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue()))
                                          .toArray(Map.Entry[]::new));
            copyFields(fresh, o);
        } else {
            // Iteration does not use the stored hashes; re-adding recomputes them.
            Map m = (Map) o;
            List<Map.Entry> entries = new ArrayList<>();
            for (Object e : m.entrySet()) {
                Map.Entry me = (Map.Entry) e;
                entries.add(Map.entry(me.getKey(), me.getValue()));
            }
            m.clear();
            for (Map.Entry e : entries) {
                m.put(e.getKey(), e.getValue());  // in iteration order: a LinkedHashMap keeps its order
            }
        }
    }

    private static void copyFields(Object from, Object to) {
        for (Slot s : layout(from.getClass())) {
            switch (s.kind()) {
                case 'L' -> U.putReference(to, s.offset(), U.getReference(from, s.offset()));
                case 'Z', 'B' -> U.putByte(to, s.offset(), U.getByte(from, s.offset()));
                case 'C', 'S' -> U.putShort(to, s.offset(), U.getShort(from, s.offset()));
                case 'I', 'F' -> U.putInt(to, s.offset(), U.getInt(from, s.offset()));
                default -> U.putLong(to, s.offset(), U.getLong(from, s.offset()));
            }
        }
    }

    private String string() {
        int n = varint();
        int coder = rawByte();
        check(n >= 0 && (coder == 0 || coder == 1), "bad string header");
        long bytes = coder == 0 ? n : 2L * n;
        need(bytes);
        String s;
        if (coder == 0) {
            s = new String(buf, pos, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        } else {
            char[] cs = new char[n];
            for (int i = 0; i < n; i++) {
                cs[i] = U.getCharUnaligned(buf, BYTES + pos + 2L * i);
            }
            s = new String(cs);
        }
        pos += (int) bytes;
        return s;
    }

    private int varint() {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = rawByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalStateException("bad varint");
    }

    private void need(long n) {
        if (pos + n > end) {
            throw new IllegalStateException("truncated graph: " + n + " bytes needed at byte " + pos + " of " + end);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}
