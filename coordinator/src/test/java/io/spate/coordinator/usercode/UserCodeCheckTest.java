package io.spate.coordinator.usercode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.OperatorSpec;
import io.spate.jobspec.JobGraphCompiler;
import io.spate.jobspec.JobSpec;
import io.spate.jobspec.JobSpecException;
import io.spate.jobspec.JobSpecFormat;
import io.spate.jobspec.JobSpecParser;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The submission check of Java functions against uploaded jars, without loading a class. */
class UserCodeCheckTest {

    @TempDir Path dir;

    private JarStore store;
    private StoredJar jar;

    static final Map<String, String> SOURCES =
            Map.of(
                    "com.acme.Up",
                    """
                    package com.acme;
                    public class Up extends Base {}
                    """,
                    "com.acme.Base",
                    """
                    package com.acme;
                    import io.spate.api.*;
                    import io.spate.record.Row;
                    public abstract class Base implements MapFunction {
                        public Row map(Row in) { return in; }
                    }
                    """,
                    "com.acme.Totals",
                    """
                    package com.acme;
                    import io.spate.api.*;
                    import io.spate.record.Row;
                    public class Totals implements KeyedProcessFunction {
                        public void processElement(Row in, Context c, Collector out) {}
                    }
                    """,
                    "com.acme.Plain",
                    "package com.acme; public class Plain {}");

    @BeforeEach
    void upload() throws Exception {
        store = new JarStore(dir.resolve("jars"), 1 << 20);
        jar = store.add(TestJars.jar(dir, "acme", SOURCES), "acme.jar");
    }

    private JobGraph check(String pipeline, String jars) throws JobSpecException {
        String yaml = "name: t\n" + (jars == null ? "" : "jars: [" + jars + "]\n") + pipeline;
        JobSpec spec = JobSpecParser.parse(yaml, JobSpecFormat.YAML);
        return new UserCodeCheck(store, false).check(spec, JobGraphCompiler.compile(spec));
    }

    private static String pipeline(String cls, boolean keyBy) {
        return """
                pipeline:
                  transforms:
                    - {type: Words, config: {count: 10}}
                """
                + (keyBy ? "    - {type: KeyBy, config: {field: word}}\n" : "")
                + "    - {type: JavaFunction, config: {class: "
                + cls
                + "}}\n"
                + "    - {type: Discard}\n";
    }

    @Test
    void jarIdsAndFunctionsFoundAreShippedByHash_keyedFunctionsGetTheirKey() throws Exception {
        assertThat(jar.functions())
                .isEqualTo(
                        Map.of(
                                "com.acme.Up",
                                FunctionKind.MAP,
                                "com.acme.Totals",
                                FunctionKind.KEYED_PROCESS));
        JobGraph graph = check(pipeline("com.acme.Up", false), jar.id());
        assertThat(graph.jars()).hasSize(1);
        assertThat(graph.jars().getFirst().sha256()).isEqualTo(jar.sha256()).hasSize(64);
        JobGraph keyed = check(pipeline("com.acme.Totals", true), jar.id());
        OperatorSpec totals =
                keyed.vertices().stream()
                        .flatMap(v -> v.chain().stream())
                        .filter(o -> o.type().equals("JavaFunction"))
                        .findFirst()
                        .orElseThrow();
        assertThat(totals.keyField()).contains("word");
        assertThat(JobGraph.fromJson(keyed.toJson())).isEqualTo(keyed);
    }

    @Test
    void everyProblemNamesItsPath() throws Exception {
        assertThatThrownBy(() -> check(pipeline("com.acme.Missing", false), jar.id()))
                .isInstanceOf(JobSpecException.class)
                .hasMessageContaining(
                        "pipeline.transforms[1].config.class: no class com.acme.Missing");
        assertThatThrownBy(() -> check(pipeline("com.acme.Plain", false), jar.id()))
                .hasMessageContaining(
                        "pipeline.transforms[1].config.class: com.acme.Plain implements none of");
        assertThatThrownBy(() -> check(pipeline("com.acme.Base", false), jar.id()))
                .hasMessageContaining("neither abstract nor an interface");
        assertThatThrownBy(() -> check(pipeline("com.acme.Totals", false), jar.id()))
                .hasMessageContaining(
                        "pipeline.transforms[1]: com.acme.Totals is a KeyedProcessFunction")
                .hasMessageContaining("KeyBy");
        assertThatThrownBy(() -> check(pipeline("com.acme.Up", false), null))
                .hasMessageContaining(
                        "pipeline.transforms[1].config.class: com.acme.Up needs a jar");
        String unknown = "11111111-2222-3333-4444-555555555555_gone.jar";
        assertThatThrownBy(() -> check(pipeline("com.acme.Up", false), unknown))
                .hasMessageContaining("jars[0]: no uploaded jar " + unknown);
    }

    @Test
    void aNativeCoordinatorRefusesJavaFunctionsNamingTheJvmLaunchers() throws Exception {
        JobSpec spec =
                JobSpecParser.parse(
                        "name: t\njars: [" + jar.id() + "]\n" + pipeline("com.acme.Up", false),
                        JobSpecFormat.YAML);
        assertThatThrownBy(
                        () ->
                                new UserCodeCheck(store, true)
                                        .check(spec, JobGraphCompiler.compile(spec)))
                .hasMessageContaining("native executable")
                .hasMessageContaining("JVM launchers");
    }

    @Test
    void aFileThatIsNotAJarIsRefusedAndNotStored() throws Exception {
        Path notZip = dir.resolve("fake.jar");
        java.nio.file.Files.writeString(notZip, "not a zip at all");
        assertThatThrownBy(() -> store.add(notZip, "fake.jar"))
                .isInstanceOf(JarStore.BadJarException.class);
        assertThat(store.list()).extracting(StoredJar::id).containsExactly(jar.id());
        assertThat(new JarStore(dir.resolve("jars"), 1 << 20).find(jar.id()))
                .as("the index is rebuilt from the directory")
                .get()
                .extracting(StoredJar::sha256)
                .isEqualTo(jar.sha256());
        assertThat(JarStore.safeName("../../evil name.jar")).isEqualTo("evil_name.jar");
    }
}
