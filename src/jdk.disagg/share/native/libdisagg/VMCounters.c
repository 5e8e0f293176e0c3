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

#include <string.h>

#include "jni.h"
#include "jni_util.h"
#include "jvm_disagg.h"

/* Native half of jdk.internal.disagg.management.VMCounters. */

JNIEXPORT jint JNICALL
Java_jdk_internal_disagg_management_VMCounters_read0(JNIEnv* env, jclass cls, jlongArray values)
{
    jlong buffer[JVM_DISAGG_COUNTER_COUNT];
    jsize length = (*env)->GetArrayLength(env, values);
    jint count = JVM_DisaggReadCounters(buffer, JVM_DISAGG_COUNTER_COUNT);
    jsize n = length < count ? length : count;
    if (n > JVM_DISAGG_COUNTER_COUNT) {
        n = JVM_DISAGG_COUNTER_COUNT;
    }
    (*env)->SetLongArrayRegion(env, values, 0, n, buffer);
    return count;
}

JNIEXPORT jstring JNICALL
Java_jdk_internal_disagg_management_VMCounters_memoryServers0(JNIEnv* env, jclass cls)
{
    char buffer[4096];
    JVM_DisaggMemoryServers(buffer, (jint) sizeof(buffer));
    return (*env)->NewStringUTF(env, buffer);
}
