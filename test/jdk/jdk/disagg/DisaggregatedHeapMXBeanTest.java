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

/*
 * @test
 * @summary DisaggregatedHeapMXBean is a platform MXBean, present and disabled by default.
 * @modules jdk.disagg
 * @run main/othervm DisaggregatedHeapMXBeanTest false
 */

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import jdk.disagg.DisaggregatedHeapMXBean;

public class DisaggregatedHeapMXBeanTest {
    public static void main(String[] args) throws Exception {
        boolean enabled = Boolean.parseBoolean(args[0]);
        DisaggregatedHeapMXBean bean = ManagementFactory.getPlatformMXBean(DisaggregatedHeapMXBean.class);
        if (bean == null) {
            throw new AssertionError("no DisaggregatedHeapMXBean");
        }
        if (!bean.getObjectName().equals(new ObjectName(DisaggregatedHeapMXBean.OBJECT_NAME))) {
            throw new AssertionError("object name " + bean.getObjectName());
        }
        if (bean.isEnabled() != enabled) {
            throw new AssertionError("isEnabled() is " + bean.isEnabled() + ", expected " + enabled);
        }
        long[] values = {bean.getLocalHeapLimit(), bean.getResidentBytes(), bean.getRemoteBytes(),
                         bean.getFaultCount(), bean.getPagesFetched(), bean.getPagesEvicted(),
                         bean.getBytesFetched(), bean.getBytesWrittenBack(), bean.getRetryCount(),
                         bean.getFaultTimeNanos(), bean.getGCFaultCount(), bean.getPagesPrefetched(),
                         bean.getPagesReactivated(), bean.getRoomWaitCount(), bean.getRoomWaitNanos()};
        for (long v : values) {
            if (v < 0 || (!enabled && v != 0)) {
                throw new AssertionError("counter value " + v + " with enabled=" + enabled);
            }
        }
        // The same through the platform MBean server, as a JMX client sees it.
        var server = ManagementFactory.getPlatformMBeanServer();
        Object e = server.getAttribute(new ObjectName(DisaggregatedHeapMXBean.OBJECT_NAME), "Enabled");
        if (!Boolean.valueOf(enabled).equals(e)) {
            throw new AssertionError("Enabled attribute " + e);
        }
        System.out.println("DisaggregatedHeapMXBean: enabled=" + bean.isEnabled() + " servers=" + bean.getMemoryServers());
    }
}
