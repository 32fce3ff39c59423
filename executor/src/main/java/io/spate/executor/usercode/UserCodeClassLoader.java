package io.spate.executor.usercode;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * One job's class loader (Flink: ChildFirstClassLoader): classes and resources come from the job's
 * jars first, then from the executor, except those matching {@link #PARENT_FIRST} (Flink's {@code
 * classloader.parent-first-patterns}), which always come from the executor, so a jar that ships its
 * own copy of the API or of the JDK cannot shadow the ones the executor hands rows to. Two jobs'
 * loaders are independent: each may ship its own version of a library. Closed when the job's last
 * task on this executor ends ({@link JobLibraries}), which closes the jar files; with no reference
 * left to it or its classes, the loader and its classes can be collected (metaspace is freed).
 *
 * <p>Threads: any (class loading is parallel-capable and synchronized per class name).
 */
public final class UserCodeClassLoader extends URLClassLoader {

    /**
     * Package prefixes always loaded from the executor: the JDK, the API (functions and rows), and
     * logging facades whose state is the executor's.
     */
    public static final List<String> PARENT_FIRST =
            List.of(
                    "java.",
                    "javax.",
                    "jdk.",
                    "sun.",
                    "com.sun.",
                    "org.w3c.",
                    "org.xml.",
                    "io.spate.api.",
                    "io.spate.record.",
                    "org.slf4j.",
                    "org.jboss.logging.");

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final String jobId;

    public UserCodeClassLoader(String jobId, URL[] jars, ClassLoader parent) {
        super("spate-job-" + jobId, jars, parent);
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }

    static boolean parentFirst(String name) {
        for (String prefix : PARENT_FIRST) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                if (parentFirst(name)) {
                    c = getParent().loadClass(name);
                } else {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException notInJars) {
                        c = getParent().loadClass(name);
                    }
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        if (parentFirst(name.replace('/', '.'))) {
            return getParent().getResource(name);
        }
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> urls = new ArrayList<>();
        if (!parentFirst(name.replace('/', '.'))) {
            urls.addAll(Collections.list(findResources(name)));
        }
        urls.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(urls);
    }

    @Override
    public String toString() {
        return "UserCodeClassLoader[job " + jobId + ", " + List.of(getURLs()) + "]";
    }
}
