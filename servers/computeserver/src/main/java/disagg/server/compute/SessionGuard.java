/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.compute;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a client's code calls instead of reaching state that is not the
 * client's: {@link ClientLoader} rewrites every class it defines so that
 * reads of the program's static fields, writes to them, the standard
 * streams, system properties and the environment, and {@code System.exit}
 * come here.  A task copies only what it captured; everything here would
 * be the server's, not the client's, so it stops the task with
 * {@link HomeOnly}: a stream leaf then runs at home, an explicit task is
 * refused.  A static final of the program reads its value at home when
 * that value cannot change (a primitive, a String or null of a class the
 * client has initialized), or a value that can never change (a Pattern, or
 * an object graph of immutable classes and records), of which the session
 * keeps a copy.  Reads that mean the same on both sides go through: enum
 * constants, an enum's own synthetic fields ({@code $VALUES}),
 * {@code $assertionsDisabled} and the {@code $SwitchMap$} arrays javac
 * makes for switches on enums.  Calls that reach the machine (its files,
 * sockets, processes, logs: {@link MachineUses}) stop the task too.  The
 * system class loader and its resources are the session's: the client's
 * class path, served by the client.
 *
 * <p>This class is defined again in every session's loader (its code,
 * not the server's copy, is what client code links to).
 */
public final class SessionGuard {
    private SessionGuard() { }

    /** Stops a task that reached state of the server; never caught by the runner's callers. */
    public static final class HomeOnly extends Error {
        private static final long serialVersionUID = 1L;

        public HomeOnly(String what) {
            super(what, null, false, false);
        }
    }

    /** The class names a session loader defines from the server's own bytes. */
    static final String NAME = SessionGuard.class.getName();
    static final String HOME_ONLY = HomeOnly.class.getName();

    /**
     * Bootstrap of a rewritten static field read: a plain getter for what
     * means the same on both sides, else a target that stops the task.
     */
    public static CallSite getStatic(MethodHandles.Lookup caller, String name, MethodType type, Class<?> owner)
            throws ReflectiveOperationException {
        Field f = resolve(owner, name);
        Class<?> declarer = f != null ? f.getDeclaringClass() : owner;
        // The compiler's own finals mean the same everywhere: an enum's
        // array of its constants ($VALUES), switch tables, the assertion flag.
        boolean same = f != null && Modifier.isStatic(f.getModifiers())
                && (f.isEnumConstant()
                    || f.isSynthetic() && Modifier.isFinal(f.getModifiers())
                       && (declarer.isEnum() || name.equals("$assertionsDisabled") || name.startsWith("$SwitchMap$")));
        if (same) {
            return new ConstantCallSite(caller.findStaticGetter(declarer, name, type.returnType()));
        }
        // A static final of the program: its value at home, if home has one
        // that cannot change (a primitive, a String, or an object that can
        // never change, of an initialized class).
        if (f != null && Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers())) {
            Object value = homeValue(declarer.getName() + "#" + name, type.returnType());
            if (value != NO_VALUE) {
                return new ConstantCallSite(MethodHandles.constant(type.returnType(), value));
            }
        }
        MethodHandle stop = MethodHandles.insertArguments(STOP, 0,
                "reads static field " + declarer.getName() + "." + name);
        return new ConstantCallSite(stop.asType(type));
    }

    // This session's copies of static finals' home values, by "Class#field":
    // one per field, so that every read of it sees the same object, as at home.
    private static final Map<String, Object> HOME_VALUES = new ConcurrentHashMap<>();

    /** The session's copy of the home value of static final {@code ref}, or NO_VALUE. */
    private static Object homeValue(String ref, Class<?> type) {
        Object known = HOME_VALUES.get(ref);
        if (known != null) {
            return known;
        }
        Function<String, byte[]> values = homeValues;
        byte[] v = values != null ? values.apply(STATIC_VALUE + ref) : null;
        Object value = NO_VALUE;
        if (v != null && v.length >= 2 && (v[0] == 'g' || v[0] == 'r') && v[1] == ':') {
            // A Pattern or an immutable graph, copied into this session.
            Function<byte[], Object> objects = homeObjects;
            Object o = objects != null ? objects.apply(v) : null;
            value = o != null && type.isInstance(o) ? o : NO_VALUE;
        } else if (v != null) {
            value = decode(new String(v, StandardCharsets.UTF_8), type);
        }
        if (value == NO_VALUE || value == null) {
            return value;  // null is a value; nothing to share
        }
        Object raced = HOME_VALUES.putIfAbsent(ref, value);  // not computeIfAbsent: the fetch may recurse
        return raced != null ? raced : value;
    }

    /** Asks the client for a static final's home value (set by ClientLoader for its session). */
    public static volatile Function<String, byte[]> homeValues;

    /** Makes the session's copy of an object value the client sent (set by ClientLoader for its session). */
    public static volatile Function<byte[], Object> homeObjects;

    /** The request prefix the client answers with a value (jdk.internal.disagg.remote.RemoteMessages). */
    static final String STATIC_VALUE = "static:";

    private static final Object NO_VALUE = new Object();

    /** Decodes the client's answer: "p:" and a primitive's bits, "s:" and a string, "n:" for null. */
    private static Object decode(String v, Class<?> t) {
        try {
            if (v.startsWith("p:") && t.isPrimitive()) {
                long bits = Long.parseLong(v.substring(2));
                if (t == int.class) {
                    return (int) bits;
                } else if (t == long.class) {
                    return bits;
                } else if (t == boolean.class) {
                    return bits != 0;
                } else if (t == double.class) {
                    return Double.longBitsToDouble(bits);
                } else if (t == float.class) {
                    return Float.intBitsToFloat((int) bits);
                } else if (t == char.class) {
                    return (char) bits;
                } else if (t == short.class) {
                    return (short) bits;
                } else if (t == byte.class) {
                    return (byte) bits;
                }
            } else if (v.startsWith("s:") && t.isAssignableFrom(String.class)) {
                return v.substring(2);
            } else if (v.equals("n:") && !t.isPrimitive()) {
                return null;
            }
        } catch (NumberFormatException e) {
            // not a value we understand: the read stops the task
        }
        return NO_VALUE;
    }

    /**
     * A rewritten static field write, or put before a call or {@code new}
     * that would reach the server's machine ({@link MachineUses}).
     */
    public static void refuse(String what) {
        throw new HomeOnly(what);
    }

    /** Tells the resources this session's loader got from the client (set by ClientLoader). */
    public static volatile Predicate<URL> servedUrls;

    private static Object stop(String what) {
        throw new HomeOnly(what);
    }

    private static final MethodHandle STOP;
    static {
        try {
            STOP = MethodHandles.lookup().findStatic(SessionGuard.class, "stop",
                                                     MethodType.methodType(Object.class, String.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The field a getstatic of owner.name links to (JVMS 5.4.3.2), or null. */
    private static Field resolve(Class<?> c, String name) {
        if (c == null) {
            return null;
        }
        try {
            return c.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            // not declared here
        }
        for (Class<?> i : c.getInterfaces()) {
            Field f = resolve(i, name);
            if (f != null) {
                return f;
            }
        }
        return resolve(c.getSuperclass(), name);
    }

    // Calls redirected here: same parameters as the JDK method, named Owner_method.

    public static PrintStream System_out() {
        throw new HomeOnly("uses System.out");
    }

    public static PrintStream System_err() {
        throw new HomeOnly("uses System.err");
    }

    public static InputStream System_in() {
        throw new HomeOnly("uses System.in");
    }

    public static String System_getProperty(String key) {
        throw new HomeOnly("reads system property " + key);
    }

    public static String System_getProperty(String key, String def) {
        throw new HomeOnly("reads system property " + key);
    }

    public static Properties System_getProperties() {
        throw new HomeOnly("reads the system properties");
    }

    public static String System_getenv(String name) {
        throw new HomeOnly("reads environment variable " + name);
    }

    public static Map<String, String> System_getenv() {
        throw new HomeOnly("reads the environment");
    }

    public static void System_exit(int status) {
        throw new HomeOnly("calls System.exit");
    }

    public static Integer Integer_getInteger(String key) {
        throw new HomeOnly("reads system property " + key);
    }

    public static Integer Integer_getInteger(String key, int def) {
        throw new HomeOnly("reads system property " + key);
    }

    public static Integer Integer_getInteger(String key, Integer def) {
        throw new HomeOnly("reads system property " + key);
    }

    public static Long Long_getLong(String key) {
        throw new HomeOnly("reads system property " + key);
    }

    public static Long Long_getLong(String key, long def) {
        throw new HomeOnly("reads system property " + key);
    }

    public static Long Long_getLong(String key, Long def) {
        throw new HomeOnly("reads system property " + key);
    }

    public static boolean Boolean_getBoolean(String key) {
        throw new HomeOnly("reads system property " + key);
    }

    // The system class loader of client code is its session's loader: the
    // client's class path (and the JDK) as at home, never the server's.

    public static ClassLoader ClassLoader_getSystemClassLoader() {
        return SessionGuard.class.getClassLoader();
    }

    public static URL ClassLoader_getSystemResource(String name) {
        return SessionGuard.class.getClassLoader().getResource(name);
    }

    public static InputStream ClassLoader_getSystemResourceAsStream(String name) {
        return SessionGuard.class.getClassLoader().getResourceAsStream(name);
    }

    public static Enumeration<URL> ClassLoader_getSystemResources(String name) throws IOException {
        return SessionGuard.class.getClassLoader().getResources(name);
    }

    // A URL is opened here only if it is a resource the client served.

    public static InputStream URL_openStream(URL url) throws IOException {
        return served(url).getInputStream();
    }

    public static URLConnection URL_openConnection(URL url) throws IOException {
        return served(url);
    }

    private static URLConnection served(URL url) throws IOException {
        Predicate<URL> s = servedUrls;
        if (s == null || !s.test(url)) {
            throw new HomeOnly("opens URL " + url);
        }
        return url.openConnection();
    }
}
