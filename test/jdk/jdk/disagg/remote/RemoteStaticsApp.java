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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import jdk.disagg.RemoteCarrierException;
import jdk.disagg.RemoteCarriers;

/**
 * Parallel streams whose lambdas reach state outside what they capture: a
 * static field set by main, a static counter, System.out, a system
 * property, a file.  On a compute server each of these would be the
 * server's, so such leaves must run at home; the printed results must be
 * those of a run without remote carriers. Enums mean the same everywhere
 * and may go, and so do class-path resources: the client serves them.
 */
public class RemoteStaticsApp {
    enum Color { RED, GREEN, BLUE }

    static int factor;   // set from the command line, read by a lambda
    // Finals computed at start-up: immutable values go with their home value, an array stays home.
    static final long SEED = Long.getLong("app.seed", 0);
    static final String TAG = "tag-" + SEED;
    static final int[] TABLE = {(int) SEED, 2, 3};
    // Finals whose values can never change: the server keeps a copy; a mutable list stays home.
    static final Pattern WORD = Pattern.compile("t(i|e)tle" + SEED % 10, Pattern.CASE_INSENSITIVE);
    static final List<Integer> PRIMES = List.of(2, 3, 5, 7, 11, 13);
    static final Map<String, Integer> WEIGHTS = Map.of("a", 1, "b", 2, "c", 3);
    record Limits(int low, int high, List<String> names) { }
    static final Limits LIMITS = new Limits(3, (int) (SEED % 100), List.of("x", "y"));
    static final BigInteger BIG = BigInteger.valueOf(SEED).pow(3);
    static final List<Integer> MUTABLE = new ArrayList<>(List.of(1, 2, 3));
    static int hits;     // read and written by a lambda (racy at home too; only the sum is printed)
    static int last;     // only written by a lambda

    /** Initializes only where APP_MARKER is set: at home, not on the server. */
    static final class HomeOnlyInit {
        static {
            if (System.getenv("APP_MARKER") == null) {
                throw new IllegalStateException("APP_MARKER is not set");
            }
        }

        static long twice(long x) {
            return 2 * x;
        }
    }

    /** A service the class path provides (META-INF/services, written by RemoteStatics). */
    public interface Weight {
        int of(int i);
    }

    public static final class OddWeight implements Weight {
        @Override
        public int of(int i) {
            return (i & 1) + 5;
        }
    }

    /** The bytes of a class-path resource, 0 if there is none. */
    static long resource(InputStream in) {
        if (in == null) {
            return 0;
        }
        try (in) {
            long h = 0;
            for (byte b : in.readAllBytes()) {
                h = h * 31 + b;
            }
            return h;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Another read of LIMITS (another call site): the same object, here and on a server. */
    static Limits limitsElsewhere() {
        return LIMITS;
    }

    static long mix(long h, long x) {
        for (int k = 0; k < 50; k++) {
            h = h * 6364136223846793005L + x;
        }
        return h & 1023;
    }

    public static void main(String[] args) throws Exception {
        factor = Integer.parseInt(args[0]);
        // Evaluated again and again: once a server stopped this code, it stays home
        // without another round trip (RemoteStatics counts the leaves run again).
        long f = 0;
        for (int round = 0; round < 30; round++) {
            f = IntStream.range(0, 20_000).parallel().mapToLong(i -> mix(i, factor)).sum();
        }
        System.out.println("factor " + f);
        System.out.println("counter " + IntStream.range(0, 20_000).parallel().mapToLong(i -> {
            hits++;
            return mix(i, 1);
        }).sum());
        System.out.println("stored " + IntStream.range(0, 20_000).parallel().mapToLong(i -> {
            last = i;
            return mix(i, 3);
        }).sum());
        long printed = IntStream.range(0, 40).parallel().mapToLong(i -> {
            System.out.println("tick " + i);
            long h = 0;
            for (int k = 0; k < 400; k++) {
                h += mix(h, i);
            }
            return h;
        }).sum();
        System.out.println("printed " + printed);
        System.out.println("property " + IntStream.range(0, 20_000).parallel()
                .mapToLong(i -> mix(i, Integer.getInteger("app.scale", 0))).sum());
        System.out.println("enums " + IntStream.range(0, 20_000).parallel().mapToLong(i -> {
            Color c = Color.values()[i % 3];
            int w = switch (c) {
                case RED -> 1;
                case GREEN -> 2;
                case BLUE -> 3;
            };
            return mix(i, w + (c == Color.BLUE ? 10 : 0));
        }).sum());
        System.out.println("finals " + IntStream.range(0, 20_000).parallel()
                .mapToLong(i -> mix(i, SEED + TAG.length())).sum());
        System.out.println("table " + IntStream.range(0, 20_000).parallel()
                .mapToLong(i -> mix(i, TABLE[i % 3])).sum());
        System.out.println("pattern " + IntStream.range(0, 20_000).parallel()
                .mapToLong(i -> mix(i, WORD.matcher("TITLE" + (i % 10)).matches() ? 1 : 2)).sum());
        System.out.println("immutables " + IntStream.range(0, 20_000).parallel()
                .mapToLong(i -> mix(i, PRIMES.get(i % 6) + WEIGHTS.get(List.of("a", "b", "c").get(i % 3))
                                       + LIMITS.high() + LIMITS.names().size() + BIG.intValue()
                                       + (LIMITS == limitsElsewhere() ? 100 : 0))).sum());
        System.out.println("mutable " + IntStream.range(0, 20_000).parallel()
                .mapToLong(i -> mix(i, MUTABLE.get(i % 3))).sum());
        // Results that are the static's value: the program's own object, as at home.
        List<Limits> found = IntStream.range(0, 20_000).parallel()
                .mapToObj(i -> mix(i, 5) >= 0 && i % 100 == 7 ? LIMITS : null)
                .filter(Objects::nonNull).collect(Collectors.toList());
        System.out.println("record is the program's own: " + found.size() + " "
                           + found.stream().allMatch(l -> l == LIMITS));
        System.out.println("linked " + IntStream.range(0, 20_000).parallel()
                .mapToLong(i -> mix(i, HomeOnlyInit.twice(i))).sum());
        // Resources of the class path are the client's, wherever they are read.
        System.out.println("resources " + IntStream.range(0, 2_000).parallel().mapToLong(i -> {
            long r = resource(RemoteStaticsApp.class.getResourceAsStream("/remote-statics-data.txt"))
                     + resource(ClassLoader.getSystemResourceAsStream("remote-statics-data.txt"))
                     + resource(Thread.currentThread().getContextClassLoader().getResourceAsStream("no-such-resource"))
                     + ServiceLoader.load(Weight.class).findFirst().orElseThrow().of(i);
            long h = 0;
            for (int k = 0; k < 100; k++) {
                h += mix(h, i + r);
            }
            return h;
        }).sum());
        // A file named relative to the working directory: the server's would be another file.
        String input = args[1];
        System.out.println("files " + IntStream.range(0, 2_000).parallel().mapToLong(i -> {
            long h = 0;
            try {
                h = Files.readString(Path.of(input)).length();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (int k = 0; k < 100; k++) {
                h += mix(h, i);
            }
            return h;
        }).sum());
        if (RemoteCarriers.isConfigured()) {
            try (ExecutorService ex = RemoteCarriers.newExecutor()) {
                System.out.println("explicit " + ex.submit(() -> factor * 2).get());
            } catch (ExecutionException e) {
                RemoteCarrierException r = (RemoteCarrierException) e.getCause();
                System.out.println("explicit refused mayHaveRun=" + r.mayHaveRun() + ": " + r.getMessage());
            }
        }
    }
}
