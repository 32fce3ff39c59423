package io.spate.jobgraph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spate.config.Durations;
import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Schema;
import io.spate.transform.ConfigKey;
import io.spate.transform.ConfigType;
import io.spate.transform.TransformCatalog;
import io.spate.transform.TransformConfig;
import io.spate.transform.TransformDescriptor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON form of a {@link JobGraph}. Mapped by hand over Jackson's tree model rather than by
 * reflection, so it stays native-image friendly and the wire names stay independent of Java names.
 * Config values are typed back through the {@link TransformCatalog}, the same way a spec's are.
 *
 * <pre>
 * {"name": "wordcount", "bufferTimeout": "100ms", "checkpointInterval": "1s",   (absent = none)
 *  "tolerableFailedCheckpoints": 3,                                          (absent = default)
 *  "maxParallelism": 128, "watermarkInterval": "200ms",                      (absent = default)
 *  "restart": {"attempts": 3, "delay": "1s"},
 *  "vertices": [{"id": "3f..", "name": "Words", "parallelism": 2,
 *                "chain": [{"name": "Words", "type": "Words", "config": {"vocabulary": 10000, ..},
 *                           "outputSchema": [{"name": "word", "type": "string"}]}],
 *                "inputs": []}, ..]}
 * an input: {"source": "3f..", "partitioning": "HASH", "keyField": "word",
 *            "sideOutput": "late" (absent = the main output), "schema": [..],
 *            "timestampField": "dateTime" (absent = none)}
 * </pre>
 */
final class JobGraphJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JobGraphJson() {}

    static byte[] write(JobGraph graph) {
        ObjectNode root = NODES.objectNode();
        root.put("name", graph.name());
        root.put("bufferTimeout", Durations.format(graph.bufferTimeout()));
        graph.checkpointInterval()
                .ifPresent(i -> root.put("checkpointInterval", Durations.format(i)));
        root.put("tolerableFailedCheckpoints", graph.tolerableFailedCheckpoints());
        root.put("maxParallelism", graph.maxParallelism());
        root.put("watermarkInterval", Durations.format(graph.watermarkInterval()));
        root.putObject("restart")
                .put("attempts", graph.restart().attempts())
                .put("delay", Durations.format(graph.restart().delay()));
        if (!graph.jars().isEmpty()) {
            ArrayNode jars = root.putArray("jars");
            graph.jars().forEach(j -> jars.addObject().put("id", j.id()).put("sha256", j.sha256()));
        }
        ArrayNode vertices = root.putArray("vertices");
        for (JobVertex vertex : graph.vertices()) {
            ObjectNode v = vertices.addObject();
            v.put("id", vertex.id())
                    .put("name", vertex.name())
                    .put("parallelism", vertex.parallelism());
            ArrayNode chain = v.putArray("chain");
            for (OperatorSpec op : vertex.chain()) {
                ObjectNode o = chain.addObject().put("name", op.name()).put("type", op.type());
                ObjectNode config = o.putObject("config");
                TransformDescriptor descriptor = descriptor(op.type(), "chain");
                for (Map.Entry<String, Object> e : op.config().values().entrySet()) {
                    config.set(
                            e.getKey(),
                            configKey(descriptor, e.getKey(), "config").write(e.getValue()));
                }
                op.inputSchema().ifPresent(s -> o.set("inputSchema", schema(s)));
                op.outputSchema().ifPresent(s -> o.set("outputSchema", schema(s)));
                op.keyField().ifPresent(k -> o.put("keyField", k));
                op.timestampField().ifPresent(k -> o.put("timestampField", k));
            }
            ArrayNode inputs = v.putArray("inputs");
            for (JobEdge edge : vertex.inputs()) {
                ObjectNode e = inputs.addObject();
                e.put("source", edge.sourceVertexId());
                e.put("partitioning", edge.partitioning().name());
                edge.keyField().ifPresent(k -> e.put("keyField", k));
                edge.sideOutput().ifPresent(o -> e.put("sideOutput", o));
                edge.timestampField().ifPresent(t -> e.put("timestampField", t));
                e.set("schema", schema(edge.schema()));
            }
        }
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    static JobGraph read(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("job graph JSON: " + e.getMessage(), e);
        }
        try {
            Optional<Duration> checkpoints =
                    root.has("checkpointInterval")
                            ? Optional.of(duration(root, "checkpointInterval"))
                            : Optional.empty();
            JsonNode restart = object(root, "restart");
            List<JobVertex> vertices = new ArrayList<>();
            for (JsonNode v : array(root, "vertices")) {
                List<OperatorSpec> chain = new ArrayList<>();
                for (JsonNode o : array(v, "chain")) {
                    chain.add(operator(o));
                }
                List<JobEdge> inputs = new ArrayList<>();
                for (JsonNode e : array(v, "inputs")) {
                    inputs.add(
                            new JobEdge(
                                    text(e, "source"),
                                    partitioning(text(e, "partitioning")),
                                    optionalText(e, "keyField"),
                                    optionalText(e, "sideOutput"),
                                    schema(array(e, "schema")),
                                    optionalText(e, "timestampField")));
                }
                vertices.add(
                        new JobVertex(
                                text(v, "id"),
                                text(v, "name"),
                                integer(v, "parallelism"),
                                chain,
                                inputs));
            }
            return new JobGraph(
                    text(root, "name"),
                    duration(root, "bufferTimeout"),
                    checkpoints,
                    root.has("tolerableFailedCheckpoints")
                            ? integer(root, "tolerableFailedCheckpoints")
                            : JobGraph.DEFAULT_TOLERABLE_FAILED_CHECKPOINTS,
                    root.has("maxParallelism")
                            ? integer(root, "maxParallelism")
                            : JobGraph.DEFAULT_MAX_PARALLELISM,
                    root.has("watermarkInterval")
                            ? duration(root, "watermarkInterval")
                            : JobGraph.DEFAULT_WATERMARK_INTERVAL,
                    new RestartStrategy(integer(restart, "attempts"), duration(restart, "delay")),
                    vertices,
                    jars(root));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("job graph JSON: " + e.getMessage(), e);
        }
    }

    /** {@code "jars": [{"id", "sha256"}]}; absent = none. */
    private static List<UserJar> jars(JsonNode root) {
        List<UserJar> jars = new ArrayList<>();
        if (root.has("jars")) {
            for (JsonNode j : array(root, "jars")) {
                jars.add(new UserJar(text(j, "id"), text(j, "sha256")));
            }
        }
        return jars;
    }

    private static OperatorSpec operator(JsonNode o) {
        String type = text(o, "type");
        TransformDescriptor descriptor = descriptor(type, "type");
        JsonNode configNode = object(o, "config");
        LinkedHashMap<String, Object> config = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : configNode.properties()) {
            config.put(e.getKey(), configKey(descriptor, e.getKey(), "config").read(e.getValue()));
        }
        return new OperatorSpec(
                text(o, "name"),
                type,
                new TransformConfig(config),
                o.has("inputSchema")
                        ? Optional.of(schema(array(o, "inputSchema")))
                        : Optional.empty(),
                o.has("outputSchema")
                        ? Optional.of(schema(array(o, "outputSchema")))
                        : Optional.empty(),
                optionalText(o, "keyField"),
                optionalText(o, "timestampField"));
    }

    private static ArrayNode schema(Schema schema) {
        ArrayNode fields = NODES.arrayNode();
        for (Field f : schema.fields()) {
            fields.addObject().put("name", f.name()).put("type", f.type().specName());
        }
        return fields;
    }

    private static Schema schema(JsonNode fields) {
        List<Field> list = new ArrayList<>();
        for (JsonNode f : fields) {
            String type = text(f, "type");
            try {
                list.add(
                        new Field(
                                text(f, "name"), FieldType.valueOf(type.toUpperCase(Locale.ROOT))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown field type " + type);
            }
        }
        return new Schema(list);
    }

    private static TransformDescriptor descriptor(String type, String what) {
        return TransformCatalog.BUILT_IN
                .find(type)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        what + ": unknown transform type " + type));
    }

    private static ConfigKey configKey(TransformDescriptor d, String key, String what) {
        return d.configKey(key)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        what + ": " + d.type() + " has no key " + key));
    }

    private static Partitioning partitioning(String name) {
        try {
            return Partitioning.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown partitioning " + name);
        }
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(name + ": missing");
        }
        return value;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(name + ": expected a string");
        }
        return value.textValue();
    }

    private static Optional<String> optionalText(JsonNode node, String name) {
        return node.has(name) ? Optional.of(text(node, name)) : Optional.empty();
    }

    private static int integer(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isInt()) {
            throw new IllegalArgumentException(name + ": expected an int");
        }
        return value.intValue();
    }

    private static Duration duration(JsonNode node, String name) {
        return (Duration) ConfigType.DURATION.read(field(node, name));
    }

    private static JsonNode object(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isObject()) {
            throw new IllegalArgumentException(name + ": expected an object");
        }
        return value;
    }

    private static JsonNode array(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isArray()) {
            throw new IllegalArgumentException(name + ": expected an array");
        }
        return value;
    }
}
