package io.spate.executor.thread;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Optional;

/**
 * Linux' {@code sched_getattr}/{@code sched_setattr} system calls for the calling thread, bound
 * through the JDK's foreign function API (Java 22+). The API is named by reflection because the
 * code compiles at Java 21, where it is still a preview; on a runtime without it (Java 21, a native
 * image without foreign-function support) {@link #bind} fails and callers leave threads alone.
 */
final class LinuxSchedAttr {

    /** {@code struct sched_attr} up to {@code util_max} ({@code SCHED_ATTR_SIZE_VER1}). */
    static final int SIZE = 56;

    static final int SCHED_OTHER = 0;
    static final int SCHED_BATCH = 3;

    private static final int OFFSET_POLICY = 4;
    private static final int OFFSET_RUNTIME = 24;

    private final long setattrNumber;
    private final long getattrNumber;
    private final MethodHandle syscall; // long syscall(long number, long, void*, long, long)
    private final Method segmentOfBuffer; // MemorySegment.ofBuffer(Buffer)

    private LinuxSchedAttr(
            long setattrNumber, long getattrNumber, MethodHandle syscall, Method segmentOfBuffer) {
        this.setattrNumber = setattrNumber;
        this.getattrNumber = getattrNumber;
        this.syscall = syscall;
        this.segmentOfBuffer = segmentOfBuffer;
    }

    /**
     * Binds libc's {@code syscall}.
     *
     * @throws UnsupportedOperationException saying why when this runtime or machine cannot
     */
    static LinuxSchedAttr bind() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux")) {
            throw new UnsupportedOperationException("not Linux (" + os + ")");
        }
        long setattr;
        long getattr;
        switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> {
                setattr = 314;
                getattr = 315;
            }
            case "aarch64" -> {
                setattr = 274;
                getattr = 275;
            }
            default ->
                    throw new UnsupportedOperationException(
                            "no system call numbers for " + System.getProperty("os.arch"));
        }
        try {
            Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
            Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
            Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> valueLayoutType = Class.forName("java.lang.foreign.ValueLayout");
            Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
            Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");

            Object linker = linkerType.getMethod("nativeLinker").invoke(null);
            Object lookup = linkerType.getMethod("defaultLookup").invoke(linker);
            Optional<?> symbol =
                    (Optional<?>)
                            lookupType.getMethod("find", String.class).invoke(lookup, "syscall");
            if (symbol.isEmpty()) {
                throw new UnsupportedOperationException("libc has no syscall()");
            }
            Object word = valueLayoutType.getField("JAVA_LONG").get(null);
            Object address = valueLayoutType.getField("ADDRESS").get(null);
            // Every argument is a full 64-bit word: syscall() reads its variadic arguments as
            // longs.
            Object arguments = Array.newInstance(layoutType, 5);
            Array.set(arguments, 0, word);
            Array.set(arguments, 1, word);
            Array.set(arguments, 2, address);
            Array.set(arguments, 3, word);
            Array.set(arguments, 4, word);
            Object descriptor =
                    descriptorType
                            .getMethod("of", layoutType, arguments.getClass())
                            .invoke(null, word, arguments);
            Object options = Array.newInstance(optionType, 1);
            Array.set(
                    options,
                    0,
                    optionType.getMethod("firstVariadicArg", int.class).invoke(null, 1));
            MethodHandle handle =
                    (MethodHandle)
                            linkerType
                                    .getMethod(
                                            "downcallHandle",
                                            segmentType,
                                            descriptorType,
                                            options.getClass())
                                    .invoke(linker, symbol.get(), descriptor, options);
            Method ofBuffer = segmentType.getMethod("ofBuffer", java.nio.Buffer.class);
            return new LinuxSchedAttr(setattr, getattr, handle, ofBuffer);
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new UnsupportedOperationException(
                    "no foreign function API in this runtime (" + cause + ")", e);
        }
    }

    /** The calling thread's attributes, or {@code null} when the call fails. */
    ByteBuffer get() {
        ByteBuffer attr = newAttr();
        return call(getattrNumber, attr, SIZE) == 0 ? attr : null;
    }

    /** Sets the calling thread's attributes to {@code attr}; true when the kernel accepted them. */
    boolean set(ByteBuffer attr) {
        return call(setattrNumber, attr, 0) == 0;
    }

    static int policy(ByteBuffer attr) {
        return attr.getInt(OFFSET_POLICY);
    }

    /** For SCHED_OTHER and SCHED_BATCH threads: the EEVDF slice in ns (0 before Linux 6.12). */
    static long runtimeNanos(ByteBuffer attr) {
        return attr.getLong(OFFSET_RUNTIME);
    }

    static void runtimeNanos(ByteBuffer attr, long nanos) {
        attr.putLong(OFFSET_RUNTIME, nanos);
    }

    private static ByteBuffer newAttr() {
        ByteBuffer attr = ByteBuffer.allocateDirect(SIZE).order(ByteOrder.nativeOrder());
        attr.putInt(0, SIZE);
        return attr;
    }

    private long call(long number, ByteBuffer attr, long third) {
        try {
            Object segment = segmentOfBuffer.invoke(null, attr);
            return (long) syscall.invokeWithArguments(number, 0L, segment, third, 0L);
        } catch (Throwable e) {
            return -1;
        }
    }
}
