/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Metrics in the Prometheus text exposition format (version 0.0.4).
 * Updated from the server's I/O thread, read by the admin endpoint's
 * threads: every value is a LongAdder or a supplier reading atomic state.
 */
public final class Metrics {

    private interface Family {
        void write(StringBuilder sb);
    }

    private final List<Family> families = new ArrayList<>();

    /** A monotonically increasing count, optionally split by one label. */
    public final class Counter implements Family {
        private final String name, help, label;
        private final Map<String, LongAdder> values = new ConcurrentHashMap<>();

        Counter(String name, String help, String label) {
            this.name = name;
            this.help = help;
            this.label = label;
        }

        public void inc() { add("", 1); }
        public void add(long n) { add("", n); }
        public void inc(String labelValue) { add(labelValue, 1); }

        public void add(String labelValue, long n) {
            values.computeIfAbsent(labelValue, k -> new LongAdder()).add(n);
        }

        public long get(String labelValue) {
            LongAdder a = values.get(labelValue);
            return a == null ? 0 : a.sum();
        }

        public long total() {
            return values.values().stream().mapToLong(LongAdder::sum).sum();
        }

        @Override
        public void write(StringBuilder sb) {
            header(sb, name, help, "counter");
            if (values.isEmpty() && label == null) {
                sb.append(name).append(" 0\n");
            }
            values.forEach((k, v) -> sample(sb, name, label, k, Long.toString(v.sum())));
        }
    }

    /** A value read when scraped; with a label, a map from label value to value. */
    public final class Gauge implements Family {
        private final String name, help, label;
        private final Supplier<Map<String, Long>> values;

        Gauge(String name, String help, String label, Supplier<Map<String, Long>> values) {
            this.name = name;
            this.help = help;
            this.label = label;
            this.values = values;
        }

        @Override
        public void write(StringBuilder sb) {
            header(sb, name, help, "gauge");
            values.get().forEach((k, v) -> sample(sb, name, label, k, Long.toString(v)));
        }
    }

    /** A latency histogram in seconds, split by one label. */
    public final class Histogram implements Family {
        private final String name, help, label;
        private final double[] bounds;
        private final Map<String, LongAdder[]> buckets = new ConcurrentHashMap<>();
        private final Map<String, LongAdder> sumNanos = new ConcurrentHashMap<>();

        Histogram(String name, String help, String label, double[] bounds) {
            this.name = name;
            this.help = help;
            this.label = label;
            this.bounds = bounds;
        }

        public void observeNanos(String labelValue, long nanos) {
            LongAdder[] b = buckets.computeIfAbsent(labelValue, k -> {
                LongAdder[] a = new LongAdder[bounds.length + 1];
                for (int i = 0; i < a.length; i++) {
                    a[i] = new LongAdder();
                }
                return a;
            });
            double s = nanos / 1e9;
            int i = 0;
            while (i < bounds.length && s > bounds[i]) {
                i++;
            }
            b[i].increment();
            sumNanos.computeIfAbsent(labelValue, k -> new LongAdder()).add(nanos);
        }

        @Override
        public void write(StringBuilder sb) {
            header(sb, name, help, "histogram");
            buckets.forEach((k, b) -> {
                long cum = 0;
                for (int i = 0; i < b.length; i++) {
                    cum += b[i].sum();
                    String le = i < bounds.length ? fmt(bounds[i]) : "+Inf";
                    sb.append(name).append("_bucket{").append(label).append("=\"").append(escape(k))
                      .append("\",le=\"").append(le).append("\"} ").append(cum).append('\n');
                }
                sample(sb, name + "_sum", label, k, fmt(sumNanos.get(k).sum() / 1e9));
                sample(sb, name + "_count", label, k, Long.toString(cum));
            });
        }
    }

    public synchronized Counter counter(String name, String help, String label) {
        Counter c = new Counter(name, help, label);
        families.add(c);
        return c;
    }

    public synchronized void gauge(String name, String help, LongSupplier value) {
        families.add(new Gauge(name, help, null, () -> Map.of("", value.getAsLong())));
    }

    public synchronized void gauge(String name, String help, String label, Supplier<Map<String, Long>> values) {
        families.add(new Gauge(name, help, label, values));
    }

    /** Buckets from 1 us to 1 s, roughly 1-2.5-5 per decade. */
    public synchronized Histogram latency(String name, String help, String label) {
        Histogram h = new Histogram(name, help, label, new double[] {
            1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 0.1, 1});
        families.add(h);
        return h;
    }

    /** The whole exposition, as served on /metrics. */
    public synchronized String scrape() {
        StringBuilder sb = new StringBuilder(4096);
        for (Family f : families) {
            f.write(sb);
        }
        return sb.toString();
    }

    private static void header(StringBuilder sb, String name, String help, String type) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder sb, String name, String label, String labelValue, String value) {
        sb.append(name);
        if (label != null) {
            sb.append('{').append(label).append("=\"").append(escape(labelValue)).append("\"}");
        }
        sb.append(' ').append(value).append('\n');
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.9g", d).replaceAll("\\.?0+(e|$)", "$1");
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
