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
 * Thrown when work sent to a remote carrier thread fails because of the
 * compute server or the network, not because of the work itself (an
 * exception thrown by the work is rethrown as is).
 *
 * <p>It reaches the program through the usual channel: a stream's terminal
 * operation throws it, {@code Future.get} wraps it in an
 * {@code ExecutionException}, a remote virtual thread's uncaught exception
 * handler receives it.
 *
 * @since 26
 */
public class RemoteCarrierException extends RemoteResourceException {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message   the detail message
     * @param server    the compute server as {@code host:port}
     * @param outcome   whether the work may have run
     * @param retryable whether running the work again is safe
     * @param cause     the underlying failure, or {@code null}
     */
    public RemoteCarrierException(String message, String server, Outcome outcome,
                                  boolean retryable, Throwable cause) {
        super(message, server, outcome, retryable, cause);
    }
}
