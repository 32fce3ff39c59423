package io.spate.executor.usercode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.spate.clock.Clock;
import io.spate.executor.operators.OneInputOperator;
import io.spate.executor.operators.OperatorContext;
import io.spate.executor.operators.userfunction.JavaFunctionOperators;
import io.spate.jobgraph.OperatorSpec;
import io.spate.jobgraph.UserJar;
import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import io.spate.transform.TransformCatalog;
import io.spate.transform.TransformConfig;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job class loaders: one per job, shared by its tasks, closed with the last one; and 50 jobs that
 * ran a function leave no loader and no class behind (metaspace stays flat).
 */
class JobLibrariesTest {

    @TempDir Path dir;

    private static final Schema WORDS = Schema.of(new Field("word", FieldType.STRING));

    private static final String UPPER =
            """
            package com.acme;
            import io.spate.api.*;
            import io.spate.record.Row;
            public class Upper implements MapFunction {
                // a static the size of a real library's caches: a leaked loader keeps it
                static final long[] BALLAST = new long[64 * 1024];
                private Row out;
                @Override public void open(RuntimeContext c) { out = new Row(c.outputSchema()); }
                @Override public Row map(Row in) {
                    return out.setString(0, in.getString(0).toUpperCase() + BALLAST.length);
                }
            }
            """;

    private JobLibraries libraries;
    private UserJar jar;

    @BeforeEach
    void jar() throws Exception {
        Path file = TestJars.jar(dir, "upper", Map.of("com.acme.Upper", UPPER));
        byte[] bytes = Files.readAllBytes(file);
        String sha = BlobCache.hashOf(file);
        BlobSource source =
                (hash, offset, max) ->
                        Arrays.copyOfRange(
                                bytes,
                                (int) Math.min(offset, bytes.length),
                                (int) Math.min(bytes.length, offset + max));
        libraries =
                new JobLibraries(
                        new BlobCache(dir.resolve("blobs"), source, 1 << 20),
                        getClass().getClassLoader());
        jar = new UserJar("00000000-0000-0000-0000-000000000000_upper.jar", sha);
    }

    /** Runs one record through the job's function as a task would; returns what it emitted. */
    private String runOnce(JobLibraries.Lease lease) throws Exception {
        OperatorSpec spec =
                new OperatorSpec(
                        "upper",
                        TransformCatalog.JAVA_FUNCTION,
                        new TransformConfig(Map.of("class", "com.acme.Upper")),
                        Optional.of(WORDS),
                        Optional.of(WORDS),
                        Optional.empty());
        OperatorContext context =
                new OperatorContext(spec, "job", "job", "v", 0, 1, 0, Clock.SYSTEM);
        List<String> emitted = new ArrayList<>();
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(lease.classLoader());
        try {
            OneInputOperator op =
                    JavaFunctionOperators.create(context, row -> emitted.add(row.getString(0)));
            op.open();
            op.processRecord(new Row(WORDS).setString(0, "hello"));
            op.close();
        } finally {
            thread.setContextClassLoader(before);
        }
        return emitted.getFirst();
    }

    @Test
    void aJobsTasksShareOneLoader_closedWithTheLastLease() throws Exception {
        JobLibraries.Lease a = libraries.acquire("job-1", List.of(jar));
        JobLibraries.Lease b = libraries.acquire("job-1", List.of(jar));
        JobLibraries.Lease other = libraries.acquire("job-2", List.of(jar));
        assertThat(a.classLoader()).isSameAs(b.classLoader()).isNotSameAs(other.classLoader());
        assertThat(runOnce(a)).isEqualTo("HELLO65536");
        a.close();
        assertThat(libraries.jobs()).isEqualTo(2);
        b.close();
        other.close();
        assertThat(libraries.jobs()).isZero();
        assertThatThrownBy(
                        () ->
                                libraries.acquire(
                                        "job-3", List.of(new UserJar(jar.id(), "0".repeat(64)))))
                .hasMessageContaining("refused");
    }

    @Test
    void fiftyJobsLeaveNoLoaderAndNoClassBehind() throws Exception {
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        // warm up: the executor's own classes of this path are loaded once
        try (JobLibraries.Lease lease = libraries.acquire("warm-up", List.of(jar))) {
            runOnce(lease);
        }
        settle(List.of());
        long loadedBefore = classes.getLoadedClassCount();
        List<WeakReference<ClassLoader>> loaders = runJobs(50);
        assertThat(libraries.jobs()).isZero();
        settle(loaders);
        assertThat(loaders.stream().filter(r -> r.get() != null).count())
                .as("job class loaders still reachable after their jobs ended")
                .isZero();
        long loadedAfter = classes.getLoadedClassCount();
        assertThat(loadedAfter - loadedBefore)
                .as("classes loaded by 50 jobs and not unloaded (one per job if they leaked)")
                .isLessThan(25);
    }

    /** Runs {@code n} jobs, each with its own lease; in its own frame, so no local keeps one. */
    private List<WeakReference<ClassLoader>> runJobs(int n) throws Exception {
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try (JobLibraries.Lease lease = libraries.acquire("job-" + i, List.of(jar))) {
                assertThat(runOnce(lease)).isEqualTo("HELLO65536");
                loaders.add(new WeakReference<>(lease.classLoader()));
            }
        }
        return loaders;
    }

    /** Collects garbage until every reference is cleared, or about 10 s passed. */
    private static void settle(List<WeakReference<ClassLoader>> refs) {
        int[] rounds = {0};
        try {
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () -> {
                                System.gc();
                                return ++rounds[0] > 3
                                        && refs.stream().allMatch(r -> r.get() == null);
                            });
        } catch (org.awaitility.core.ConditionTimeoutException leaked) {
            // the caller's assertion names what is left
        }
    }
}
