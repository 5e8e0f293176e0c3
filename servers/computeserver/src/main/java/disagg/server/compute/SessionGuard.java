/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.compute;

import java.io.InputStream;
import java.io.PrintStream;
import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Properties;

/**
 * What a client's code calls instead of reaching state that is not the
 * client's: {@link ClientLoader} rewrites every class it defines so that
 * reads of the program's static fields, writes to them, the standard
 * streams, system properties and the environment, and {@code System.exit}
 * come here.  A task copies only what it captured; everything here would
 * be the server's, not the client's, so it stops the task with
 * {@link HomeOnly}: a stream leaf then runs at home, an explicit task is
 * refused.  Reads that mean the same on both sides go through: enum
 * constants, an enum's own synthetic fields ({@code $VALUES}),
 * {@code $assertionsDisabled} and the {@code $SwitchMap$} arrays javac
 * makes for switches on enums.
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
        MethodHandle stop = MethodHandles.insertArguments(STOP, 0,
                "reads static field " + declarer.getName() + "." + name);
        return new ConstantCallSite(stop.asType(type));
    }

    /** A rewritten static field write. */
    public static void putStatic(String field) {
        throw new HomeOnly("writes static field " + field);
    }

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
}
