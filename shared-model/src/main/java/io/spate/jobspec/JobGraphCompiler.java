package io.spate.jobspec;

import io.spate.jobgraph.JobEdge;
import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.JobVertex;
import io.spate.jobgraph.OperatorSpec;
import io.spate.jobgraph.Partitioning;
import io.spate.jobgraph.RestartStrategy;
import io.spate.transform.SideOutputs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a job spec into a {@link JobGraph} (Flink's StreamingJobGraphGenerator):
 *
 * <ol>
 *   <li>Every transform but a partitioner becomes an operator. A partitioner (KeyBy, Rebalance,
 *       Broadcast) becomes the partitioning of the edges from what it reads to what reads it; a
 *       KeyBy by an expression first gets an operator that adds the key field ({@link
 *       KeyExpressions}).
 *   <li>A Join's two inputs are HASH edges, each keyed by that side's key; a key given as an
 *       expression first gets an operator that adds it as a field ({@link JoinKeys}).
 *   <li>Any other edge is FORWARD when both ends have the same parallelism, else REBALANCE.
 *   <li>Operator chaining: an operator whose only input is a FORWARD edge from an operator with no
 *       other output joins that operator's vertex, so the pair runs in one task, with no
 *       serialization or network between them.
 * </ol>
 */
public final class JobGraphCompiler {

    /** The most subtasks a transform may have (Flink's upper bound of max parallelism, 2^15). */
    public static final int MAX_PARALLELISM = 1 << 15;

    /** One logical edge between two operators, before chaining. */
    private record Edge(
            ResolvedTransform from,
            ResolvedTransform to,
            Partitioning partitioning,
            Optional<String> keyField,
            Optional<String> sideOutput,
            Optional<String> timestampField) {

        Edge(
                ResolvedTransform from,
                ResolvedTransform to,
                Partitioning partitioning,
                Optional<String> keyField,
                Optional<String> sideOutput) {
            this(from, to, partitioning, keyField, sideOutput, Optional.empty());
        }
    }

    private JobGraphCompiler() {}

    /**
     * Validates {@code spec} (a parsed one passes again; one built in code may not) and compiles
     * it.
     *
     * @throws JobSpecException with every problem of the spec
     */
    public static JobGraph compile(JobSpec spec) throws JobSpecException {
        return compile(ResolvedPipeline.resolve(spec));
    }

    public static JobGraph compile(ResolvedPipeline resolved) {
        ResolvedPipeline pipeline = JoinKeys.expand(KeyExpressions.expand(resolved));
        List<ResolvedTransform> operators =
                pipeline.transforms().stream()
                        .filter(t -> !t.descriptor().isPartitioner())
                        .toList();
        List<Edge> edges = edges(pipeline, operators);
        Map<String, Long> outputs =
                edges.stream()
                        .collect(
                                Collectors.groupingBy(e -> e.from().name(), Collectors.counting()));

        List<List<ResolvedTransform>> chains = new ArrayList<>();
        Map<String, List<ResolvedTransform>> chainOf = new HashMap<>();
        for (ResolvedTransform op : operators) {
            List<Edge> in = edges.stream().filter(e -> e.to() == op).toList();
            boolean chainable =
                    in.size() == 1
                            && in.getFirst().partitioning() == Partitioning.FORWARD
                            && in.getFirst().sideOutput().isEmpty()
                            && outputs.get(in.getFirst().from().name()) == 1;
            List<ResolvedTransform> chain;
            if (chainable) {
                chain = chainOf.get(in.getFirst().from().name());
            } else {
                chain = new ArrayList<>();
                chains.add(chain);
            }
            chain.add(op);
            chainOf.put(op.name(), chain);
        }

        String jobName = pipeline.spec().name();
        Map<String, String> vertexIdOf = new HashMap<>();
        List<JobVertex> vertices = new ArrayList<>();
        for (int k = 0; k < chains.size(); k++) {
            List<ResolvedTransform> chain = chains.get(k);
            String name =
                    chain.stream().map(ResolvedTransform::name).collect(Collectors.joining(" -> "));
            String id = vertexId(jobName, k, name);
            ResolvedTransform head = chain.getFirst();
            List<JobEdge> inputs =
                    edges.stream()
                            .filter(e -> e.to() == head)
                            .map(
                                    e ->
                                            new JobEdge(
                                                    vertexIdOf.get(e.from().name()),
                                                    e.partitioning(),
                                                    e.keyField(),
                                                    e.sideOutput(),
                                                    e.sideOutput().isPresent()
                                                            ? SideOutputs.schema(
                                                                            e.from().spec().type(),
                                                                            e.from()
                                                                                    .spec()
                                                                                    .config(),
                                                                            e.sideOutput().get(),
                                                                            e.from()
                                                                                    .inputSchema()
                                                                                    .orElse(null))
                                                                    .orElseThrow()
                                                            : e.from().outputSchema().orElseThrow(),
                                                    e.timestampField()))
                            .toList();
            vertices.add(
                    new JobVertex(
                            id,
                            name,
                            head.spec().parallelism(),
                            chain.stream().map(JobGraphCompiler::operator).toList(),
                            inputs));
            chain.forEach(op -> vertexIdOf.put(op.name(), id));
        }

        JobSpec spec = pipeline.spec();
        return new JobGraph(
                jobName,
                spec.bufferTimeout(),
                spec.checkpointInterval(),
                spec.tolerableFailedCheckpoints(),
                spec.maxParallelism(),
                spec.watermarkInterval(),
                new RestartStrategy(spec.restart().attempts(), spec.restart().delay()),
                vertices,
                spec.jars().stream().map(id -> new io.spate.jobgraph.UserJar(id, "")).toList());
    }

    /** The edges into every operator, in topological order of their targets, then input order. */
    private static List<Edge> edges(ResolvedPipeline pipeline, List<ResolvedTransform> operators) {
        List<Edge> edges = new ArrayList<>();
        for (ResolvedTransform to : operators) {
            if (to.descriptor().type().equals(io.spate.transform.TransformCatalog.JOIN)) {
                // A Join hashes each input by its own key (JoinKeys made every key a field).
                java.util.Map<String, String> keys =
                        to.spec().config().getStringMap(io.spate.transform.Joins.KEYS);
                for (int k = 0; k < to.inputs().size(); k++) {
                    String input = to.inputs().get(k);
                    ResolvedPipeline.Producer producer = pipeline.producer(input);
                    edges.add(
                            new Edge(
                                    producer.transform(),
                                    to,
                                    Partitioning.HASH,
                                    Optional.of(keys.get(input)),
                                    producer.sideOutput(),
                                    to.inputTimestamps().get(k)));
                }
                continue;
            }
            for (String input : to.inputs()) {
                ResolvedPipeline.Producer producer = pipeline.producer(input);
                ResolvedTransform t = producer.transform();
                if (t.descriptor().isPartitioner()) {
                    Partitioning p = EdgePartitioning.after(t.descriptor()).orElseThrow();
                    Optional<String> key = p == Partitioning.HASH ? t.keyField() : Optional.empty();
                    for (String from : t.inputs()) {
                        ResolvedPipeline.Producer before = pipeline.producer(from);
                        edges.add(new Edge(before.transform(), to, p, key, before.sideOutput()));
                    }
                } else {
                    Partitioning p =
                            t.spec().parallelism() == to.spec().parallelism()
                                    ? Partitioning.FORWARD
                                    : Partitioning.REBALANCE;
                    edges.add(new Edge(t, to, p, Optional.empty(), producer.sideOutput()));
                }
            }
        }
        return edges;
    }

    private static OperatorSpec operator(ResolvedTransform t) {
        return new OperatorSpec(
                t.name(),
                t.spec().type(),
                t.spec().config(),
                t.inputSchema(),
                t.outputSchema(),
                t.descriptor().keyed() ? t.keyField() : Optional.empty(),
                t.timestampField());
    }

    /**
     * 32 hex digits from the job name, the vertex's place and its name: the same spec always gives
     * the same ids (so checkpoint state finds its vertex again after a resubmission).
     */
    static String vertexId(String jobName, int position, String vertexName) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] hash =
                    md5.digest(
                            (jobName + '\0' + position + '\0' + vertexName)
                                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
