/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * DO NOT ALTER OR REMOVE COPYRIGHT NOTICES OR THIS FILE HEADER.
 *
 * This code is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License version 2 only, as
 * published by the Free Software Foundation.
 *
 * This code is distributed in the hope that it will be useful, but WITHOUT
 * ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or
 * FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * version 2 for more details (a copy is included in the LICENSE file that
 * accompanied this code).
 */

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * An unmodified program with parallel streams of many shapes; it prints one
 * line per result.  Run with and without remote carriers, its output must
 * be the same (RemoteStreams compares them).
 */
public class StreamShapes {
    enum Color { RED, GREEN, BLUE }

    /** A class only the client has, with value-based equality. */
    record Point(int x, int y) {
        Point plus(Point o) { return new Point(x + o.x, y + o.y); }
    }

    /** Mutable accumulation state only the client has. */
    static final class Stats {
        long n;
        long sum;
        final List<String> samples = new ArrayList<>();
        void add(int v) { n++; sum += (long) Math.sqrt(v); if (v % 100_000 == 7) samples.add("s" + v); }
        Stats merge(Stats o) { n += o.n; sum += o.sum; samples.addAll(o.samples); return this; }
        public String toString() { return n + "/" + sum + "/" + samples; }
    }

    static int work(int v) {
        // Enough work per element that leaves are worth sending.
        int h = v;
        for (int i = 0; i < 200; i++) {
            h = h * 31 + (h >>> 7) + i;
        }
        return h;
    }

    public static void main(String[] args) {
        int n = 400_000;
        List<Integer> boxed = IntStream.range(0, n).boxed().collect(Collectors.toList());
        if (args.length > 0 && args[0].equals("short-circuit")) {
            shortCircuiting(boxed);
            return;
        }
        int[] table = IntStream.range(0, 1024).map(i -> i * i % 977).toArray();   // captured state
        String prefix = "k";                                                       // captured string
        Point origin = new Point(3, 4);                                            // captured client class

        print("map-filter-reduce", boxed.parallelStream().map(StreamShapes::work).filter(v -> v % 3 != 0)
                .reduce(0, Integer::sum));
        print("intstream-sum", IntStream.range(0, n).parallel().map(StreamShapes::work).asLongStream().sum());
        print("longstream", LongStream.rangeClosed(1, n).parallel().map(v -> work((int) v) & 0xffff).sum());
        print("doublestream", String.format("%.3f", DoubleStream.iterate(0.5, d -> d + 1).limit(n).parallel()
                .map(d -> Math.floor(Math.sin(d) * 1000) * (work((int) d) & 0xff)).sum()));
        print("collect-list", boxed.parallelStream().map(v -> work(v) & 0xff).collect(Collectors.toList()).hashCode());
        print("to-array", Arrays.hashCode(boxed.parallelStream().map(v -> prefix + (work(v) & 0xff)).toArray()));
        print("grouping", new TreeMap<>(boxed.parallelStream()
                .collect(Collectors.groupingBy(v -> work(v) & 7, Collectors.counting()))));
        HashMap<Color, Long> byColor = boxed.parallelStream()
                .collect(Collectors.groupingBy(v -> Color.values()[Math.floorMod(work(v), 3)], HashMap::new,
                                               Collectors.summingLong(v -> table[v & 1023])));
        print("enum-keys", new EnumMap<>(byColor) + " " + byColor.get(Color.GREEN));   // a lookup by identity hash
        print("set-of-points", boxed.parallelStream().map(v -> new Point(work(v) & 15, v & 3))
                .collect(Collectors.toSet()).stream().sorted(Comparator.comparing(Point::x).thenComparing(Point::y))
                .toList());
        print("client-class-reduce", boxed.parallelStream().map(v -> new Point((work(v) & 3) + origin.x(), 1))
                .reduce(new Point(0, 0), Point::plus));
        print("sorted", boxed.parallelStream().map(v -> work(v) % 1000).sorted().skip(n / 2).findFirst().get());
        print("distinct", boxed.parallelStream().map(v -> work(v) & 1023).distinct().count());
        print("flatmap", boxed.parallelStream().flatMap(v -> Stream.of(v, work(v) & 31)).mapToLong(v -> v).sum());
        print("custom-collector", boxed.parallelStream().map(StreamShapes::work)
                .collect(Stats::new, (s, v) -> s.add(Math.abs(v) % 1_000_000), Stats::merge));
        print("joining", boxed.parallelStream().filter(v -> v % 40_000 == 0).map(v -> prefix + work(v))
                .collect(Collectors.joining(",")));
        print("to-map", new TreeMap<>(boxed.parallelStream().filter(v -> v % 1000 == 0)
                .collect(Collectors.toMap(Function.identity(), StreamShapes::work))).hashCode());
        print("set-of-constant", boxed.parallelStream().filter(v -> Set.of(1, 2, 3, 5, 8, 13).contains(work(v) & 15))
                .count());
        print("any-match", boxed.parallelStream().anyMatch(v -> work(v) == work(n - 1)));
        print("find-first", boxed.parallelStream().filter(v -> (work(v) & 0xfff) == 42).findFirst());
        print("limit", boxed.parallelStream().map(StreamShapes::work).limit(1000).reduce(0, Integer::sum));
        print("max", boxed.parallelStream().map(StreamShapes::work).max(Comparator.naturalOrder()));
        print("summary", IntStream.range(0, n).parallel().map(v -> work(v) & 0xffff).summaryStatistics());
        try {
            boxed.parallelStream().map(v -> {
                if (v == n - 3) {
                    throw new IllegalStateException("element " + v + " is refused");
                }
                return work(v);
            }).reduce(0, Integer::sum);
            print("exception", "none");
        } catch (IllegalStateException e) {
            // ForkJoin may wrap what a leaf threw in a copy with the caller's stack; print the original.
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            print("exception", root.getClass().getName() + ": " + root.getMessage());
            boolean remote = false;
            for (Throwable t = e; t != null && !remote; t = t.getCause()) {
                remote = Arrays.stream(t.getStackTrace()).anyMatch(f -> "remote".equals(
                        f.getClassLoaderName() == null ? null : f.getClassLoaderName().split("@")[0]));
            }
            System.err.println("exception frames marked remote: " + remote);
        }
    }

    /** Only short-circuiting operations, so that the test sees that they too are sent. */
    static void shortCircuiting(List<Integer> boxed) {
        int n = boxed.size();
        print("any-match", boxed.parallelStream().anyMatch(v -> work(v) == work(n - 1)));
        print("any-match-none", boxed.parallelStream().anyMatch(v -> work(v) == 1 && v < 0));
        print("all-match", boxed.parallelStream().allMatch(v -> work(v) != 0 || v >= 0));
        print("none-match", IntStream.range(2, 20_011).parallel().noneMatch(i -> work(i) != 0 && 20_011 % i == 0));
        Integer first = boxed.parallelStream().filter(v -> (work(v) & 0xfff) == 42).findFirst().orElseThrow();
        print("find-first", first);
        // The element found is the program's own object, not a copy (a record:
        // boxes are value-based, and travel as values).
        List<Point> points = boxed.stream().map(v -> new Point(v, v & 7)).toList();
        Point found = points.parallelStream().filter(p -> (work(p.x()) & 0xfff) == 42).findFirst().orElseThrow();
        print("find-first is the program's own object", found == points.get(found.x()));
        print("find-first-none", boxed.parallelStream().filter(v -> work(v) == v && v < 0).findFirst());
        Integer any = boxed.parallelStream().filter(v -> (work(v) & 0xfff) == 42).findAny().orElseThrow();
        print("find-any matches", (work(any) & 0xfff) == 42);
        print("find-first-primitive", IntStream.range(0, n).parallel().filter(v -> (work(v) & 0xffff) == 4242)
                .findFirst());
    }

    static void print(String what, Object result) {
        System.out.println(what + " = " + result);
    }
}
