/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.common;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** A small leveled logger writing to standard error: one line per event. */
public final class Log {
    public enum Level { ERROR, WARN, INFO, DEBUG }

    private static volatile Level level = Level.INFO;
    private static final PrintStream OUT = System.err;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final String component;

    public Log(String component) {
        this.component = component;
    }

    /** Parses a level name; throws IllegalArgumentException naming the accepted values. */
    public static Level parseLevel(String s) {
        try {
            return Level.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + s + "' is not a log level; expected one of: error, warn, info, debug");
        }
    }

    public static void setLevel(Level l) { level = l; }
    public static boolean enabled(Level l) { return l.ordinal() <= level.ordinal(); }

    public void error(String fmt, Object... args) { log(Level.ERROR, fmt, args); }
    public void warn(String fmt, Object... args)  { log(Level.WARN, fmt, args); }
    public void info(String fmt, Object... args)  { log(Level.INFO, fmt, args); }
    public void debug(String fmt, Object... args) { log(Level.DEBUG, fmt, args); }

    private void log(Level l, String fmt, Object... args) {
        if (enabled(l)) {
            String msg = args.length == 0 ? fmt : String.format(Locale.ROOT, fmt, args);
            synchronized (OUT) {
                OUT.println(LocalTime.now().format(TIME) + " " + l.name().toLowerCase(Locale.ROOT)
                        + " " + component + ": " + msg);
            }
        }
    }
}
