package io.spate.executor.usercode;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.api.MapFunction;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserCodeClassLoaderTest {

    @TempDir Path dir;

    private static String version(String value) {
        return """
                package com.acme;
                public class Version {
                    public static String value() { return "%s"; }
                }
                """
                .formatted(value);
    }

    private static Object call(ClassLoader loader, String cls) throws Exception {
        return loader.loadClass(cls).getMethod("value").invoke(null);
    }

    @Test
    void twoJobsShippingDifferentVersionsOfOneClassEachSeeTheirOwn() throws Exception {
        Path v1 = TestJars.jar(dir, "v1", Map.of("com.acme.Version", version("1")));
        Path v2 = TestJars.jar(dir, "v2", Map.of("com.acme.Version", version("2")));
        ClassLoader parent = getClass().getClassLoader();
        try (var a = new UserCodeClassLoader("a", new URL[] {v1.toUri().toURL()}, parent);
                var b = new UserCodeClassLoader("b", new URL[] {v2.toUri().toURL()}, parent)) {
            assertThat(call(a, "com.acme.Version")).isEqualTo("1");
            assertThat(call(b, "com.acme.Version")).isEqualTo("2");
            assertThat(a.loadClass("com.acme.Version"))
                    .isNotSameAs(b.loadClass("com.acme.Version"));
        }
    }

    @Test
    void theJobsJarWinsOverTheExecutorsClassPath_childFirst() throws Exception {
        Path executorSide =
                TestJars.jar(dir, "executor", Map.of("com.acme.Version", version("executor")));
        Path jobSide = TestJars.jar(dir, "job", Map.of("com.acme.Version", version("job")));
        try (var executor =
                        new URLClassLoader(
                                new URL[] {executorSide.toUri().toURL()},
                                getClass().getClassLoader());
                var job =
                        new UserCodeClassLoader(
                                "j", new URL[] {jobSide.toUri().toURL()}, executor)) {
            assertThat(call(executor, "com.acme.Version")).isEqualTo("executor");
            assertThat(call(job, "com.acme.Version")).isEqualTo("job");
            // what the jar lacks comes from the executor
            assertThat(job.loadClass("java.lang.String")).isSameAs(String.class);
        }
    }

    @Test
    void theApiAndTheJdkComeFromTheExecutor_parentFirst_evenWhenTheJarShipsThem() throws Exception {
        Path jar =
                TestJars.jar(
                        dir,
                        "shadowing",
                        Map.of(
                                "io.spate.api.MapFunction",
                                "package io.spate.api; public interface MapFunction {}",
                                "io.spate.record.Row",
                                "package io.spate.record; public class Row {}"));
        try (var job =
                new UserCodeClassLoader(
                        "j", new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            assertThat(job.loadClass("io.spate.api.MapFunction")).isSameAs(MapFunction.class);
            assertThat(job.loadClass("io.spate.record.Row")).isSameAs(io.spate.record.Row.class);
            assertThat(job.getResource("io/spate/api/MapFunction.class"))
                    .isEqualTo(
                            getClass()
                                    .getClassLoader()
                                    .getResource("io/spate/api/MapFunction.class"));
        }
        assertThat(UserCodeClassLoader.parentFirst("io.spate.api.Collector")).isTrue();
        assertThat(UserCodeClassLoader.parentFirst("java.util.List")).isTrue();
        assertThat(UserCodeClassLoader.parentFirst("io.spate.executor.task.Task")).isFalse();
        assertThat(UserCodeClassLoader.parentFirst("com.example.Enrich")).isFalse();
    }
}
