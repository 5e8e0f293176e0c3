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

package java.lang.invoke;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import jdk.internal.disagg.RemoteWork;
import jdk.internal.disagg.RemoteWork.LambdaRecipe;

/**
 * Remembers, for every lambda class this VM spins, the metafactory call that
 * made it, so that Disagg JDK can send a lambda object to a remote carrier:
 * a lambda class is hidden and has no name another VM could load, but the
 * same recipe makes an equivalent class there (its captured values are its
 * fields, arg$1..arg$N, copied like any object's).
 *
 * <p>Recording costs one small object per lambda class (not per lambda
 * object); the map is weak, so lambda classes still unload.
 */
final class LambdaRecipes implements RemoteWork.Lambdas {
    private static final Map<Class<?>, LambdaRecipe> RECIPES = Collections.synchronizedMap(new WeakHashMap<>());

    static {
        RemoteWork.setLambdas(new LambdaRecipes());
    }

    private LambdaRecipes() { }

    /** Called by InnerClassLambdaMetafactory.buildCallSite for the class it spun or found. */
    static void record(Class<?> lambdaClass, AbstractValidatingLambdaMetafactory mf) {
        RECIPES.put(lambdaClass, new LambdaRecipe(mf.targetClass, mf.interfaceClass, mf.interfaceMethodName,
                mf.factoryType, mf.interfaceMethodType, mf.implKind, mf.implClass, mf.implInfo.getName(),
                mf.implInfo.getMethodType(), mf.dynamicMethodType, mf.isSerializable,
                mf.altInterfaces, mf.altMethods));
    }

    @Override
    public LambdaRecipe recipe(Class<?> lambdaClass) {
        return RECIPES.get(lambdaClass);
    }

    @Override
    public Class<?> spin(LambdaRecipe r) throws ReflectiveOperationException {
        // The capturing class's own full-privilege lookup, as its
        // invokedynamic would have had.
        MethodHandles.Lookup caller = MethodHandles.Lookup.IMPL_LOOKUP.in(r.caller());
        MethodHandle impl = caller.linkMethodHandleConstant((byte) r.implKind(), r.implClass(), r.implName(),
                                                            r.implMethodType());
        try {
            var mf = new InnerClassLambdaMetafactory(caller, r.factoryType(), r.interfaceMethodName(),
                    r.interfaceMethodType(), impl, r.dynamicMethodType(), r.serializable(),
                    r.altInterfaces(), r.altMethods());
            mf.validateMetafactoryArgs();
            CallSite site = mf.buildCallSite();
            // The class is what the factory makes: call it once with zeros
            // (a lambda's constructor only stores its captured values).
            MethodType ft = r.factoryType();
            Object[] zeros = new Object[ft.parameterCount()];
            for (int i = 0; i < zeros.length; i++) {
                Class<?> p = ft.parameterType(i);
                zeros[i] = p.isPrimitive() ? MethodHandles.zero(p).invoke() : null;
            }
            return site.getTarget().invokeWithArguments(zeros).getClass();
        } catch (LambdaConversionException e) {
            throw new ReflectiveOperationException("cannot make the lambda class of " + r.caller().getName()
                    + " for " + r.interfaceClass().getName() + "." + r.interfaceMethodName() + ": " + e.getMessage(), e);
        } catch (ReflectiveOperationException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new ReflectiveOperationException(t);
        }
    }
}
