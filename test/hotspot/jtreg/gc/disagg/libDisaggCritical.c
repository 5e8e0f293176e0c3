/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * DO NOT ALTER OR REMOVE COPYRIGHT NOTICES OR THIS FILE HEADER.
 *
 * This code is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License version 2 only, as
 * published by the Free Software Foundation.
 */

#include <jni.h>
#include <unistd.h>

/* Reads every element through a JNI critical pointer. */
JNIEXPORT jlong JNICALL
Java_TestDisaggJNICritical_sumCritical(JNIEnv* env, jclass cls, jlongArray array) {
    jsize n = (*env)->GetArrayLength(env, array);
    jlong* p = (*env)->GetPrimitiveArrayCritical(env, array, NULL);
    jlong sum = 0;
    for (jsize i = 0; i < n; i++) {
        sum = sum * 31 + p[i];
    }
    (*env)->ReleasePrimitiveArrayCritical(env, array, p, JNI_ABORT);
    return sum;
}

/*
 * Lets the kernel read one critical array and write another (write() and
 * read() through a pipe): system calls on heap memory, which must not see a
 * missing page. Returns the bytes moved, or -errno-like -1 on failure.
 */
JNIEXPORT jlong JNICALL
Java_TestDisaggJNICritical_pipeCopy(JNIEnv* env, jclass cls, jbyteArray from, jbyteArray to) {
    jsize n = (*env)->GetArrayLength(env, from);
    int fds[2];
    if (pipe(fds) != 0) {
        return -1;
    }
    jbyte* src = (*env)->GetPrimitiveArrayCritical(env, from, NULL);
    jbyte* dst = (*env)->GetPrimitiveArrayCritical(env, to, NULL);
    jlong moved = 0;
    while (moved < n) {
        jsize chunk = n - moved < 32768 ? n - moved : 32768;  /* fits the pipe */
        ssize_t w = write(fds[1], src + moved, (size_t)chunk);
        if (w <= 0) { moved = -1; break; }
        ssize_t got = 0;
        while (got < w) {
            ssize_t r = read(fds[0], dst + moved + got, (size_t)(w - got));
            if (r <= 0) { moved = -1; break; }
            got += r;
        }
        if (moved < 0) break;
        moved += w;
    }
    (*env)->ReleasePrimitiveArrayCritical(env, to, dst, 0);
    (*env)->ReleasePrimitiveArrayCritical(env, from, src, JNI_ABORT);
    close(fds[0]);
    close(fds[1]);
    return moved;
}
