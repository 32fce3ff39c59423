package io.spate.coordinator.usercode;

import io.spate.jobgraph.JobEdge;
import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.JobVertex;
import io.spate.jobgraph.OperatorSpec;
import io.spate.jobgraph.Partitioning;
import io.spate.jobgraph.UserJar;
import io.spate.jobspec.JobSpec;
import io.spate.jobspec.JobSpecException;
import io.spate.jobspec.TransformSpec;
import io.spate.transform.JavaFunctions;
import io.spate.transform.TransformCatalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a submitted job's Java functions against its jars, at submission, without loading a class
 * (src-docs/java-functions.md): every {@code jars} id is an uploaded jar; every JavaFunction's
 * {@code class} is in one of them and implements an API function; a KeyedProcessFunction reads a
 * KeyBy; a FilterFunction emits its input. Every problem names its path, all at once (a 400). The
 * graph it returns carries the jars' hashes (executors fetch them by hash) and each
 * KeyedProcessFunction's key field. Threads: any (the spec workers).
 */
public final class UserCodeCheck {

    private final JarStore jars;
    private final boolean nativeImage;

    public UserCodeCheck(JarStore jars) {
        this(jars, System.getProperty("org.graalvm.nativeimage.imagecode") != null);
    }

    UserCodeCheck(JarStore jars, boolean nativeImage) {
        this.jars = jars;
        this.nativeImage = nativeImage;
    }

    /**
     * @return {@code graph} with its jars' hashes and its keyed functions' key fields
     * @throws JobSpecException naming each problem's path
     */
    public JobGraph check(JobSpec spec, JobGraph graph) throws JobSpecException {
        List<String> errors = new ArrayList<>();
        List<UserJar> userJars = new ArrayList<>();
        List<JarClasses> classes = new ArrayList<>();
        for (int k = 0; k < spec.jars().size(); k++) {
            String id = spec.jars().get(k);
            Optional<StoredJar> jar = jars.find(id);
            if (jar.isEmpty()) {
                errors.add(
                        "jars["
                                + k
                                + "]: no uploaded jar "
                                + id
                                + " (POST /jars/upload; GET /jars lists them)");
            } else {
                userJars.add(new UserJar(id, jar.get().sha256()));
                classes.add(jar.get().classes());
            }
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < spec.transforms().size(); i++) {
            index.put(spec.transforms().get(i).name(), i);
        }
        Map<String, FunctionKind> kinds = new HashMap<>();
        for (int i = 0; i < spec.transforms().size(); i++) {
            TransformSpec t = spec.transforms().get(i);
            if (!t.type().equals(TransformCatalog.JAVA_FUNCTION)) {
                continue;
            }
            String path = "pipeline.transforms[" + i + "]";
            if (nativeImage) {
                errors.add(
                        path
                                + ": this coordinator is a native executable, which runs no Java"
                                + " functions; use the JVM launchers"
                                + " (native-build/target/launchers/*/bin/spate-coordinator and"
                                + " spate-executor, or java -jar */target/quarkus-app/quarkus-run.jar)");
                continue;
            }
            String cls = t.config().getString(JavaFunctions.CLASS);
            if (spec.jars().isEmpty()) {
                errors.add(
                        path
                                + ".config.class: "
                                + cls
                                + " needs a jar: list it in the top-level jars (./spate run --jar"
                                + " uploads one)");
                continue;
            }
            Optional<JarClasses> holder = classes.stream().filter(c -> c.contains(cls)).findFirst();
            if (holder.isEmpty()) {
                if (classes.size() == spec.jars().size()) {
                    errors.add(
                            path
                                    + ".config.class: no class "
                                    + cls
                                    + " in the job's jars "
                                    + spec.jars());
                }
                continue;
            }
            ClassFileHeader header = holder.get().header(cls).orElseThrow();
            Optional<FunctionKind> kind = JarClasses.kindOf(cls.replace('.', '/'), classes);
            if (kind.isEmpty()) {
                errors.add(
                        path
                                + ".config.class: "
                                + cls
                                + " implements none of "
                                + String.join(", ", FunctionKind.NAMES)
                                + " (io.spate.api)");
            } else if (!header.concrete()) {
                errors.add(
                        path
                                + ".config.class: "
                                + cls
                                + " must be a public class that is neither abstract nor an"
                                + " interface");
            } else {
                kinds.put(t.name(), kind.get());
            }
        }
        List<JobVertex> vertices = new ArrayList<>();
        for (JobVertex v : graph.vertices()) {
            List<OperatorSpec> chain = new ArrayList<>();
            for (int p = 0; p < v.chain().size(); p++) {
                OperatorSpec op = v.chain().get(p);
                FunctionKind kind = kinds.get(op.name());
                String path = "pipeline.transforms[" + index.getOrDefault(op.name(), -1) + "]";
                if (kind == FunctionKind.KEYED_PROCESS) {
                    Optional<String> key =
                            p == 0 && v.inputs().size() >= 1 ? keyOf(v.inputs()) : Optional.empty();
                    if (key.isEmpty()) {
                        errors.add(
                                path
                                        + ": "
                                        + op.config().getString(JavaFunctions.CLASS)
                                        + " is a KeyedProcessFunction, which keeps state per key:"
                                        + " put a KeyBy right before it");
                    } else {
                        op =
                                new OperatorSpec(
                                        op.name(),
                                        op.type(),
                                        op.config(),
                                        op.inputSchema(),
                                        op.outputSchema(),
                                        key,
                                        op.timestampField());
                    }
                }
                if (kind == FunctionKind.FILTER && !op.inputSchema().equals(op.outputSchema())) {
                    errors.add(
                            path
                                    + ".config.output: a FilterFunction emits its input rows;"
                                    + " leave output out");
                }
                chain.add(op);
            }
            vertices.add(new JobVertex(v.id(), v.name(), v.parallelism(), chain, v.inputs()));
        }
        if (!errors.isEmpty()) {
            throw new JobSpecException(errors);
        }
        return graph.with(vertices, userJars);
    }

    /** The one key field every input edge hashes by, if they all do. */
    private static Optional<String> keyOf(List<JobEdge> inputs) {
        Optional<String> key = Optional.empty();
        for (JobEdge e : inputs) {
            if (e.partitioning() != Partitioning.HASH || e.keyField().isEmpty()) {
                return Optional.empty();
            }
            if (key.isPresent() && !key.equals(e.keyField())) {
                return Optional.empty();
            }
            key = e.keyField();
        }
        return key;
    }
}
