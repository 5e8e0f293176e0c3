/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.compute;

import java.util.function.Function;

/**
 * The class loader of one client session: classes the server's JDK does not
 * have are fetched from the client when first needed, and defined here.
 * Its parent is the platform loader, so a client sees the JDK and its own
 * classes, never the server's or another client's.
 */
final class ClientLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Function<String, byte[]> fetch;

    /** {@code fetch} returns a class file from the client, or null if it has none. */
    ClientLoader(String name, Function<String, byte[]> fetch) {
        super(name, ClassLoader.getPlatformClassLoader());
        this.fetch = fetch;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = fetch.apply(name);
        if (b == null) {
            throw new ClassNotFoundException(name + " (the client has no such class)");
        }
        return defineClass(name, b, 0, b.length);
    }
}
