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

package jdk.disagg;

import java.util.Objects;

/**
 * Thrown when a remote resource (a memory server or a compute server) fails
 * in a way the program can observe.
 *
 * <p>Distributed failure is not binary, so the exception says two things
 * besides which server failed:
 * <ul>
 * <li>{@link #outcome()}: whether the remote side may have done the work
 *     ({@link Outcome#NOT_RUN}: certainly not; {@link Outcome#INDETERMINATE}:
 *     it may have, in full or in part, and its result is lost);</li>
 * <li>{@link #isRetryable()}: whether running the work again is safe, as far
 *     as the runtime can tell (work it knows to be repeatable, such as a
 *     stream's partial evaluation, or work that certainly did not run).</li>
 * </ul>
 *
 * @since 26
 */
public class RemoteResourceException extends RuntimeException {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    /** What is known about whether the remote work ran. */
    public enum Outcome {
        /** The work certainly did not start on the remote side. */
        NOT_RUN,
        /** The work may have run, in full or in part; its result is lost. */
        INDETERMINATE
    }

    private final String server;
    private final Outcome outcome;
    private final boolean retryable;

    /**
     * Creates an exception.
     *
     * @param message   the detail message
     * @param server    the server as {@code host:port}
     * @param outcome   whether the remote work may have run
     * @param retryable whether running the work again is safe
     * @param cause     the underlying failure, or {@code null}
     */
    public RemoteResourceException(String message, String server, Outcome outcome,
                                   boolean retryable, Throwable cause) {
        super(message, cause);
        this.server = Objects.requireNonNull(server, "server");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.retryable = retryable;
    }

    /** {@return the failed server as {@code host:port}} */
    public String server() {
        return server;
    }

    /** {@return whether the remote work may have run} */
    public Outcome outcome() {
        return outcome;
    }

    /** {@return whether running the work again is safe} */
    public boolean isRetryable() {
        return retryable;
    }
}
