package io.spate.coordinator.usercode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The class headers of a jar ({@link ClassFileHeader}), read from its entries without loading a
 * class: enough to tell, over the jars of a job, which API interface a class implements. Reading is
 * bounded (entries, bytes per class) so a hostile zip costs little. Immutable.
 */
final class JarClasses {

    static final int MAX_ENTRIES = 100_000;
    static final int MAX_CLASS_BYTES = 8 << 20;

    private final Map<String, ClassFileHeader> classes; // by internal name

    private JarClasses(Map<String, ClassFileHeader> classes) {
        this.classes = classes;
    }

    /**
     * @throws IOException if the file is not a zip, or a class entry is not a class file
     */
    static JarClasses read(Path jar) throws IOException {
        Map<String, ClassFileHeader> classes = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.size() > MAX_ENTRIES) {
                throw new IOException("more than " + MAX_ENTRIES + " entries");
            }
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String n = e.getName();
                if (e.isDirectory()
                        || !n.endsWith(".class")
                        || n.startsWith("META-INF/")
                        || n.endsWith("module-info.class")
                        || n.endsWith("package-info.class")) {
                    continue;
                }
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readNBytes(MAX_CLASS_BYTES + 1);
                }
                if (bytes.length > MAX_CLASS_BYTES) {
                    throw new IOException(
                            n + ": a class file of more than " + MAX_CLASS_BYTES + " bytes");
                }
                ClassFileHeader header;
                try {
                    header = ClassFileHeader.read(bytes);
                } catch (IOException | RuntimeException ex) {
                    throw new IOException(n + ": " + ex.getMessage(), ex);
                }
                classes.put(header.name(), header);
            }
        } catch (ZipException e) {
            throw new IOException("not a jar (zip) file: " + e.getMessage(), e);
        }
        return new JarClasses(classes);
    }

    boolean contains(String binaryName) {
        return classes.containsKey(binaryName.replace('.', '/'));
    }

    Optional<ClassFileHeader> header(String binaryName) {
        return Optional.ofNullable(classes.get(binaryName.replace('.', '/')));
    }

    /** The concrete public classes that implement an API function, by binary name. */
    Map<String, FunctionKind> functions() {
        Map<String, FunctionKind> result = new LinkedHashMap<>();
        for (ClassFileHeader h : classes.values()) {
            if (h.concrete()) {
                kindOf(h.name(), List.of(this))
                        .ifPresent(k -> result.put(h.name().replace('/', '.'), k));
            }
        }
        return result;
    }

    /**
     * The API function kind of {@code internalName}, following its superclasses and interfaces
     * through {@code jars} (a supertype in none of them ends that branch).
     */
    static Optional<FunctionKind> kindOf(String internalName, Collection<JarClasses> jars) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(internalName);
        while (!todo.isEmpty()) {
            String n = todo.poll();
            if (!seen.add(n)) {
                continue;
            }
            for (JarClasses jar : jars) {
                ClassFileHeader h = jar.classes.get(n);
                if (h != null) {
                    h.superName().ifPresent(todo::add);
                    todo.addAll(h.interfaces());
                    break;
                }
            }
        }
        return FunctionKind.of(seen);
    }

    /** Class counts, for messages. */
    int size() {
        return classes.size();
    }
}
