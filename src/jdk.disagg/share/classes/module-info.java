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

/**
 * Disagg JDK: the public API of the disaggregated heap.
 *
 * <p>Nothing here is needed to run a program on disaggregated resources:
 * {@code -XX:+UseDisaggregatedHeap} works for unmodified programs, and with
 * {@code -XX:DisaggComputeServers} their parallel streams use remote
 * carrier threads.  This module adds what a program or an operator may want
 * on top: the {@link jdk.disagg.DisaggregatedHeapMXBean platform MXBean} of
 * the far-memory heap, and {@link jdk.disagg.RemoteCarriers} for explicit
 * remote work.
 *
 * <p>The module also carries the {@code jdisagg} launcher, which starts
 * memory and compute servers ({@code jdisagg memserver --help},
 * {@code jdisagg computeserver --help}).
 *
 * @moduleGraph
 * @since 26
 */
module jdk.disagg {
    requires transitive java.management;

    exports jdk.disagg;

    provides sun.management.spi.PlatformMBeanProvider with
        jdk.internal.disagg.management.PlatformMBeanProviderImpl;
}
