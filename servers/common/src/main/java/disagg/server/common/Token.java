/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Set;

/**
 * The shared token that clients present.  Read from a file (trailing
 * newlines ignored) or, with {@code -}, from the first line of standard input
 * (how a VM hands a fresh token to the memory server it starts).
 */
public final class Token {
    public static final int MAX_LENGTH = 4096;

    private final byte[] bytes;

    private Token(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("the token is empty; it must hold 1 to " + MAX_LENGTH + " bytes");
        }
        if (bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("the token has " + bytes.length + " bytes; at most " + MAX_LENGTH + " are accepted");
        }
        this.bytes = bytes;
    }

    /** Reads the token from a file, or from stdin's first line for "-"; warns if others may read the file. */
    public static Token read(String where, Log log) {
        byte[] raw;
        if (where.equals("-")) {
            raw = readLine(System.in);
        } else {
            Path p = Path.of(where);
            try {
                raw = Files.readAllBytes(p);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read token file '" + where + "': " + e.getMessage());
            }
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ)) {
                    log.warn("token file %s is readable by group or others; restrict it with chmod 600", where);
                }
            } catch (IOException | UnsupportedOperationException ignore) {
                // not a POSIX file system: nothing to check
            }
        }
        int n = raw.length;
        while (n > 0 && (raw[n - 1] == '\n' || raw[n - 1] == '\r')) {
            n--;
        }
        return new Token(Arrays.copyOf(raw, n));
    }

    private static byte[] readLine(InputStream in) {
        try {
            byte[] buf = new byte[MAX_LENGTH + 2];
            int n = 0;
            int c;
            while (n < buf.length && (c = in.read()) >= 0 && c != '\n') {
                buf[n++] = (byte) c;
            }
            return Arrays.copyOf(buf, n);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the token from standard input: " + e.getMessage());
        }
    }

    public static Token of(byte[] bytes) {
        return new Token(bytes.clone());
    }

    /** Compares in constant time with respect to the contents. */
    public boolean matches(byte[] presented) {
        return MessageDigest.isEqual(bytes, presented);
    }

    public byte[] bytes() {
        return bytes.clone();
    }
}
