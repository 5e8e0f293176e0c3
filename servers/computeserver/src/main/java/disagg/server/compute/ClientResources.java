/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.compute;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The resources of one client's class path, as the client has them: asked
 * for once per name (a CLASS request for {@code resources:name}), kept for
 * the session.  Each comes back as a URL that prints as the client's own
 * ({@code jar:file:/home/app/app.jar!/data.txt}; see {@link #served}) and
 * reads the bytes the client sent; class-path resources do not change while a program runs,
 * so a copy means the same.
 *
 * <p>The reply holds every resource of that name on the client's class
 * path, in its order (nothing if it has none): for each, a u32 length and the URL (UTF-8), a u32
 * length and the bytes (big-endian lengths).
 */
final class ClientResources {
    /** A CLASS request for this prefix and a resource name asks for the client's resources of that name. */
    static final String PREFIX = "resources:";

    private final Function<String, byte[]> fetch;
    private final Map<String, List<URL>> byName = new ConcurrentHashMap<>();
    private final Set<URL> served = Collections.newSetFromMap(Collections.synchronizedMap(new IdentityHashMap<>()));

    ClientResources(Function<String, byte[]> fetch) {
        this.fetch = fetch;
    }

    /** The client's resources of this name, none if it has none. */
    List<URL> get(String name) {
        List<URL> urls = byName.get(name);
        if (urls == null) {
            // Fetched outside the map's lock: a round trip to the client.
            urls = decode(name, fetch.apply(PREFIX + name));
            List<URL> raced = byName.putIfAbsent(name, urls);
            if (raced != null) {
                return raced;
            }
            served.addAll(urls);
        }
        return urls;
    }

    /** Whether this URL is one this session got from its client. */
    boolean served(URL url) {
        return served.contains(url);
    }

    /**
     * The URLs of a reply. A client with no such resource replies with
     * nothing; no reply at all (the client lost, the request timed out)
     * or one we cannot read stops the task, which then runs at home:
     * answering "no such resource" instead could change what it computes.
     */
    private static List<URL> decode(String name, byte[] reply) {
        if (reply == null) {
            throw new SessionGuard.HomeOnly("reads resource " + name + ", which the client did not send");
        }
        List<URL> urls = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(reply);
        try {
            while (b.hasRemaining()) {
                String url = new String(take(b), StandardCharsets.UTF_8);
                byte[] bytes = take(b);
                urls.add(served(url, new Handler(bytes)));
            }
        } catch (RuntimeException | URISyntaxException | MalformedURLException e) {
            throw new SessionGuard.HomeOnly("reads resource " + name + ", whose reply could not be read: " + e);
        }
        return List.copyOf(urls);
    }

    /**
     * The URL of a served resource: the client's own where the JDK lets a
     * handler of ours read it ({@code jar:}), else (a {@code file:} URL: the
     * JDK keeps file handlers its own) the client's URL behind our scheme,
     * {@code disagg-client:file:/home/app/classes/data.txt}.
     */
    private static URL served(String url, Handler h) throws URISyntaxException, MalformedURLException {
        try {
            return URL.of(new URI(url), h);
        } catch (IllegalArgumentException e) {
            return URL.of(new URI(SCHEME, url, null), h);
        }
    }

    private static final String SCHEME = "disagg-client";

    private static byte[] take(ByteBuffer b) {
        byte[] a = new byte[b.getInt()];
        b.get(a);
        return a;
    }

    /** Opens a served resource: its bytes, whatever its URL's scheme says. */
    private static final class Handler extends URLStreamHandler {
        private final byte[] bytes;

        Handler(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        protected URLConnection openConnection(URL u) {
            return new URLConnection(u) {
                @Override
                public void connect() {
                    connected = true;
                }

                @Override
                public InputStream getInputStream() throws IOException {
                    return new ByteArrayInputStream(bytes);
                }

                @Override
                public long getContentLengthLong() {
                    return bytes.length;
                }
            };
        }
    }
}
