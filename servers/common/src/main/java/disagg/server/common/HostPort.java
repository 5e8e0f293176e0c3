/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.common;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** {@code host:port} as users write it: {@code 127.0.0.1:7700}, {@code [::1]:7700}, {@code :7700}. */
public record HostPort(String host, int port) {

    public HostPort {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range; expected 0 to 65535");
        }
    }

    /**
     * Parses {@code host:port}; an empty host means {@code defaultHost}.
     *
     * @throws IllegalArgumentException naming the value and the accepted form
     */
    public static HostPort parse(String s, String defaultHost) {
        String form = "expected HOST:PORT, for example 127.0.0.1:7700, [::1]:7700 or :7700";
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + s + "' has no port; " + form);
        }
        String host = s.substring(0, colon);
        String port = s.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + s + "': an IPv6 address needs brackets; " + form);
        }
        if (host.isEmpty()) {
            host = defaultHost;
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' has no valid port ('" + port + "'); " + form);
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("'" + s + "': port " + p + " is out of range 0 to 65535");
        }
        return new HostPort(host, p);
    }

    /** Resolves the host; throws IllegalArgumentException naming it if it does not resolve. */
    public InetSocketAddress resolve() {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve host '" + host + "'");
        }
    }

    /** Whether the host is a loopback address. */
    public boolean isLoopback() {
        return resolve().getAddress().isLoopbackAddress();
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
