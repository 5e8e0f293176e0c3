/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.compute;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A session's loader without a server: its client is a map. Code that
 * reaches the machine stops with HomeOnly; paths as values, resources
 * and the system class loader are the client's.
 */
class ClientLoaderTest {
    /** Client code, defined again (guarded) by the loader under test. */
    public static final class Probe {
        public static String readFile(String name) throws IOException {
            return Files.readString(Path.of(name));
        }

        public static int openFile(String name) throws IOException {
            try (InputStream in = new FileInputStream(name)) {
                return in.read();
            }
        }

        public static boolean exists(String name) {
            return new File(name).exists();
        }

        public static String fileName(String name) {
            return Path.of("/data").resolve(name).getFileName() + " " + new File(name).getName();
        }

        public static String absolute(String name) {
            return Path.of(name).toAbsolutePath().toString();
        }

        public static String resource(String name) {
            try (InputStream in = ClassLoader.getSystemResourceAsStream(name)) {
                return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public static String openUrl(String url) throws IOException {
            try (InputStream in = URI.create(url).toURL().openStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        public static String openResource(String name) throws IOException {
            URL u = ClassLoader.getSystemResource(name);
            try (InputStream in = u.openStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        public static ClassLoader systemLoader() {
            return ClassLoader.getSystemClassLoader();
        }
    }

    private final Map<String, byte[]> client = new HashMap<>();
    private final List<String> asked = Collections.synchronizedList(new ArrayList<>());

    private ClientLoader loader() throws IOException {
        String name = Probe.class.getName();
        try (InputStream in = Probe.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
            client.put(name, in.readAllBytes());
        }
        Function<String, byte[]> fetch = n -> {
            asked.add(n);
            return client.get(n);
        };
        return new ClientLoader("test-client", fetch);
    }

    private static Object call(ClassLoader l, String method, Object... args) throws Throwable {
        Class<?> c = l.loadClass(Probe.class.getName());
        assertSame(l, c.getClassLoader());
        Class<?>[] types = new Class<?>[args.length];
        Arrays.fill(types, String.class);
        try {
            return c.getMethod(method, types).invoke(null, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The message of the HomeOnly the call stopped with. */
    private static String stopped(ClassLoader l, String method, Object... args) {
        Throwable t = assertThrows(Throwable.class, () -> call(l, method, args));
        assertEquals(SessionGuard.HOME_ONLY, t.getClass().getName(), () -> "not stopped: " + t);
        return t.getMessage();
    }

    private static byte[] reply(String... urlsAndContents) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        for (String s : urlsAndContents) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
        return b.toByteArray();
    }

    @Test
    void filesSocketsAndTheWorkingDirectoryStopTheTask() throws Exception {
        ClientLoader l = loader();
        assertEquals("calls Files.readString", stopped(l, "readFile", "/etc/hostname"));
        assertEquals("creates a FileInputStream", stopped(l, "openFile", "/etc/hostname"));
        assertEquals("calls File.exists", stopped(l, "exists", "/etc/hostname"));
        assertEquals("calls Path.toAbsolutePath", stopped(l, "absolute", "data.txt"));
        assertEquals("opens URL file:/etc/hostname", stopped(l, "openUrl", "file:/etc/hostname"));
    }

    @Test
    void pathsAsValuesGoThrough() throws Throwable {
        assertEquals("x.txt x.txt", call(loader(), "fileName", "x.txt"));
    }

    @Test
    void resourcesAreTheClients() throws Throwable {
        ClientLoader l = loader();
        client.put("resources:app/data.txt", reply("jar:file:/home/app/app.jar!/app/data.txt", "from the jar",
                                                   "file:/home/app/classes/app/data.txt", "from a directory"));
        client.put("resources:none.txt", new byte[0]);
        assertEquals("from the jar", call(l, "resource", "app/data.txt"));
        List<URL> urls = Collections.list(l.getResources("app/data.txt"));
        assertEquals(2, urls.size());
        assertEquals("jar:file:/home/app/app.jar!/app/data.txt", urls.get(0).toString());
        assertEquals("disagg-client:file:/home/app/classes/app/data.txt", urls.get(1).toString());
        try (InputStream in = urls.get(1).openStream()) {
            assertEquals("from a directory", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        // A URL the client served opens from client code too; asked for once per name.
        assertEquals("from the jar", call(l, "openResource", "app/data.txt"));
        assertEquals(1, Collections.frequency(asked, "resources:app/data.txt"));
        assertNull(call(l, "resource", "none.txt"));
        assertNull(call(l, "resource", "none.txt"));
        assertEquals(1, Collections.frequency(asked, "resources:none.txt"));
        assertSame(l, call(l, "systemLoader"));
    }

    @Test
    void aResourceTheClientDidNotAnswerStopsTheTask() throws Throwable {
        ClientLoader l = loader();
        // no entry: the fetch fails (null), which is not "no such resource"
        assertEquals("reads resource lost.txt, which the client did not send", stopped(l, "resource", "lost.txt"));
        client.put("resources:bad.txt", new byte[] {0, 0, 0, 9, 'x'});
        assertTrue(stopped(l, "resource", "bad.txt").startsWith("reads resource bad.txt, whose reply could not be read"));
    }
}
