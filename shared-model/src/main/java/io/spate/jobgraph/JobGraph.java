package io.spate.jobgraph;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The plan of a job, as the coordinator schedules it and executors run it: vertices in topological
 * order (every vertex after the vertices it reads), plus job-level settings. Immutable; shipped as
 * JSON ({@link #toJson()}).
 *
 * @param bufferTimeout the longest a record waits in a partly filled network buffer; 0 = flush
 *     after every record
 * @param checkpointInterval empty = no checkpoints
 * @param tolerableFailedCheckpoints consecutive failed checkpoints the job survives; the next one
 *     fails it over (this counts for the final checkpoint too, taken even without an interval)
 * @param maxParallelism the number of key groups: keyed state is kept and checkpointed per group,
 *     and no vertex may have more subtasks (Flink's max parallelism)
 * @param watermarkInterval how often sources and AssignWatermarks emit their watermark
 * @param jars the user jars its JavaFunctions load from, in the spec's order
 */
public record JobGraph(
        String name,
        Duration bufferTimeout,
        Optional<Duration> checkpointInterval,
        int tolerableFailedCheckpoints,
        int maxParallelism,
        Duration watermarkInterval,
        RestartStrategy restart,
        List<JobVertex> vertices,
        List<UserJar> jars) {

    /** A graph without user jars. */
    public JobGraph(
            String name,
            Duration bufferTimeout,
            Optional<Duration> checkpointInterval,
            int tolerableFailedCheckpoints,
            int maxParallelism,
            Duration watermarkInterval,
            RestartStrategy restart,
            List<JobVertex> vertices) {
        this(
                name,
                bufferTimeout,
                checkpointInterval,
                tolerableFailedCheckpoints,
                maxParallelism,
                watermarkInterval,
                restart,
                vertices,
                List.of());
    }

    /** This graph with other vertices and jars (the coordinator's user-code check). */
    public JobGraph with(List<JobVertex> vertices, List<UserJar> jars) {
        return new JobGraph(
                name,
                bufferTimeout,
                checkpointInterval,
                tolerableFailedCheckpoints,
                maxParallelism,
                watermarkInterval,
                restart,
                vertices,
                jars);
    }

    /** The {@code inputIndex}-th input of {@code consumer} reads the vertex asked about. */
    public record Output(JobVertex consumer, int inputIndex) {
        public JobEdge edge() {
            return consumer.inputs().get(inputIndex);
        }
    }

    /** See {@code JobSpec.DEFAULT_TOLERABLE_FAILED_CHECKPOINTS} for why 3. */
    public static final int DEFAULT_TOLERABLE_FAILED_CHECKPOINTS = 3;

    /** Flink's default for small jobs: 128 key groups. */
    public static final int DEFAULT_MAX_PARALLELISM = 128;

    /** Flink's pipeline.auto-watermark-interval. */
    public static final Duration DEFAULT_WATERMARK_INTERVAL = Duration.ofMillis(200);

    public JobGraph {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bufferTimeout, "bufferTimeout");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(restart, "restart");
        vertices = List.copyOf(vertices);
        jars = List.copyOf(jars);
        if (tolerableFailedCheckpoints < 0) {
            throw new IllegalArgumentException("negative tolerable failed checkpoints");
        }
        Objects.requireNonNull(watermarkInterval, "watermarkInterval");
        if (watermarkInterval.isNegative() || watermarkInterval.isZero()) {
            throw new IllegalArgumentException("watermark interval must be positive");
        }
        if (maxParallelism < 1 || maxParallelism > KeyGroups.MAX_MAX_PARALLELISM) {
            throw new IllegalArgumentException(
                    "max parallelism " + maxParallelism + " out of range");
        }
        for (JobVertex vertex : vertices) {
            if (vertex.parallelism() > maxParallelism) {
                throw new IllegalArgumentException(
                        vertex.name() + ": parallelism above max parallelism " + maxParallelism);
            }
        }
        if (bufferTimeout.isNegative()) {
            throw new IllegalArgumentException("negative buffer timeout");
        }
        checkpointInterval.ifPresent(
                i -> {
                    if (i.isNegative() || i.isZero()) {
                        throw new IllegalArgumentException("checkpoint interval must be positive");
                    }
                });
        Map<String, JobVertex> seen = new HashMap<>();
        for (JobVertex vertex : vertices) {
            for (JobEdge edge : vertex.inputs()) {
                JobVertex source = seen.get(edge.sourceVertexId());
                if (source == null) {
                    throw new IllegalArgumentException(
                            vertex.name()
                                    + " reads "
                                    + edge.sourceVertexId()
                                    + ", which is not a vertex listed before it");
                }
                // A side output carries what the tail reads (late records), or that and an error.
                OperatorSpec tail = source.tail();
                Optional<io.spate.record.Schema> emitted =
                        edge.sideOutput().isPresent()
                                ? io.spate.transform.SideOutputs.schema(
                                        tail.type(),
                                        tail.config(),
                                        edge.sideOutput().get(),
                                        tail.inputSchema().orElse(null))
                                : tail.outputSchema();
                if (!emitted.equals(Optional.of(edge.schema()))) {
                    throw new IllegalArgumentException(
                            vertex.name()
                                    + " reads "
                                    + source.name()
                                    + " with a schema it does not emit");
                }
                if (edge.partitioning() == Partitioning.FORWARD
                        && source.parallelism() != vertex.parallelism()) {
                    throw new IllegalArgumentException(
                            vertex.name()
                                    + ": FORWARD from "
                                    + source.name()
                                    + " needs equal parallelism");
                }
            }
            if (seen.put(vertex.id(), vertex) != null) {
                throw new IllegalArgumentException("duplicate vertex id " + vertex.id());
            }
        }
    }

    public Optional<JobVertex> vertex(String id) {
        return vertices.stream().filter(v -> v.id().equals(id)).findFirst();
    }

    /** The edges that read {@code vertexId}'s output, in vertex order then input order. */
    public List<Output> outputs(String vertexId) {
        List<Output> outputs = new ArrayList<>();
        for (JobVertex vertex : vertices) {
            for (int i = 0; i < vertex.inputs().size(); i++) {
                if (vertex.inputs().get(i).sourceVertexId().equals(vertexId)) {
                    outputs.add(new Output(vertex, i));
                }
            }
        }
        return outputs;
    }

    /** The graph as UTF-8 JSON, for shipping to executors. */
    public byte[] toJson() {
        return JobGraphJson.write(this);
    }

    /**
     * Reads what {@link #toJson()} wrote.
     *
     * @throws IllegalArgumentException naming the path of what is malformed
     */
    public static JobGraph fromJson(byte[] json) {
        return JobGraphJson.read(json);
    }
}
