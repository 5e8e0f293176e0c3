/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.common;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Native memory outside the Java heap: large lazily-committed mappings
 * (mmap with MAP_NORESERVE, so untouched capacity costs nothing) whose pages
 * can be given back to the kernel (madvise MADV_DONTNEED).
 */
public final class NativeMemory {
    private static final int PROT_READ = 1, PROT_WRITE = 2;
    private static final int MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20, MAP_NORESERVE = 0x4000;
    private static final int MADV_DONTNEED = 4;
    /**
     * The libc calls, linked on first use: linking takes a cold VM ~60 ms
     * of CPU (it spins method handles and classes), which a VM that only
     * views memory (the compute client in every home VM) need not pay.
     */
    private static final class Libc {
        static final MethodHandle MMAP, MUNMAP, MADVISE;

        static {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            MMAP = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
            MUNMAP = linker.downcallHandle(libc.find("munmap").orElseThrow(), FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
            MADVISE = linker.downcallHandle(libc.find("madvise").orElseThrow(), FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        }
    }

    private NativeMemory() { }

    /** Maps {@code bytes} of zeroed, lazily committed memory; returns its address. */
    public static long map(long bytes) {
        long a;
        try {
            a = (long) Libc.MMAP.invokeExact(0L, bytes, PROT_READ | PROT_WRITE,
                                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (a == -1L) {
            throw new OutOfMemoryError("cannot map " + Sizes.format(bytes) + " of native memory");
        }
        return a;
    }

    public static void unmap(long address, long bytes) {
        try {
            int rc = (int) Libc.MUNMAP.invokeExact(address, bytes);
            assert rc == 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Gives the pages back to the kernel; they read as zeros afterwards. */
    public static void discard(long address, long bytes) {
        try {
            int rc = (int) Libc.MADVISE.invokeExact(address, bytes, MADV_DONTNEED);
            assert rc == 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** A view of native memory at {@code address}. */
    @SuppressWarnings("restricted")
    public static MemorySegment segment(long address, long bytes) {
        return MemorySegment.ofAddress(address).reinterpret(bytes);
    }

    public static void copy(long from, long to, long bytes) {
        MemorySegment.copy(segment(from, bytes), 0, segment(to, bytes), 0, bytes);
    }

    /** An arena for small native allocations that live as long as the server. */
    public static Arena globalArena() {
        return Arena.global();
    }
}
