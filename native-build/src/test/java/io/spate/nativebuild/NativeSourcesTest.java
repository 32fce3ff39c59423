package io.spate.nativebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The native-image bundles ({@code ./mvnw package -Dnative -Dquarkus.native.sources-only=true}
 * writes {@code <app>/target/native-sources}) hold everything native-image needs: the app's own
 * main class, no escape hatches that defer build errors to run time, reflection for every JSON
 * record of the REST API and every gRPC message, and the service files Vert.x loads. Skipped when
 * no bundle was built, unless {@code -Dspate.native.sources.required=true} (native-sources.sh, CI).
 */
class NativeSourcesTest {

    /** Flags that turn a native-image build error into a run-time surprise. */
    private static final List<String> ESCAPE_HATCHES =
            List.of(
                    "--report-unsupported-elements-at-runtime",
                    "-H:+ReportUnsupportedElementsAtRuntime",
                    "--allow-incomplete-classpath",
                    "-H:+AllowIncompleteClasspath",
                    "--auto-fallback",
                    "--force-fallback");

    private static final Map<String, String> MAIN_CLASS =
            Map.of(
                    "coordinator", "io.spate.coordinator.config.CoordinatorMain",
                    "executor", "io.spate.executor.config.ExecutorMain");

    @ParameterizedTest
    @ValueSource(strings = {"coordinator", "executor"})
    void argsBuildTheAppsOwnMainWithoutEscapeHatches(String app) throws IOException {
        Path bundle = bundle(app);
        List<String> args = args(bundle);
        assertThat(args).contains("--no-fallback", "--link-at-build-time");
        assertThat(args).doesNotContainAnyElementsOf(ESCAPE_HATCHES);
        assertThat(args).noneMatch(a -> a.startsWith("--initialize-at-run-time=io.spate"));
        // The bundle builds `<app>-<version>-runner` from the runner jar next to the args file.
        String runnerJar = app + "-" + SpateBuild.VERSION + "-runner.jar";
        assertThat(args.subList(args.size() - 3, args.size()))
                .containsExactly(app + "-" + SpateBuild.VERSION + "-runner", "-jar", runnerJar);
        try (JarFile jar = new JarFile(bundle.resolve(runnerJar).toFile())) {
            var attributes = jar.getManifest().getMainAttributes();
            assertThat(attributes.getValue("Main-Class")).isEqualTo(MAIN_CLASS.get(app));
            for (String entry : attributes.getValue("Class-Path").trim().split("\\s+")) {
                assertThat(bundle.resolve(entry))
                        .as("Class-Path entry of the runner jar")
                        .isRegularFile();
            }
        }
        // Built for the JDK the project runs on (Mandrel/GraalVM for JDK 25).
        assertThat(Files.readString(bundle.resolve("graalvm.version")).trim()).startsWith("25.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"coordinator", "executor"})
    void everyGrpcMessageIsRegisteredForReflection(String app) throws IOException {
        Map<String, JsonNode> reflection = reflectConfig(bundle(app));
        for (String message :
                List.of(
                        "RegisterExecutorRequest",
                        "HeartbeatRequest",
                        "HeartbeatResponse",
                        "SubmitTaskRequest",
                        "TaskStateUpdate")) {
            JsonNode entry = reflection.get("io.spate.rpc.proto." + message);
            assertThat(entry).as(message).isNotNull();
            assertThat(entry.path("allDeclaredMethods").asBoolean()).as(message).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"coordinator", "executor"})
    void theServiceFilesVertxLoadsAreIncluded(String app) throws IOException {
        Path bundle = bundle(app);
        String resources;
        try (JarFile jar = runnerJar(bundle, app)) {
            resources =
                    new String(
                            jar.getInputStream(
                                            jar.getEntry(
                                                    "META-INF/native-image/resource-config.json"))
                                    .readAllBytes());
        }
        assertThat(resources)
                .contains(
                        "META-INF/services/io.vertx.core.spi.VertxServiceProvider",
                        "META-INF/io.netty.versions.properties");
    }

    /**
     * Every record of the coordinator's REST packages that Jackson writes (a component carries
     * {@code @JsonProperty}) keeps its fields and accessors in the native image.
     */
    @ParameterizedTest
    @ValueSource(strings = {"coordinator"})
    void everyRestJsonRecordIsRegisteredForReflection(String app) throws Exception {
        Path bundle = bundle(app);
        Map<String, JsonNode> reflection = reflectConfig(bundle);
        List<String> jsonRecords = jsonRecords(bundle, app, "io/spate/coordinator/rest/");
        assertThat(jsonRecords).as("JSON records found in the REST package").isNotEmpty();
        for (String record : jsonRecords) {
            JsonNode entry = reflection.get(record);
            assertThat(entry).as(record + " registered for reflection").isNotNull();
            assertThat(entry.path("allDeclaredFields").asBoolean() || entry.has("fields"))
                    .as(record + " fields")
                    .isTrue();
            assertThat(
                            entry.path("allDeclaredMethods").asBoolean()
                                    || entry.path("allPublicMethods").asBoolean()
                                    || entry.has("methods"))
                    .as(record + " accessors")
                    .isTrue();
        }
    }

    private static List<String> jsonRecords(Path bundle, String app, String packagePath)
            throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(bundle.resolve(app + "-" + SpateBuild.VERSION + "-runner.jar").toUri().toURL());
        try (Stream<Path> libs = Files.list(bundle.resolve("lib"))) {
            for (Path lib : libs.toList()) {
                urls.add(lib.toUri().toURL());
            }
        }
        List<String> names = new ArrayList<>();
        try (JarFile jar = runnerJar(bundle, app)) {
            jar.stream()
                    .map(e -> e.getName())
                    .filter(n -> n.startsWith(packagePath) && n.endsWith(".class"))
                    .forEach(
                            n ->
                                    names.add(
                                            n.substring(0, n.length() - ".class".length())
                                                    .replace('/', '.')));
        }
        List<String> records = new ArrayList<>();
        // The bundle's own class path, apart from this test's, as native-image sees it.
        try (URLClassLoader loader =
                new URLClassLoader(
                        urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            for (String name : names) {
                Class<?> type = Class.forName(name, false, loader);
                if (type.isRecord()
                        && Arrays.stream(type.getRecordComponents())
                                .anyMatch(NativeSourcesTest::isJsonProperty)) {
                    records.add(name);
                }
            }
        }
        return records;
    }

    private static boolean isJsonProperty(RecordComponent c) {
        return Arrays.stream(c.getAnnotations())
                        .anyMatch(
                                a ->
                                        a.annotationType()
                                                .getName()
                                                .equals(
                                                        "com.fasterxml.jackson.annotation.JsonProperty"))
                || Arrays.stream(c.getAccessor().getAnnotations())
                        .anyMatch(
                                a ->
                                        a.annotationType()
                                                .getName()
                                                .equals(
                                                        "com.fasterxml.jackson.annotation.JsonProperty"));
    }

    private static Map<String, JsonNode> reflectConfig(Path bundle) throws IOException {
        String app = bundle.getParent().getParent().getFileName().toString();
        Map<String, JsonNode> byName = new HashMap<>();
        try (JarFile jar = runnerJar(bundle, app)) {
            var entry = jar.getEntry("META-INF/native-image/reflect-config.json");
            assertThat(entry).as("reflect-config.json in the runner jar").isNotNull();
            for (JsonNode e : JsonMapper.builder().build().readTree(jar.getInputStream(entry))) {
                byName.put(e.path("name").asText(), e);
            }
        }
        return byName;
    }

    private static JarFile runnerJar(Path bundle, String app) throws IOException {
        return new JarFile(bundle.resolve(app + "-" + SpateBuild.VERSION + "-runner.jar").toFile());
    }

    private static List<String> args(Path bundle) throws IOException {
        return List.of(Files.readString(bundle.resolve("native-image.args")).trim().split("\\s+"));
    }

    private static Path bundle(String app) {
        Path bundle = SpateBuild.target(app).resolve("native-sources");
        boolean present = Files.isRegularFile(bundle.resolve("native-image.args"));
        if (Boolean.getBoolean("spate.native.sources.required")) {
            assertThat(present).as(bundle + " (build it: native-build/native-sources.sh)").isTrue();
        }
        assumeTrue(
                present,
                "no native-image bundle at "
                        + bundle
                        + "; native-build/native-sources.sh builds and checks it");
        return bundle;
    }
}
