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

/**
 * Remote work could not be completed because of its compute server: the
 * server was lost (killed, cut off, silent past the heartbeat timeout), the
 * task's deadline passed, or the server could not send the result back.
 *
 * <p>Delivered through the usual channel: {@code Future.get} wraps it in an
 * {@link java.util.concurrent.ExecutionException}; a thread started by
 * {@link RemoteCarriers#startVirtualThread} throws it.  Stream work never
 * sees it: a stream's leaves are repeatable and run again elsewhere.
 *
 * @since 26
 */
public class RemoteCarrierException extends RuntimeException {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    private final String server;
    private final boolean mayHaveRun;
    private final boolean retrySafe;

    /**
     * Creates an exception.
     *
     * @param message what happened
     * @param server the compute server, as {@code host:port}
     * @param mayHaveRun whether the work may have run (wholly or partly): the
     *        outcome is indeterminate
     * @param retrySafe whether running the work again is known to be safe
     * @param cause the underlying failure, or null
     */
    public RemoteCarrierException(String message, String server, boolean mayHaveRun, boolean retrySafe,
                                  Throwable cause) {
        super(message, cause);
        this.server = server;
        this.mayHaveRun = mayHaveRun;
        this.retrySafe = retrySafe;
    }

    /** {@return the compute server, as {@code host:port}} */
    public String server() {
        return server;
    }

    /** {@return whether the work may have run on the server: the outcome is indeterminate} */
    public boolean mayHaveRun() {
        return mayHaveRun;
    }

    /** {@return whether running the work again is known to be safe} */
    public boolean isRetrySafe() {
        return retrySafe;
    }
}
