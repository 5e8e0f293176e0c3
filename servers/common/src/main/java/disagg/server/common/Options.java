/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Command-line options for the servers: declared once, validated when
 * parsed, and documented by the generated {@code --help}.  Every error names
 * the option, the value and what is accepted.
 */
public final class Options {

    /** A bad command line; the message says what is wrong and what is accepted. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    /** One option: {@code --name VALUE} (or a flag without a value). */
    public static final class Option<T> {
        final String name;
        final String metavar;   // null for flags
        final String help;
        final String defaultText;
        final Function<String, T> parser;
        T value;
        boolean given;

        Option(String name, String metavar, String help, String defaultText, Function<String, T> parser) {
            this.name = name;
            this.metavar = metavar;
            this.help = help;
            this.defaultText = defaultText;
            this.parser = parser;
            if (defaultText != null && parser != null) {
                this.value = parser.apply(defaultText);
            }
        }

        public T get() { return value; }
        public boolean given() { return given; }
        public String name() { return "--" + name; }
    }

    private final String usage;
    private final String summary;
    private final Map<String, Option<?>> options = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    public Options(String usage, String summary) {
        this.usage = usage;
        this.summary = summary;
    }

    /** An option with a value parsed by {@code parser}, which throws IllegalArgumentException on bad input. */
    public <T> Option<T> add(String name, String metavar, String defaultText, Function<String, T> parser, String help) {
        Option<T> o = new Option<>(name, metavar, help, defaultText, parser);
        options.put(name, o);
        return o;
    }

    /** A flag without a value. */
    public Option<Boolean> flag(String name, String help) {
        Option<Boolean> o = new Option<>(name, null, help, null, null);
        o.value = Boolean.FALSE;
        options.put(name, o);
        return o;
    }

    /** A paragraph printed after the options (environment variables, examples). */
    public void note(String text) {
        notes.add(text);
    }

    /**
     * Parses the arguments. Returns false if {@code --help} was asked for (the
     * caller prints {@link #help()} and exits 0).
     */
    public boolean parse(String[] args) throws UsageException {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                return false;
            }
            if (!a.startsWith("--")) {
                throw new UsageException("unexpected argument '" + a + "'; options start with --; see --help");
            }
            String name = a.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Option<?> o = options.get(name);
            if (o == null) {
                throw new UsageException("unknown option '--" + name + "'; known options: "
                        + String.join(", ", options.keySet().stream().map(k -> "--" + k).toList()));
            }
            if (o.given) {
                throw new UsageException("option --" + name + " is given twice");
            }
            o.given = true;
            if (o.metavar == null) {
                if (inline != null) {
                    throw new UsageException("option --" + name + " takes no value (got '" + inline + "')");
                }
                @SuppressWarnings("unchecked")
                Option<Boolean> flag = (Option<Boolean>) o;
                flag.value = Boolean.TRUE;
                continue;
            }
            String v = inline;
            if (v == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException("option --" + name + " needs a value " + o.metavar);
                }
                v = args[++i];
            }
            set(o, v);
        }
        return true;
    }

    private static <T> void set(Option<T> o, String v) throws UsageException {
        try {
            o.value = o.parser.apply(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value for --" + o.name + ": " + e.getMessage());
        }
    }

    public String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: ").append(usage).append("\n\n").append(summary).append("\n\nOptions:\n");
        for (Option<?> o : options.values()) {
            String left = "  --" + o.name + (o.metavar != null ? " " + o.metavar : "");
            sb.append(left);
            sb.append(left.length() < 28 ? " ".repeat(28 - left.length()) : "\n" + " ".repeat(28));
            sb.append(wrap(o.help + (o.defaultText != null ? " (default: " + o.defaultText + ")" : ""), 28));
            sb.append('\n');
        }
        sb.append("  -h, --help                  print this text\n");
        for (String n : notes) {
            sb.append('\n').append(n).append('\n');
        }
        return sb.toString();
    }

    private static String wrap(String text, int indent) {
        StringBuilder sb = new StringBuilder();
        int col = indent;
        for (String w : text.split(" ")) {
            if (col + w.length() + 1 > 79 && col > indent) {
                sb.append('\n').append(" ".repeat(indent));
                col = indent;
            } else if (col > indent) {
                sb.append(' ');
                col++;
            }
            sb.append(w);
            col += w.length();
        }
        return sb.toString();
    }

    /** Parses a whole number in [min, max]; the message names the range. */
    public static Function<String, Integer> intIn(int min, int max) {
        return s -> {
            try {
                int v = Integer.parseInt(s.trim());
                if (v < min || v > max) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not a whole number from " + min + " to " + max);
            }
        };
    }

    /**
     * Parses a duration in milliseconds within [min, max]: a number with a unit
     * ms, s, m or h (for example 500ms, 30s, 2m).
     */
    public static Function<String, Long> millisIn(long min, long max) {
        return s -> {
            String t = s.trim().toLowerCase(java.util.Locale.ROOT);
            long unit;
            String digits;
            if (t.endsWith("ms")) {
                unit = 1; digits = t.substring(0, t.length() - 2);
            } else if (t.endsWith("s")) {
                unit = 1000; digits = t.substring(0, t.length() - 1);
            } else if (t.endsWith("m")) {
                unit = 60_000; digits = t.substring(0, t.length() - 1);
            } else if (t.endsWith("h")) {
                unit = 3_600_000; digits = t.substring(0, t.length() - 1);
            } else {
                throw new IllegalArgumentException("'" + s + "' has no unit; expected a number with ms, s, m or h, for example 30s");
            }
            long v;
            try {
                v = Math.multiplyExact(Long.parseLong(digits), unit);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("'" + s + "' is not a duration; expected a number with ms, s, m or h, for example 30s");
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException("'" + s + "' is outside the accepted range " + min + " ms to " + max + " ms");
            }
            return v;
        };
    }

    /** Parses a size (see {@link Sizes}) in [min, max]. */
    public static Function<String, Long> sizeIn(long min, long max) {
        return s -> {
            long v = Sizes.parse(s);
            if (v < min || v > max) {
                throw new IllegalArgumentException("'" + s + "' is outside the accepted range "
                        + Sizes.format(min) + " to " + Sizes.format(max));
            }
            return v;
        };
    }
}
