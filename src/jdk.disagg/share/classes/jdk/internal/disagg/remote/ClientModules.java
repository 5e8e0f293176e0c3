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

package jdk.internal.disagg.remote;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * The compute client's jars in {@code $JAVA_HOME/lib/disagg} as explicit
 * modules that read only each other and java.base.
 *
 * <p>Not {@code ModuleFinder.of(jars)}: that makes automatic modules, which
 * read every module of the boot layer, and resolving them took ~60 ms of a
 * home VM's CPU on its first parallel stream (these explicit ones ~35 ms),
 * which on a one-core VM is that much of the stream's time.
 */
final class ClientModules implements ModuleFinder {
    private final Path dir;
    private final Map<String, ModuleReference> modules = new LinkedHashMap<>();

    ClientModules(Path dir) {
        this.dir = dir;
    }

    /**
     * Adds module {@code name}: the one jar of {@code dir} whose name starts
     * with {@code jarPrefix}, exporting all its packages.
     */
    void add(String name, String jarPrefix, String... requires) throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(dir)) {
            jar = files.filter(p -> p.getFileName().toString().startsWith(jarPrefix)
                                    && p.getFileName().toString().endsWith(".jar"))
                       .findFirst()
                       .orElseThrow(() -> new IOException("no " + jarPrefix + "*.jar"));
        }
        Set<String> packages = new HashSet<>();
        try (JarFile jf = new JarFile(jar.toFile())) {
            jf.stream().map(ZipEntry::getName)
              .filter(n -> n.endsWith(".class") && n.indexOf('/') > 0 && !n.startsWith("META-INF/"))
              .forEach(n -> packages.add(n.substring(0, n.lastIndexOf('/')).replace('/', '.')));
        }
        ModuleDescriptor.Builder b = ModuleDescriptor.newModule(name).packages(packages);
        packages.forEach(b::exports);
        for (String r : requires) {
            b.requires(r);
        }
        modules.put(name, new JarModule(b.build(), jar));
    }

    Set<String> names() {
        return modules.keySet();
    }

    @Override
    public Optional<ModuleReference> find(String name) {
        return Optional.ofNullable(modules.get(name));
    }

    @Override
    public Set<ModuleReference> findAll() {
        return Set.copyOf(modules.values());
    }

    /** A module whose content is a jar file. */
    private static final class JarModule extends ModuleReference {
        private final Path jar;

        JarModule(ModuleDescriptor d, Path jar) {
            super(d, jar.toUri());
            this.jar = jar;
        }

        @Override
        public ModuleReader open() throws IOException {
            JarFile jf = new JarFile(jar.toFile());
            String base = "jar:" + jar.toUri() + "!/";
            return new ModuleReader() {
                @Override
                public Optional<URI> find(String name) {
                    return jf.getEntry(name) == null ? Optional.empty() : Optional.of(URI.create(base + name));
                }

                @Override
                public Optional<InputStream> open(String name) throws IOException {
                    ZipEntry e = jf.getEntry(name);
                    return e == null ? Optional.empty() : Optional.of(jf.getInputStream(e));
                }

                @Override
                public Stream<String> list() {
                    return jf.stream().map(ZipEntry::getName);
                }

                @Override
                public void close() throws IOException {
                    jf.close();
                }
            };
        }
    }
}
