package io.spate.jobspec;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.config.Durations;
import io.spate.jobgraph.KeyGroups;
import io.spate.transform.ConfigTree;
import io.spate.transform.ConfigType;
import io.spate.transform.TransformCatalog;
import io.spate.transform.TransformConfig;
import io.spate.transform.TransformDescriptor;
import io.spate.transform.TransformKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a parsed YAML/JSON tree into a {@link JobSpec}: keys, types, bounds and defaults, each
 * problem reported with its path. Where a value is wrong it keeps the default, so reading goes on
 * and every problem is found in one pass. Graph-level checks are {@link PipelineResolver}'s.
 */
final class JobSpecTreeReader {

    static final List<String> TOP_LEVEL_KEYS =
            List.of(
                    "name",
                    "parallelism",
                    "maxParallelism",
                    "bufferTimeout",
                    "watermarkInterval",
                    "checkpoints",
                    "restart",
                    "pipeline",
                    "jars");
    static final List<String> CHECKPOINT_KEYS = List.of("interval", "tolerableFailedCheckpoints");
    static final List<String> RESTART_KEYS = List.of("attempts", "delay");
    static final List<String> PIPELINE_KEYS = List.of("transforms");
    static final List<String> TRANSFORM_KEYS =
            List.of("name", "type", "config", "input", "parallelism");

    /** Watermarks more often than this cost more than they tell. */
    static final Duration MIN_WATERMARK_INTERVAL = Duration.ofMillis(1);

    /** Flink's checkpoint interval floor: shorter ones only cost. */
    static final Duration MIN_CHECKPOINT_INTERVAL = Duration.ofMillis(10);

    private final TransformCatalog catalog;
    private final SpecErrors errors;

    /** Transforms whose type or config is broken (already reported); not checked further. */
    private final Set<String> broken = new HashSet<>();

    JobSpecTreeReader(TransformCatalog catalog, SpecErrors errors) {
        this.catalog = catalog;
        this.errors = errors;
    }

    Set<String> brokenTransforms() {
        return broken;
    }

    /** The spec, or empty when the tree is not even a mapping. */
    Optional<JobSpec> read(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            errors.add("spec", "empty: expected a mapping with name and pipeline");
            return Optional.empty();
        }
        if (!root.isObject()) {
            errors.add("spec", "expected a mapping with name and pipeline, got " + kind(root));
            return Optional.empty();
        }
        unknownKeys(root, "", TOP_LEVEL_KEYS);
        String name = requiredString(root, "name", "name").orElse("<unnamed>");
        int parallelism =
                optionalInt(root, "parallelism", "parallelism", 1, JobGraphCompiler.MAX_PARALLELISM)
                        .orElse(JobSpec.DEFAULT_PARALLELISM);
        Duration bufferTimeout =
                optionalDuration(root, "bufferTimeout", "bufferTimeout", Duration.ZERO)
                        .orElse(JobSpec.DEFAULT_BUFFER_TIMEOUT);
        int maxParallelism =
                optionalInt(
                                root,
                                "maxParallelism",
                                "maxParallelism",
                                1,
                                KeyGroups.MAX_MAX_PARALLELISM)
                        .orElse(JobSpec.DEFAULT_MAX_PARALLELISM);
        Duration watermarkInterval =
                optionalDuration(
                                root,
                                "watermarkInterval",
                                "watermarkInterval",
                                MIN_WATERMARK_INTERVAL)
                        .orElse(JobSpec.DEFAULT_WATERMARK_INTERVAL);
        Optional<Duration> checkpoints = checkpoints(root);
        int tolerable = tolerableFailedCheckpoints(root);
        RestartSpec restart = restart(root);
        List<TransformSpec> transforms = transforms(root, parallelism);
        List<String> jars = UserJarIds.read(root.get("jars"), errors);
        return Optional.of(
                new JobSpec(
                        name,
                        parallelism,
                        bufferTimeout,
                        checkpoints,
                        tolerable,
                        maxParallelism,
                        watermarkInterval,
                        restart,
                        transforms,
                        jars));
    }

    private Optional<Duration> checkpoints(JsonNode root) {
        JsonNode node = root.get("checkpoints");
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            errors.add("checkpoints", "expected a mapping with interval, got " + kind(node));
            return Optional.empty();
        }
        unknownKeys(node, "checkpoints", CHECKPOINT_KEYS);
        if (!node.has("interval")) {
            errors.add("checkpoints.interval", "required");
            return Optional.empty();
        }
        return optionalDuration(node, "interval", "checkpoints.interval", MIN_CHECKPOINT_INTERVAL);
    }

    /** checkpoints.tolerableFailedCheckpoints; a malformed block was reported by checkpoints(). */
    private int tolerableFailedCheckpoints(JsonNode root) {
        JsonNode node = root.get("checkpoints");
        if (node == null || !node.isObject()) {
            return JobSpec.DEFAULT_TOLERABLE_FAILED_CHECKPOINTS;
        }
        return optionalInt(
                        node,
                        "tolerableFailedCheckpoints",
                        "checkpoints.tolerableFailedCheckpoints",
                        0,
                        Integer.MAX_VALUE)
                .orElse(JobSpec.DEFAULT_TOLERABLE_FAILED_CHECKPOINTS);
    }

    private RestartSpec restart(JsonNode root) {
        JsonNode node = root.get("restart");
        if (node == null) {
            return RestartSpec.DEFAULT;
        }
        if (!node.isObject()) {
            errors.add("restart", "expected a mapping with attempts and delay, got " + kind(node));
            return RestartSpec.DEFAULT;
        }
        unknownKeys(node, "restart", RESTART_KEYS);
        return new RestartSpec(
                optionalInt(node, "attempts", "restart.attempts", 0, Integer.MAX_VALUE)
                        .orElse(RestartSpec.DEFAULT.attempts()),
                optionalDuration(node, "delay", "restart.delay", Duration.ZERO)
                        .orElse(RestartSpec.DEFAULT.delay()));
    }

    /** One transform entry before names and default inputs are settled. */
    private record Entry(
            int index,
            Optional<String> name,
            String type,
            Optional<TransformDescriptor> descriptor,
            TransformConfig config,
            Optional<List<String>> inputs,
            int parallelism,
            boolean usable) {}

    private List<TransformSpec> transforms(JsonNode root, int defaultParallelism) {
        JsonNode pipeline = root.get("pipeline");
        if (pipeline == null) {
            errors.add("pipeline", "required");
            return List.of();
        }
        if (!pipeline.isObject()) {
            errors.add("pipeline", "expected a mapping with transforms, got " + kind(pipeline));
            return List.of();
        }
        unknownKeys(pipeline, "pipeline", PIPELINE_KEYS);
        JsonNode list = pipeline.get("transforms");
        if (list == null) {
            errors.add("pipeline.transforms", "required");
            return List.of();
        }
        if (!list.isArray() || list.isEmpty()) {
            errors.add(
                    "pipeline.transforms",
                    "expected a non-empty list of transforms, got " + kind(list));
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            entries.add(entry(list.get(i), i, defaultParallelism));
        }
        return settle(entries);
    }

    /**
     * The entry at {@code index}; one that is not even a mapping stays, unusable, so the indexes of
     * the ones after it keep matching the paths in messages.
     */
    private Entry entry(JsonNode node, int index, int defaultParallelism) {
        String path = "pipeline.transforms[" + index + "]";
        if (!node.isObject()) {
            errors.add(path, "expected a mapping with type, got " + kind(node));
            return new Entry(
                    index,
                    Optional.empty(),
                    "<none>",
                    Optional.empty(),
                    TransformConfig.EMPTY,
                    Optional.empty(),
                    defaultParallelism,
                    false);
        }
        unknownKeys(node, path, TRANSFORM_KEYS);
        Optional<String> type = requiredString(node, "type", path + ".type");
        Optional<TransformDescriptor> descriptor = type.flatMap(catalog::find);
        if (type.isPresent() && descriptor.isEmpty()) {
            errors.add(
                    path + ".type",
                    "unknown type \""
                            + type.get()
                            + "\" (known: "
                            + String.join(", ", catalog.typeNames())
                            + ")");
        }
        Optional<String> name =
                node.has("name") ? requiredString(node, "name", path + ".name") : Optional.empty();
        Optional<List<String>> inputs = inputs(node.get("input"), path + ".input");
        int parallelism =
                optionalInt(
                                node,
                                "parallelism",
                                path + ".parallelism",
                                1,
                                JobGraphCompiler.MAX_PARALLELISM)
                        .orElse(defaultParallelism);
        if (node.has("parallelism")
                && descriptor.map(d -> d.kind() == TransformKind.PARTITIONER).orElse(false)) {
            errors.add(
                    path + ".parallelism",
                    descriptor.get().type()
                            + " is a partitioner, not an operator, and has no parallelism;"
                            + " set it on the transform that reads it");
        }
        int errorsBefore = errors.size();
        TransformConfig config =
                descriptor
                        .map(d -> config(node.get("config"), d, path + ".config"))
                        .orElse(TransformConfig.EMPTY);
        boolean usable = descriptor.isPresent() && errors.size() == errorsBefore;
        return new Entry(
                index,
                name,
                type.orElse("<none>"),
                descriptor,
                config,
                inputs,
                parallelism,
                usable);
    }

    private TransformConfig config(JsonNode node, TransformDescriptor descriptor, String path) {
        return ConfigTree.read(node, descriptor.configKeys(), path, descriptor.type(), errors::add);
    }

    private Optional<List<String>> inputs(JsonNode node, String path) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isTextual() && !node.textValue().isBlank()) {
            return Optional.of(List.of(node.textValue()));
        }
        if (node.isArray() && !node.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (JsonNode n : node) {
                if (!n.isTextual() || n.textValue().isBlank()) {
                    errors.add(
                            path,
                            "expected a transform name or a non-empty list of names, got "
                                    + ConfigType.shortText(node));
                    return Optional.of(List.of());
                }
                names.add(n.textValue());
            }
            return Optional.of(names);
        }
        errors.add(
                path,
                "expected a transform name or a non-empty list of names, got "
                        + ConfigType.shortText(node));
        return Optional.of(List.of());
    }

    /**
     * Gives every entry its name (written, or generated: the type when unique, else type-index,
     * never one written elsewhere) and its default input (the transform before it).
     */
    private List<TransformSpec> settle(List<Entry> entries) {
        Set<String> taken = new HashSet<>();
        Map<String, Integer> typeCounts = new HashMap<>();
        for (Entry e : entries) {
            e.name().ifPresent(taken::add);
            typeCounts.merge(e.type(), 1, Integer::sum);
        }
        List<String> names = new ArrayList<>();
        for (Entry e : entries) {
            String name = e.name().orElse(null);
            if (name == null) {
                name =
                        typeCounts.get(e.type()) == 1 && !taken.contains(e.type())
                                ? e.type()
                                : e.type() + "-" + e.index();
                for (int n = 2; taken.contains(name); n++) {
                    name = e.type() + "-" + e.index() + "-" + n;
                }
                taken.add(name);
            }
            names.add(name);
        }
        List<TransformSpec> specs = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            boolean source = e.descriptor().map(TransformDescriptor::isSource).orElse(false);
            List<String> inputs =
                    e.inputs().orElse(source || i == 0 ? List.of() : List.of(names.get(i - 1)));
            specs.add(
                    new TransformSpec(names.get(i), e.type(), e.config(), inputs, e.parallelism()));
            if (!e.usable()) {
                broken.add(names.get(i));
            }
        }
        return specs;
    }

    private void unknownKeys(JsonNode node, String path, List<String> known) {
        for (String key : iterable(node)) {
            if (!known.contains(key)) {
                errors.add(
                        (path.isEmpty() ? "" : path + ".") + key,
                        "unknown key (known: " + String.join(", ", known) + ")");
            }
        }
    }

    private static Iterable<String> iterable(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private Optional<String> requiredString(JsonNode node, String key, String path) {
        JsonNode value = node.get(key);
        if (value == null) {
            errors.add(path, "required");
            return Optional.empty();
        }
        if (!value.isTextual()) {
            errors.add(path, "expected a string, got " + ConfigType.shortText(value));
            return Optional.empty();
        }
        if (value.textValue().isBlank()) {
            errors.add(path, "must not be empty");
            return Optional.empty();
        }
        return Optional.of(value.textValue());
    }

    private Optional<Integer> optionalInt(
            JsonNode node, String key, String path, int min, int max) {
        JsonNode value = node.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber()) {
            errors.add(path, "expected an integer, got " + ConfigType.shortText(value));
            return Optional.empty();
        }
        if (!value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            errors.add(
                    path,
                    "must be "
                            + (max == Integer.MAX_VALUE
                                    ? "at least " + min
                                    : "between " + min + " and " + max)
                            + ", got "
                            + value.asText());
            return Optional.empty();
        }
        return Optional.of(value.intValue());
    }

    private Optional<Duration> optionalDuration(
            JsonNode node, String key, String path, Duration min) {
        JsonNode value = node.get(key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            Duration d = (Duration) ConfigType.DURATION.read(value);
            if (d.compareTo(min) < 0) {
                errors.add(
                        path,
                        "must be at least " + Durations.format(min) + ", got " + value.asText());
                return Optional.empty();
            }
            return Optional.of(d);
        } catch (IllegalArgumentException e) {
            errors.add(path, e.getMessage());
            return Optional.empty();
        }
    }

    private static String kind(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return node.isEmpty() ? "an empty list" : "a list";
        }
        return ConfigType.shortText(node);
    }
}
