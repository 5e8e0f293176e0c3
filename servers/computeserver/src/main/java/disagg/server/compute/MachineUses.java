/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.server.compute;

import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.Set;

/**
 * Which calls of the JDK reach the machine a task runs on: its files, its
 * working directory, its sockets, its processes, its native libraries and
 * its logs.  On a compute server each would be the server's machine, not
 * the client's: {@code paths.parallelStream().map(Files::readString)}
 * would read the server's files, and a write would land on the server's
 * disk.  {@link ClientLoader} puts a stop ({@link SessionGuard#refuse})
 * before each such call or {@code new} in the client's code, so the task
 * runs at home instead.
 *
 * <p>Only the client's own code is rewritten, so a JDK method that
 * reaches the machine on its own is not seen here: the entry points
 * listed are those through which a program names a file, a host, a
 * process or a library.  Paths and files as values ({@code Path.resolve},
 * {@code File.getName}) mean the same everywhere and go through.
 */
final class MachineUses {
    private MachineUses() { }

    /** Classes every use of which (a call or {@code new}) is the machine's. */
    private static final Set<String> OWNERS = Set.of(
            "java/io/FileInputStream", "java/io/FileOutputStream", "java/io/RandomAccessFile",
            "java/io/FileReader", "java/io/FileWriter", "java/io/Console",
            "java/nio/file/Files", "java/nio/file/FileSystems", "java/nio/file/FileSystem",
            "java/nio/file/spi/FileSystemProvider", "java/nio/file/WatchService",
            "java/nio/channels/FileChannel", "java/nio/channels/AsynchronousFileChannel",
            "java/util/zip/ZipFile", "java/util/jar/JarFile",
            "java/lang/ProcessBuilder", "java/lang/ProcessHandle", "java/lang/Process",
            "java/net/Socket", "java/net/ServerSocket", "java/net/DatagramSocket", "java/net/MulticastSocket",
            "java/net/InetAddress", "java/net/NetworkInterface", "java/net/HttpURLConnection",
            "java/nio/channels/SocketChannel", "java/nio/channels/ServerSocketChannel",
            "java/nio/channels/DatagramChannel", "java/nio/channels/AsynchronousSocketChannel",
            "java/nio/channels/AsynchronousServerSocketChannel", "java/nio/channels/Selector",
            "java/net/http/HttpClient", "java/util/logging/Logger", "java/lang/System$Logger");

    /** Methods of a class otherwise free of the machine that are not (owner.name). */
    private static final Set<String> METHODS = Set.of(
            "java/lang/Runtime.exec", "java/lang/Runtime.load", "java/lang/Runtime.loadLibrary",
            "java/lang/Runtime.halt", "java/lang/Runtime.exit", "java/lang/Runtime.addShutdownHook",
            "java/lang/Runtime.availableProcessors", "java/lang/Runtime.maxMemory",
            "java/lang/System.load", "java/lang/System.loadLibrary", "java/lang/System.console",
            "java/lang/System.getLogger", "java/lang/System.setOut", "java/lang/System.setErr",
            "java/lang/System.setIn", "java/lang/System.setProperty", "java/lang/System.clearProperty",
            // relative to the server's working directory, or its file system
            "java/nio/file/Path.toAbsolutePath", "java/nio/file/Path.toRealPath", "java/nio/file/Path.toUri",
            "java/nio/file/Path.register", "java/nio/file/Path.getFileSystem",
            // (URL.openStream and openConnection() are SessionGuard's: a resource of the client's goes)
            "java/net/URL.getContent");

    /** java.io.File's methods that are about the name only. */
    private static final Set<String> FILE_NAME_ONLY = Set.of(
            "<init>", "getName", "getParent", "getParentFile", "getPath", "isAbsolute", "toString",
            "equals", "hashCode", "compareTo", "toPath");

    /** Classes whose constructor taking a String first opens the file of that name. */
    private static final Set<String> FILE_NAMED = Set.of(
            "java/io/PrintStream", "java/io/PrintWriter", "java/util/Formatter");

    private static final ClassDesc FILE = ClassDesc.of("java.io.File");
    private static final ClassDesc PATH = ClassDesc.of("java.nio.file.Path");
    private static final ClassDesc URI = ClassDesc.of("java.net.URI");
    private static final ClassDesc STRING = ClassDesc.of("java.lang.String");

    /** What {@code new owner} reaches of the machine, or null. */
    static String ofNew(String owner) {
        return OWNERS.contains(owner) ? "creates a " + simpleName(owner) : null;
    }

    /** What a call of owner.name(type) reaches of the machine, or null. */
    static String ofCall(String owner, String name, MethodTypeDesc type) {
        String what = "calls " + simpleName(owner) + "." + name;
        if (OWNERS.contains(owner) || METHODS.contains(owner + "." + name)) {
            return what;
        }
        if (owner.equals("java/net/URL") && name.equals("openConnection") && type.parameterCount() == 1) {
            return what;  // through a proxy
        }
        boolean ctor = name.equals("<init>");
        if (owner.equals("java/io/File")) {
            // new File(URI) checks the URI against the machine's file system
            boolean byName = FILE_NAME_ONLY.contains(name) && !(ctor && type.parameterList().contains(URI));
            return byName ? null : what;
        }
        if (owner.equals("java/nio/file/Path") || owner.equals("java/nio/file/Paths")) {
            // Path.of(URI) looks the URI's file system up
            return type.parameterCount() == 1 && type.parameterType(0).equals(URI) ? what : null;
        }
        if (ctor && FILE_NAMED.contains(owner) && type.parameterCount() > 0 && type.parameterType(0).equals(STRING)) {
            return "opens a file by name (new " + simpleName(owner) + "(String))";
        }
        // Anything else of the JDK that takes a file or a path uses it.
        for (ClassDesc p : type.parameterList()) {
            if (p.equals(FILE) || p.equals(PATH)) {
                return what;
            }
        }
        return null;
    }

    private static String simpleName(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1).replace('$', '.');
    }
}
