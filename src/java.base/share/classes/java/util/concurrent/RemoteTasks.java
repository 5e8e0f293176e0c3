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

package java.util.concurrent;

import jdk.internal.disagg.RemoteWork;

/**
 * The fork/join side of remote carriers (Disagg JDK, docs/remote-carriers.md).
 *
 * <p>{@code RecursiveTask.exec()} hands each task to {@link #exec} when the
 * VM has compute servers; module {@code jdk.disagg} decides whether its
 * {@code compute()} runs here or, on a copy, on a remote carrier.  A task
 * returns its result, so a copy can compute it elsewhere as long as it
 * changes nothing it was given: the server checks that, and a task that
 * wrote to what it was given is run again here (see
 * {@code jdk.internal.disagg.remote.RemoteRunner}).  {@code RecursiveAction}s
 * exist for their side effects and always run here.
 */
final class RemoteTasks implements RemoteWork.Tasks {
    /** True if the VM was started with compute servers (read once, after boot). */
    static final boolean ENABLED = RemoteWork.configured();

    static {
        RemoteWork.setTasks(new RemoteTasks());
    }

    private RemoteTasks() { }

    /** The task's result, computed here or on a remote carrier. */
    @SuppressWarnings("unchecked")
    static <V> V exec(RecursiveTask<V> task) {
        RemoteWork.Dispatcher d = RemoteWork.startDispatcher();
        return d == null ? task.compute() : (V) d.computeTask(task);
    }

    @Override
    public Object computeHere(RecursiveTask<?> task) {
        return task.compute();
    }
}
