package io.spate.executor.usercode;

import io.spate.jobgraph.UserJar;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The user-code class loaders of the jobs this executor runs (Flink: BlobLibraryCacheManager): one
 * {@link UserCodeClassLoader} per job over its jars from the {@link BlobCache}, shared by the job's
 * tasks here, counted by lease and closed when the last lease goes (the job's last task on this
 * executor ended). A job that comes back (a restart) gets a new loader: nothing of a failed
 * attempt's classes survives into the next.
 *
 * <p>Threads: any (task threads acquire and release); one lock guards the table. Fetching a jar
 * happens under it too, so two tasks of a job never fetch twice; fetches only run on task threads.
 */
public final class JobLibraries {

    private static final Logger LOG = Logger.getLogger(JobLibraries.class);

    /** Refuses jars: an executor without a blob source (tests) or a native one. */
    public static final JobLibraries NONE =
            new JobLibraries(null, ClassLoader.getSystemClassLoader());

    /** A task's hold on its job's loader; closing it gives the hold back. Not thread-safe. */
    public final class Lease implements AutoCloseable {
        private final String jobId;
        private final Entry entry;
        private boolean closed;

        private Lease(String jobId, Entry entry) {
            this.jobId = jobId;
            this.entry = entry;
        }

        public UserCodeClassLoader classLoader() {
            return entry.loader;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(jobId, entry);
            }
        }
    }

    private static final class Entry {
        final UserCodeClassLoader loader;
        final List<UserJar> jars;
        int leases;

        Entry(UserCodeClassLoader loader, List<UserJar> jars) {
            this.loader = loader;
            this.jars = jars;
        }
    }

    private final BlobCache blobs;
    private final ClassLoader parent;
    private final Map<String, Entry> jobs = new HashMap<>();

    /**
     * @param parent what user classes see below them: the executor's own classes
     */
    public JobLibraries(BlobCache blobs, ClassLoader parent) {
        this.blobs = blobs;
        this.parent = parent;
    }

    /**
     * A lease on job {@code jobId}'s loader over {@code jars}, fetching and checking them first if
     * this is the job's first task here. Blocks: task thread only.
     *
     * @throws IOException if a jar cannot be fetched or does not match its hash
     */
    public synchronized Lease acquire(String jobId, List<UserJar> jars) throws IOException {
        if (System.getProperty("org.graalvm.nativeimage.imagecode") != null) {
            throw new IOException(
                    "this executor is a native executable, which cannot load Java functions: run"
                            + " the JVM launchers for jobs with jars"
                            + " (native-build/target/launchers/executor/bin/spate-executor, or java"
                            + " -jar executor/target/quarkus-app/quarkus-run.jar)");
        }
        if (blobs == null) {
            throw new IOException("this executor runs no user code (no blob cache)");
        }
        Entry entry = jobs.get(jobId);
        if (entry != null && !entry.jars.equals(jars)) {
            throw new IOException(
                    "job "
                            + jobId
                            + " asks for jars "
                            + jars
                            + ", its tasks here use "
                            + entry.jars);
        }
        if (entry == null) {
            List<URL> urls = new ArrayList<>();
            for (UserJar jar : jars) {
                Path file = blobs.get(jar.sha256());
                try {
                    urls.add(file.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IOException(file + ": " + e.getMessage(), e);
                }
            }
            entry =
                    new Entry(
                            new UserCodeClassLoader(jobId, urls.toArray(URL[]::new), parent),
                            List.copyOf(jars));
            jobs.put(jobId, entry);
            LOG.infof("job %s: class loader over %s", jobId, jars);
        }
        entry.leases++;
        return new Lease(jobId, entry);
    }

    private synchronized void release(String jobId, Entry entry) {
        if (--entry.leases > 0) {
            return;
        }
        if (jobs.get(jobId) == entry) {
            jobs.remove(jobId);
        }
        try {
            entry.loader.close();
            LOG.infof("job %s: class loader closed", jobId);
        } catch (IOException e) {
            LOG.warnf(e, "job %s: closing its class loader failed", jobId);
        }
    }

    /** Jobs with a live loader here. */
    public synchronized int jobs() {
        return jobs.size();
    }
}
