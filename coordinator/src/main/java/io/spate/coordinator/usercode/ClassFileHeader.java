package io.spate.coordinator.usercode;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The names a class file declares about itself (JVMS §4.1): its own, its superclass's and its
 * interfaces', read from the constant pool without loading the class, so the coordinator can tell
 * which API interface a user class implements and never runs user code. Internal names ({@code
 * com/example/Enrich}).
 */
record ClassFileHeader(
        int access, String name, Optional<String> superName, List<String> interfaces) {

    static final int ACC_PUBLIC = 0x0001;
    static final int ACC_INTERFACE = 0x0200;
    static final int ACC_ABSTRACT = 0x0400;

    /** A public class that can be instantiated (not an interface, not abstract). */
    boolean concrete() {
        return (access & ACC_PUBLIC) != 0 && (access & (ACC_INTERFACE | ACC_ABSTRACT)) == 0;
    }

    private static final int MAGIC = 0xCAFEBABE;

    /**
     * @throws IOException if the bytes are not a class file
     */
    static ClassFileHeader read(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a class file (bad magic)");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF(); // Utf8 (modified UTF-8, as DataInput reads)
                case 7 -> classNameIndex[i] = in.readUnsignedShort(); // Class
                case 8, 16, 19, 20 -> in.readUnsignedShort(); // String, MethodType, Module, Package
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt(); // Integer .. InvokeDynamic
                case 15 -> {
                    in.readUnsignedByte(); // MethodHandle
                    in.readUnsignedShort();
                }
                case 5, 6 -> {
                    in.readLong(); // Long, Double take two entries
                    i++;
                }
                default -> throw new IOException("constant pool tag " + tag + " at entry " + i);
            }
        }
        int access = in.readUnsignedShort();
        String name = className(utf8, classNameIndex, in.readUnsignedShort());
        int superIndex = in.readUnsignedShort();
        Optional<String> superName =
                superIndex == 0
                        ? Optional.empty()
                        : Optional.of(className(utf8, classNameIndex, superIndex));
        int n = in.readUnsignedShort();
        List<String> interfaces = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            interfaces.add(className(utf8, classNameIndex, in.readUnsignedShort()));
        }
        return new ClassFileHeader(access, name, superName, interfaces);
    }

    private static String className(String[] utf8, int[] classNameIndex, int index)
            throws IOException {
        if (index <= 0 || index >= classNameIndex.length || classNameIndex[index] == 0) {
            throw new IOException("constant pool entry " + index + " is not a class");
        }
        String name = utf8[classNameIndex[index]];
        if (name == null) {
            throw new IOException("class entry " + index + " names no UTF-8 entry");
        }
        return name;
    }
}
