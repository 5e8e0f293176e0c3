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

import java.nio.charset.Charset;
import java.util.Locale;
import java.util.TimeZone;

/**
 * The defaults that JDK methods read on their own, which the server guard
 * cannot see: the default locales ({@code String.format},
 * {@code toUpperCase}, {@code NumberFormat}), time zone
 * ({@code LocalDateTime.now}, {@code Date.toString}), charset
 * ({@code new String(bytes)}, {@code getBytes()}) and line separator
 * ({@code %n}, {@code println} into a {@code StringWriter}).
 *
 * <p>A compute server tells its own at the handshake.  Work is sent to it
 * only while this VM's are the same (a program may change its own, with
 * {@code Locale.setDefault}, at any time): code that would compute other
 * text there is never run there.  A {@code toUpperCase} of {@code "title"}
 * is {@code "TİTLE"} on a server whose locale is Turkish.
 */
final class JdkDefaults {
    private JdkDefaults() { }

    // What current() last described, and the objects it described: a
    // default changes only by replacing them (Locale.setDefault,
    // TimeZone.setDefault), so four reference compares tell that nothing
    // changed; checked at every choice of a server.
    private static final long TZ_OFFSET;
    private static final Object TZ_BASE;
    static {
        Object base = null;
        long offset = -1;
        try {
            java.lang.reflect.Field f = TimeZone.class.getDeclaredField("defaultTimeZone");
            base = GraphFormat.U.staticFieldBase(f);
            offset = GraphFormat.U.staticFieldOffset(f);
        } catch (NoSuchFieldException e) {
            // Another TimeZone: no snapshot, every check describes afresh.
        }
        TZ_BASE = base;
        TZ_OFFSET = offset;
    }

    private record Snapshot(Locale locale, Locale format, Locale display, Object zone, String text) { }

    private static volatile Snapshot last;

    /** This VM's defaults, one {@code name=value} per line. */
    static String current() {
        Snapshot s = last;
        Locale l = Locale.getDefault();
        Locale f = Locale.getDefault(Locale.Category.FORMAT);
        Locale d = Locale.getDefault(Locale.Category.DISPLAY);
        Object z = zone();
        if (s != null && s.locale == l && s.format == f && s.display == d && s.zone == z && z != null) {
            return s.text;
        }
        String text = describe();
        last = new Snapshot(l, f, d, zone(), text);
        return text;
    }

    /** The default TimeZone object (null until first used), or null if it cannot be read. */
    private static Object zone() {
        return TZ_BASE == null ? null : GraphFormat.U.getReferenceVolatile(TZ_BASE, TZ_OFFSET);
    }

    private static String describe() {
        return "locale=" + Locale.getDefault().toLanguageTag()
               + "\nformat locale=" + Locale.getDefault(Locale.Category.FORMAT).toLanguageTag()
               + "\ndisplay locale=" + Locale.getDefault(Locale.Category.DISPLAY).toLanguageTag()
               + "\ntime zone=" + TimeZone.getDefault().getID()
               + "\ncharset=" + Charset.defaultCharset().name()
               + "\nline separator=" + System.lineSeparator().replace("\r", "\\r").replace("\n", "\\n");
    }

    /**
     * Null if {@code here} and {@code there} (each from {@link #current})
     * are the same, else what differs: "locale tr-TR there, en-US here; ...".
     */
    static String differences(String here, String there) {
        if (here.equals(there)) {
            return null;
        }
        // Both lists come from this method of the same JDK build (the
        // handshake checks that): the same names, line by line.
        String[] mine = here.split("\n");
        String[] theirs = there.split("\n");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(mine.length, theirs.length); i++) {
            if (!mine[i].equals(theirs[i])) {
                int eq = mine[i].indexOf('=');
                sb.append(sb.isEmpty() ? "" : "; ").append(mine[i], 0, eq).append(' ')
                  .append(theirs[i].substring(theirs[i].indexOf('=') + 1)).append(" there, ")
                  .append(mine[i].substring(eq + 1)).append(" here");
            }
        }
        return sb.toString();
    }
}
