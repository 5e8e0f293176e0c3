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

package jdk.internal.disagg.management;

import java.lang.management.PlatformManagedObject;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.disagg.DisaggregatedHeapMXBean;
import sun.management.spi.PlatformMBeanProvider;

/** Makes {@link DisaggregatedHeapMXBean} a platform MXBean. */
public final class PlatformMBeanProviderImpl extends PlatformMBeanProvider {

    public PlatformMBeanProviderImpl() { }

    @Override
    public List<PlatformComponent<?>> getPlatformComponentList() {
        return List.of(new PlatformComponent<DisaggregatedHeapMXBean>() {
            @Override
            public Set<Class<? extends DisaggregatedHeapMXBean>> mbeanInterfaces() {
                return Set.of(DisaggregatedHeapMXBean.class);
            }

            @Override
            public Set<String> mbeanInterfaceNames() {
                return Set.of(DisaggregatedHeapMXBean.class.getName());
            }

            @Override
            public String getObjectNamePattern() {
                return DisaggregatedHeapMXBean.OBJECT_NAME;
            }

            @Override
            public Map<String, DisaggregatedHeapMXBean> nameToMBeanMap() {
                return Map.of(DisaggregatedHeapMXBean.OBJECT_NAME, DisaggregatedHeapImpl.INSTANCE);
            }
        });
    }
}
