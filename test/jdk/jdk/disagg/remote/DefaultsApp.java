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

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import jdk.disagg.RemoteCarriers;

/**
 * An unmodified program whose parallel work depends on the JDK's defaults:
 * toUpperCase follows the default locale ("title" is "TİTLE" in Turkish).
 *
 *   (none)    upper-cases words in a parallel stream
 *   switch    the same, then again after Locale.setDefault(tr-TR)
 *   explicit  upper-cases one word in an explicit remote task
 */
public class DefaultsApp {
    static final List<String> WORDS = IntStream.range(0, 20_000).mapToObj(i -> "title" + i).toList();

    static String upper() {
        // Enough work per word (a few microseconds) that the runtime sends it.
        List<String> upper = WORDS.parallelStream()
                                  .map(w -> w.repeat(400).toUpperCase().substring(0, w.length()))
                                  .collect(Collectors.toList());
        long dotted = upper.stream().filter(w -> w.indexOf('\u0130') >= 0).count();
        return upper.get(0) + " ... " + upper.get(upper.size() - 1) + ", " + dotted + " with a dotted capital I, hash "
               + upper.stream().collect(Collectors.joining()).hashCode();
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "";
        if (mode.equals("explicit")) {
            ExecutorService ex = RemoteCarriers.newExecutor();
            try {
                System.out.println("explicit: " + ex.submit(() -> "title".toUpperCase()).get());
            } catch (ExecutionException e) {
                System.out.println("explicit threw " + e.getCause());
            }
            ex.shutdown();
            return;
        }
        System.out.println("upper: " + upper());
        if (mode.equals("switch")) {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            System.out.println("upper after tr-TR: " + upper());
        }
    }
}
