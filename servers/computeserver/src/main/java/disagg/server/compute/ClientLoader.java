/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.compute;

import static java.lang.constant.ConstantDescs.CD_CallSite;
import static java.lang.constant.ConstantDescs.CD_Class;
import static java.lang.constant.ConstantDescs.CD_MethodHandles_Lookup;
import static java.lang.constant.ConstantDescs.CD_MethodType;
import static java.lang.constant.ConstantDescs.CD_String;
import static java.lang.constant.ConstantDescs.CD_void;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.DynamicCallSiteDesc;
import java.lang.constant.MethodHandleDesc;
import java.lang.constant.MethodTypeDesc;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The class loader of one client session: classes the server's JDK does not
 * have are fetched from the client when first needed, and defined here.
 * Its parent is the platform loader, so a client sees the JDK and its own
 * classes, never the server's or another client's.
 *
 * <p>Each class is defined with its code guarded ({@link SessionGuard}):
 * outside static initializers, what would read or change the server's
 * state instead of the client's (the program's static fields, the
 * standard streams, system properties, the environment, exit) stops the
 * task, which then runs at home; so does a call that reaches the server's
 * machine ({@link MachineUses}).  Static initializers run as they are: a
 * class the task uses is initialized here too.
 *
 * <p>Resources come from the client too ({@link ClientResources}), so
 * {@code getResource}, {@code ServiceLoader} and the system class loader
 * of client code find what they find at home.
 */
final class ClientLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private static final ClassDesc GUARD = ClassDesc.of(SessionGuard.NAME);
    private static final DirectMethodHandleDesc GET_STATIC = MethodHandleDesc.ofMethod(
            DirectMethodHandleDesc.Kind.STATIC, GUARD, "getStatic",
            MethodTypeDesc.of(CD_CallSite, CD_MethodHandles_Lookup, CD_String, CD_MethodType, CD_Class));
    /** SessionGuard.refuse(String): stops the task, saying why. */
    private static final MethodTypeDesc REFUSE = MethodTypeDesc.of(CD_void, CD_String);

    /** System's static fields redirected to SessionGuard (System_in, ...). */
    private static final Set<String> STDIO = Set.of("in", "out", "err");

    /** JDK methods whose calls are redirected to SessionGuard (Owner_name, same descriptor). */
    private static final Set<String> REDIRECTED = Set.of(
            "java/lang/System.getProperty", "java/lang/System.getProperties", "java/lang/System.getenv",
            "java/lang/System.exit", "java/lang/Integer.getInteger", "java/lang/Long.getLong",
            "java/lang/Boolean.getBoolean", "java/lang/ClassLoader.getSystemClassLoader",
            "java/lang/ClassLoader.getSystemResource", "java/lang/ClassLoader.getSystemResourceAsStream",
            "java/lang/ClassLoader.getSystemResources");

    /** JDK instance methods redirected to SessionGuard (Owner_name, the receiver first). */
    private static final Set<String> REDIRECTED_VIRTUAL = Set.of("java/net/URL.openStream",
                                                                 "java/net/URL.openConnection");

    /** Packages of the JDK as this loader sees it (boot and platform modules), internal form. */
    private static final Set<String> JDK_PACKAGES = ModuleLayer.boot().modules().stream()
            .filter(m -> m.getClassLoader() == null || m.getClassLoader() == ClassLoader.getPlatformClassLoader())
            .flatMap(m -> m.getPackages().stream())
            .map(p -> p.replace('.', '/'))
            .collect(Collectors.toUnmodifiableSet());

    private final Function<String, byte[]> fetch;
    private final ClassFile classFile;
    private final ClientResources resources;

    private volatile Function<byte[], Object> homeObjects = b -> null;

    /** Makes the session's copies of static final values the client sent (set once the session exists). */
    void homeObjects(Function<byte[], Object> f) {
        homeObjects = f;
    }

    /** {@code fetch} returns a class file from the client, or null if it has none. */
    ClientLoader(String name, Function<String, byte[]> fetch) {
        super(name, ClassLoader.getPlatformClassLoader());
        this.fetch = fetch;
        this.resources = new ClientResources(fetch);
        // Stack maps are recomputed after rewriting; merging the client's
        // types needs their class files, which come from the client too.
        this.classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                ClassHierarchyResolver.ofResourceParsing(ClassLoader.getPlatformClassLoader())
                        .orElse(ClassHierarchyResolver.ofResourceParsing(desc -> stream(fetch.apply(binaryName(desc)))))
                        .cached()));
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (name.equals(SessionGuard.NAME) || name.equals(SessionGuard.HOME_ONLY)) {
            byte[] own = ownBytes(name);
            Class<?> c = defineClass(name, own, 0, own.length);
            if (name.equals(SessionGuard.NAME)) {
                try {
                    // This session's guard asks this session's client for home values.
                    c.getField("homeValues").set(null, fetch);
                    c.getField("homeObjects").set(null, (Function<byte[], Object>) b -> homeObjects.apply(b));
                    c.getField("servedUrls").set(null, (Predicate<URL>) resources::served);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return c;
        }
        byte[] b = fetch.apply(name);
        if (b == null) {
            throw new ClassNotFoundException(name + " (the client has no such class)");
        }
        byte[] guarded;
        try {
            guarded = guard(b);
        } catch (RuntimeException e) {
            // Code we cannot guard must not run here unguarded.
            throw new SessionGuard.HomeOnly("uses class " + name + ", whose code cannot be guarded: " + e);
        }
        return defineClass(name, guarded, 0, guarded.length);
    }

    /** A resource of the client's class path, served by the client (after the JDK's: parent first). */
    @Override
    protected URL findResource(String name) {
        List<URL> urls = resources.get(name);
        return urls.isEmpty() ? null : urls.get(0);
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        return Collections.enumeration(resources.get(name));
    }

    /** The class file with SessionGuard calls in place of what would reach the server's state. */
    byte[] guard(byte[] bytes) {
        ClassModel cm = classFile.parse(bytes);
        int major = cm.majorVersion();
        CodeTransform ct = (cb, e) -> {
            switch (e) {
                case FieldInstruction fi when fi.opcode() == Opcode.GETSTATIC
                        && fi.owner().asInternalName().equals("java/lang/System")
                        && STDIO.contains(fi.name().stringValue()) ->
                    cb.invokestatic(GUARD, "System_" + fi.name().stringValue(), MethodTypeDesc.of(fi.typeSymbol()));
                case FieldInstruction fi when fi.opcode() == Opcode.GETSTATIC && !isJdk(fi.owner().asInternalName()) ->
                    cb.invokedynamic(DynamicCallSiteDesc.of(GET_STATIC, fi.name().stringValue(),
                                                            MethodTypeDesc.of(fi.typeSymbol()), fi.owner().asSymbol()));
                case FieldInstruction fi when fi.opcode() == Opcode.PUTSTATIC && !isJdk(fi.owner().asInternalName()) -> {
                    if (TypeKind.from(fi.typeSymbol()).slotSize() == 2) {
                        cb.pop2();
                    } else {
                        cb.pop();
                    }
                    cb.ldc("writes static field " + fi.owner().asInternalName().replace('/', '.') + "."
                           + fi.name().stringValue());
                    cb.invokestatic(GUARD, "refuse", REFUSE);
                }
                case InvokeInstruction ii when ii.opcode() == Opcode.INVOKESTATIC
                        && REDIRECTED.contains(ii.owner().asInternalName() + "." + ii.name().stringValue()) ->
                    cb.invokestatic(GUARD, redirectedName(ii), ii.typeSymbol());
                case InvokeInstruction ii when ii.opcode() == Opcode.INVOKEVIRTUAL && ii.typeSymbol().parameterCount() == 0
                        && REDIRECTED_VIRTUAL.contains(ii.owner().asInternalName() + "." + ii.name().stringValue()) ->
                    cb.invokestatic(GUARD, redirectedName(ii), ii.typeSymbol().insertParameterTypes(0, ii.owner().asSymbol()));
                default -> {
                    String machine = machineUse(e);
                    if (machine != null) {
                        cb.ldc(machine);  // a stop before the call or new, which stays for the verifier
                        cb.invokestatic(GUARD, "refuse", REFUSE);
                    }
                    cb.with(e);
                }
            }
        };
        ClassTransform t = ClassTransform.transformingMethodBodies(
                m -> !m.methodName().equalsString("<clinit>"), ct);
        if (major < ClassFile.JAVA_7_VERSION) {
            // invokedynamic needs class file version 51: older classes are
            // lifted (their stack maps are computed anyway).
            t = t.andThen(ClassTransform.endHandler(cb -> cb.withVersion(ClassFile.JAVA_7_VERSION, 0)));
        }
        return classFile.transformClass(cm, t);
    }

    /** What this instruction reaches of the server's machine (MachineUses), or null. */
    private static String machineUse(CodeElement e) {
        return switch (e) {
            case InvokeInstruction ii when isJdk(ii.owner().asInternalName()) ->
                MachineUses.ofCall(ii.owner().asInternalName(), ii.name().stringValue(), ii.typeSymbol());
            case NewObjectInstruction ni -> MachineUses.ofNew(ni.className().asInternalName());
            default -> null;
        };
    }

    private static String redirectedName(InvokeInstruction ii) {
        String owner = ii.owner().asInternalName();
        return owner.substring(owner.lastIndexOf('/') + 1) + "_" + ii.name().stringValue();
    }

    private static boolean isJdk(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash > 0 && JDK_PACKAGES.contains(internalName.substring(0, slash));
    }

    private static String binaryName(ClassDesc desc) {
        String d = desc.descriptorString();
        return d.substring(1, d.length() - 1).replace('/', '.');
    }

    private static InputStream stream(byte[] b) {
        return b == null ? null : new ByteArrayInputStream(b);
    }

    private static byte[] ownBytes(String name) throws ClassNotFoundException {
        String resource = name.substring(name.lastIndexOf('.') + 1) + ".class";
        try (InputStream in = SessionGuard.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ClassNotFoundException(name + " (missing from the server)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }
}
