package io.spate.jobspec;

import io.spate.record.Schema;
import io.spate.transform.ConfigKey;
import io.spate.transform.EventTime;
import io.spate.transform.SchemaText;
import io.spate.transform.SideOutputs;
import io.spate.transform.TransformCatalog;
import io.spate.transform.TransformDescriptor;
import io.spate.transform.TransformKind;
import io.spate.transform.TransformProblems;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The graph-level checks of a job spec: unique names, known inputs, no cycles, sources first and
 * sinks last, keyed transforms after a KeyBy, and every schema a transform needs. One resolver per
 * spec; every problem goes to the {@link SpecErrors}.
 */
final class PipelineResolver {

    private final JobSpec spec;
    private final TransformCatalog catalog;
    private final SpecErrors errors;
    private final Set<String> alreadyReported;
    private final List<TransformSpec> transforms;
    private final int size;

    private final Map<String, Integer> byName = new HashMap<>();
    private final List<Optional<TransformDescriptor>> descriptors = new ArrayList<>();
    private final boolean[] usable;
    private final List<List<Integer>> inputs = new ArrayList<>();
    private final Schema[] inputSchemas;
    private final Schema[] outputSchemas;
    private final String[] keyFields;
    private final String[] timestampFields;

    /** A Join's per-input event-time fields and schemas, by the Join's index. */
    private final Map<Integer, List<Optional<String>>> joinTimestamps = new HashMap<>();

    private final Map<Integer, List<Schema>> joinSchemas = new HashMap<>();

    /** (consumer, producer) pairs that read the producer's side output, by its name. */
    private final Map<List<Integer>, String> sideInputs = new HashMap<>();

    /** An input name did not resolve: "nothing reads X" would then be noise, not news. */
    private boolean danglingInputs;

    /**
     * @param alreadyReported transforms whose type or config problems are reported already (by the
     *     tree reader): they are not checked again, only left out of schema checks
     */
    PipelineResolver(
            JobSpec spec,
            TransformCatalog catalog,
            SpecErrors errors,
            Set<String> alreadyReported) {
        this.spec = spec;
        this.catalog = catalog;
        this.errors = errors;
        this.alreadyReported = alreadyReported;
        this.transforms = spec.transforms();
        this.size = transforms.size();
        this.usable = new boolean[size];
        this.inputSchemas = new Schema[size];
        this.outputSchemas = new Schema[size];
        this.keyFields = new String[size];
        this.timestampFields = new String[size];
    }

    /** The resolved pipeline, or empty when any problem was found (now or before). */
    Optional<ResolvedPipeline> resolve() {
        if (size == 0) {
            errors.add("pipeline.transforms", "required");
            return Optional.empty();
        }
        if (spec.name().isBlank()) {
            errors.add("name", "required");
        }
        names();
        types();
        inputs();
        List<Integer> order = topologicalOrder();
        sources();
        consumers();
        if (order.size() == size) {
            order.forEach(this::schema);
        }
        if (!errors.isEmpty()) {
            return Optional.empty();
        }
        List<ResolvedTransform> resolved = new ArrayList<>();
        for (int i : order) {
            resolved.add(
                    new ResolvedTransform(
                            transforms.get(i),
                            i,
                            descriptors.get(i).orElseThrow(),
                            Optional.ofNullable(inputSchemas[i]),
                            Optional.ofNullable(outputSchemas[i]),
                            Optional.ofNullable(keyFields[i]),
                            Optional.ofNullable(
                                    descriptors.get(i).orElseThrow().isSource() || isJoin(i)
                                            ? null
                                            : inputTimestampField(i)),
                            joinTimestamps.getOrDefault(i, List.of()),
                            joinSchemas.getOrDefault(i, List.of())));
        }
        return Optional.of(new ResolvedPipeline(spec, resolved));
    }

    private void names() {
        for (int i = 0; i < size; i++) {
            String name = transforms.get(i).name();
            if (name.isBlank()) {
                errors.add(path(i) + ".name", "must not be empty");
            }
            Integer first = byName.putIfAbsent(name, i);
            if (first != null) {
                errors.add(
                        path(i) + ".name",
                        "duplicate: " + path(first) + " is also called \"" + name + "\"");
            }
        }
    }

    private void types() {
        for (int i = 0; i < size; i++) {
            TransformSpec t = transforms.get(i);
            Optional<TransformDescriptor> d = catalog.find(t.type());
            descriptors.add(d);
            boolean reported = alreadyReported.contains(t.name());
            if (d.isEmpty() && !reported) {
                errors.add(
                        path(i) + ".type",
                        "unknown type \""
                                + t.type()
                                + "\" (known: "
                                + String.join(", ", catalog.typeNames())
                                + ")");
            }
            usable[i] = d.isPresent() && !reported && configValid(i, d.get());
            if (t.parallelism() < 1 || t.parallelism() > JobGraphCompiler.MAX_PARALLELISM) {
                errors.add(
                        path(i) + ".parallelism",
                        "must be between 1 and "
                                + JobGraphCompiler.MAX_PARALLELISM
                                + ", got "
                                + t.parallelism());
            } else if (t.parallelism() > spec.maxParallelism()) {
                errors.add(
                        path(i) + ".parallelism",
                        "must be at most maxParallelism ("
                                + spec.maxParallelism()
                                + ", the number of key groups), got "
                                + t.parallelism());
            }
            if (d.isPresent()
                    && windowAll(d.get(), t.config())
                    && usable[i]
                    && t.parallelism() != 1) {
                errors.add(
                        path(i) + ".parallelism",
                        "a Window with all: true runs in one subtask: set parallelism: 1, got "
                                + t.parallelism());
            }
        }
    }

    /** A Window over all records (all: true): keyed by nothing, one subtask. */
    private static boolean windowAll(TransformDescriptor d, io.spate.transform.TransformConfig c) {
        return d.type().equals(TransformCatalog.WINDOW) && c.has("all") && c.getBoolean("all");
    }

    /** Whether transform {@code i} must read a KeyBy. */
    private boolean keyed(int i, TransformDescriptor d) {
        return d.keyed() && !windowAll(d, transforms.get(i).config());
    }

    /** Checks a config built in code (the tree reader's are valid by construction). */
    private boolean configValid(int i, TransformDescriptor d) {
        int before = errors.size();
        Map<String, Object> values = transforms.get(i).config().values();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Optional<ConfigKey> key = d.configKey(e.getKey());
            if (key.isEmpty()) {
                errors.add(path(i) + ".config." + e.getKey(), "unknown key for " + d.type());
                continue;
            }
            try {
                key.get().check(e.getValue());
            } catch (IllegalArgumentException ex) {
                errors.add(path(i) + ".config." + e.getKey(), ex.getMessage());
            }
        }
        for (ConfigKey key : d.configKeys()) {
            if (!values.containsKey(key.name())
                    && (key.required() || key.defaultValue().isPresent())) {
                errors.add(path(i) + ".config." + key.name(), "required");
            }
        }
        return errors.size() == before;
    }

    private void inputs() {
        for (int i = 0; i < size; i++) {
            TransformSpec t = transforms.get(i);
            List<Integer> resolved = new ArrayList<>();
            inputs.add(resolved);
            for (String name : t.inputs()) {
                Integer j = byName.get(name);
                String side = null;
                int dot = name.lastIndexOf('.');
                if (j == null && dot > 0 && byName.containsKey(name.substring(0, dot))) {
                    int w = byName.get(name.substring(0, dot));
                    String wanted = name.substring(dot + 1);
                    TransformSpec owner = transforms.get(w);
                    List<String> sides = SideOutputs.names(owner.type(), owner.config());
                    if (sides.contains(wanted)) {
                        j = w;
                        side = wanted;
                    } else {
                        danglingInputs = true;
                        errors.add(
                                path(i) + ".input",
                                "\""
                                        + name
                                        + "\": \""
                                        + owner.name()
                                        + "\" ("
                                        + owner.type()
                                        + ") has "
                                        + (sides.isEmpty()
                                                ? "no side outputs"
                                                : "the side outputs " + String.join(", ", sides))
                                        + sideOutputHint(owner, wanted));
                        continue;
                    }
                }
                if (j == null) {
                    danglingInputs = true;
                    errors.add(
                            path(i) + ".input",
                            "unknown input \""
                                    + name
                                    + "\" (transforms: "
                                    + String.join(", ", allNames())
                                    + ")");
                } else if (resolved.contains(j)) {
                    errors.add(path(i) + ".input", "lists \"" + name + "\" twice");
                } else if (descriptors.get(j).map(TransformDescriptor::isSink).orElse(false)) {
                    danglingInputs = true;
                    errors.add(
                            path(i) + ".input",
                            "\""
                                    + name
                                    + "\" is a sink ("
                                    + transforms.get(j).type()
                                    + ") and emits nothing");
                } else if (side == null && SideOutputs.onlySideOutputs(transforms.get(j).type())) {
                    danglingInputs = true;
                    TransformSpec owner = transforms.get(j);
                    errors.add(
                            path(i) + ".input",
                            "\""
                                    + name
                                    + "\" ("
                                    + owner.type()
                                    + ") emits on its side outputs only: read "
                                    + String.join(
                                            " or ",
                                            SideOutputs.names(owner.type(), owner.config()).stream()
                                                    .map(o -> owner.name() + "." + o)
                                                    .toList()));
                } else {
                    resolved.add(j);
                    if (side != null) {
                        sideInputs.put(List.of(i, j), side);
                    }
                }
            }
            Optional<TransformDescriptor> d = descriptors.get(i);
            if (d.isEmpty()) {
                continue;
            }
            if (d.get().isSource() && !t.inputs().isEmpty()) {
                errors.add(path(i) + ".input", t.type() + " is a source and reads no input");
            }
            if (!d.get().isSource() && t.inputs().isEmpty()) {
                errors.add(
                        path(i) + ".input",
                        "required: "
                                + t.type()
                                + " reads records and no transform comes before it (start"
                                + " with a source: "
                                + String.join(", ", catalog.typeNames(TransformKind.SOURCE))
                                + ")");
            }
            if (d.get().type().equals(TransformCatalog.JOIN)) {
                if (t.inputs().size() != 2) {
                    errors.add(
                            path(i) + ".input",
                            "a Join reads two inputs, input: [left, right]; got "
                                    + t.inputs().size());
                }
                for (int j : resolved) {
                    if (descriptors.get(j).map(TransformDescriptor::isPartitioner).orElse(false)) {
                        errors.add(
                                path(i) + ".input",
                                "a Join partitions its inputs by its keys itself: read what \""
                                        + transforms.get(j).name()
                                        + "\" reads, not the "
                                        + transforms.get(j).type());
                    }
                }
            }
            if (d.get().isPartitioner()) {
                for (int j : resolved) {
                    if (descriptors.get(j).map(TransformDescriptor::isPartitioner).orElse(false)) {
                        errors.add(
                                path(i) + ".input",
                                "\""
                                        + transforms.get(j).name()
                                        + "\" is a partitioner too; put an operator"
                                        + " between two partitioners");
                    }
                }
            }
        }
    }

    /** Kahn's algorithm, taking the earliest-written ready transform first; reports cycles. */
    private List<Integer> topologicalOrder() {
        int[] pending = new int[size];
        List<List<Integer>> consumers = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            consumers.add(new ArrayList<>());
        }
        for (int i = 0; i < size; i++) {
            pending[i] = inputs.get(i).size();
            for (int j : inputs.get(i)) {
                consumers.get(j).add(i);
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < size; i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        List<Integer> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order.add(i);
            for (int c : consumers.get(i)) {
                if (--pending[c] == 0) {
                    ready.add(c);
                }
            }
        }
        if (order.size() < size) {
            reportCycles(pending);
        }
        return order;
    }

    /**
     * Every transform left with a pending input reads another one left, so walking inputs from any
     * of them must come round to a cycle.
     */
    private void reportCycles(int[] pending) {
        Set<Integer> explained = new HashSet<>();
        for (int start = 0; start < size; start++) {
            if (pending[start] == 0 || explained.contains(start)) {
                continue;
            }
            LinkedHashSet<Integer> walk = new LinkedHashSet<>();
            int at = start;
            while (!walk.contains(at) && !explained.contains(at)) {
                walk.add(at);
                at = firstPending(inputs.get(at), pending);
            }
            explained.addAll(walk);
            if (!walk.contains(at)) {
                continue; // led into a cycle reported already
            }
            List<Integer> cycle = new ArrayList<>(walk);
            cycle = new ArrayList<>(cycle.subList(cycle.indexOf(at), cycle.size()));
            Collections.reverse(cycle); // walked against the flow; show it with the flow
            int head = Collections.min(cycle);
            Collections.rotate(cycle, -cycle.indexOf(head));
            String picture =
                    cycle.stream()
                                    .map(k -> transforms.get(k).name())
                                    .collect(Collectors.joining(" -> "))
                            + " -> "
                            + transforms.get(head).name();
            errors.add(path(head) + ".input", "cycle: " + picture);
        }
    }

    private static int firstPending(List<Integer> candidates, int[] pending) {
        return candidates.stream().filter(j -> pending[j] > 0).findFirst().orElseThrow();
    }

    private void sources() {
        boolean allKnown = descriptors.stream().allMatch(Optional::isPresent);
        boolean anySource =
                descriptors.stream()
                        .anyMatch(d -> d.map(TransformDescriptor::isSource).orElse(false));
        if (allKnown && !anySource) {
            errors.add(
                    "pipeline.transforms",
                    "no source: start with one of "
                            + String.join(", ", catalog.typeNames(TransformKind.SOURCE)));
        }
    }

    private void consumers() {
        if (danglingInputs) {
            return;
        }
        for (int i = 0; i < size; i++) {
            Optional<TransformDescriptor> d = descriptors.get(i);
            if (d.isEmpty() || d.get().isSink()) {
                continue;
            }
            int me = i;
            boolean sidesOnly = SideOutputs.onlySideOutputs(transforms.get(i).type());
            boolean read = false;
            for (int c = 0; c < size; c++) {
                read |=
                        inputs.get(c).contains(me)
                                && (sidesOnly || !sideInputs.containsKey(List.of(c, me)));
            }
            if (!read) {
                errors.add(
                        path(i),
                        "nothing reads the output of \""
                                + transforms.get(i).name()
                                + "\" ("
                                + transforms.get(i).type()
                                + "); end every branch with a sink ("
                                + String.join(", ", catalog.typeNames(TransformKind.SINK))
                                + ")");
            }
        }
    }

    private void schema(int i) {
        if (!usable[i]) {
            return;
        }
        TransformDescriptor d = descriptors.get(i).orElseThrow();
        TransformSpec t = transforms.get(i);
        if (isJoin(i)) {
            joinSchema(i, t);
            return;
        }
        Schema in = Schema.of();
        if (!d.isSource()) {
            List<Integer> from = inputs.get(i);
            int me = i;
            if (from.isEmpty() || from.stream().anyMatch(j -> schemaRead(me, j) == null)) {
                return; // an input is broken, reported already
            }
            Set<Schema> distinct =
                    from.stream().map(j -> schemaRead(me, j)).collect(Collectors.toSet());
            if (distinct.size() > 1) {
                errors.add(
                        path(i) + ".input",
                        "its inputs emit different schemas: "
                                + from.stream()
                                        .map(
                                                j ->
                                                        transforms.get(j).name()
                                                                + " "
                                                                + SchemaText.describe(
                                                                        schemaRead(me, j)))
                                        .collect(Collectors.joining(", ")));
                return;
            }
            in = distinct.iterator().next();
        }
        Optional<String> keyField;
        if (keyed(i, d)) {
            keyField = keyOfInputs(i, d);
            if (keyField.isEmpty()) {
                return;
            }
        } else {
            keyField = Optional.empty();
        }
        TransformProblems problems =
                (key, message) ->
                        errors.add(key == null ? path(i) : path(i) + ".config." + key, message);
        Optional<Schema> out = d.schemaRule().outputSchema(in, t.config(), keyField, problems);
        if (d.isSource()) {
            inputSchemas[i] = null;
        } else {
            inputSchemas[i] = in;
        }
        outputSchemas[i] = out.orElse(null);
        if (EdgePartitioning.keys(d) && out.isPresent()) {
            keyFields[i] = t.config().getString("field");
        } else {
            keyFields[i] = keyField.orElse(null);
        }
        timestampFields[i] = timestampField(i, d, out.orElse(null));
        if (d.type().equals(TransformCatalog.WINDOW)
                && out.isPresent()
                && t.config().getString("time").equals("event")
                && inputTimestampField(i) == null) {
            errors.add(
                    path(i),
                    "an event-time Window needs event time: give its source a watermarks config"
                            + " or put AssignWatermarks before it (or set time: processing)");
        }
    }

    private boolean isJoin(int i) {
        return transforms.get(i).type().equals(TransformCatalog.JOIN);
    }

    /** A Join's output schema from its two inputs' schemas and event-time fields. */
    private void joinSchema(int i, TransformSpec t) {
        List<Integer> from = inputs.get(i);
        int me = i;
        if (from.size() != 2 || from.stream().anyMatch(j -> schemaRead(me, j) == null)) {
            return; // reported already
        }
        List<Optional<String>> times =
                from.stream().map(j -> Optional.ofNullable(timestampRead(me, j))).toList();
        List<Schema> schemas = from.stream().map(j -> schemaRead(me, j)).toList();
        TransformProblems problems =
                (key, message) ->
                        errors.add(key == null ? path(i) : path(i) + ".config." + key, message);
        Optional<Schema> out =
                io.spate.transform.Joins.outputSchema(
                        schemas.get(0),
                        t.inputs().get(0),
                        times.get(0),
                        schemas.get(1),
                        t.inputs().get(1),
                        times.get(1),
                        t.config(),
                        problems);
        inputSchemas[i] = schemas.get(0);
        outputSchemas[i] = out.orElse(null);
        joinTimestamps.put(i, times);
        joinSchemas.put(i, schemas);
        // A joined row has two event times (a window join's none): downstream event time
        // needs an AssignWatermarks.
        timestampFields[i] = null;
    }

    /** The event-time field of what {@code consumer} reads from {@code producer}, or null. */
    private String timestampRead(int consumer, int producer) {
        String side = sideInputs.get(List.of(consumer, producer));
        return side == null
                ? timestampFields[producer]
                : SideOutputs.timestampField(transforms.get(producer).type(), side)
                        .orElseGet(() -> inputTimestampField(producer));
    }

    /** The schema transform {@code consumer} reads from {@code producer}: main or side output. */
    private Schema schemaRead(int consumer, int producer) {
        String side = sideInputs.get(List.of(consumer, producer));
        if (side == null) {
            return outputSchemas[producer];
        }
        TransformSpec p = transforms.get(producer);
        if (!usable[producer]
                || !SideOutputs.onlySideOutputs(p.type())
                        && (inputSchemas[producer] == null || outputSchemas[producer] == null)) {
            return null; // the producer is broken, reported already
        }
        return SideOutputs.schema(p.type(), p.config(), side, inputSchemas[producer]).orElse(null);
    }

    /** "; set onError: deadLetter" where that is what the user is missing. */
    private static String sideOutputHint(TransformSpec owner, String wanted) {
        if (wanted.equals(SideOutputs.DEAD_LETTER)
                && TransformCatalog.BUILT_IN
                        .find(owner.type())
                        .flatMap(d -> d.configKey(SideOutputs.ON_ERROR))
                        .map(k -> k.choices().contains(SideOutputs.DEAD_LETTER))
                        .orElse(false)) {
            return "; set onError: deadLetter for its dead letters";
        }
        if (wanted.equals(SideOutputs.LATE)) {
            return "; only a Window has late records";
        }
        return "";
    }

    /**
     * The event-time field of what transform {@code i} emits: named by its own config (a source's
     * watermarks, AssignWatermarks), else its inputs' one if they agree and it passes through
     * unchanged (a long field of the same name in the output); a Window's rows have none.
     */
    private String timestampField(int i, TransformDescriptor d, Schema out) {
        Optional<String> own = EventTime.timestampFieldOf(d, transforms.get(i).config());
        if (own.isPresent()) {
            return own.get();
        }
        if (out == null || d.isSource() || d.type().equals(TransformCatalog.WINDOW)) {
            return null;
        }
        String in = inputTimestampField(i);
        if (in == null) {
            return null;
        }
        int index = out.indexOf(in);
        return index >= 0 && out.field(index).type() == io.spate.record.FieldType.LONG ? in : null;
    }

    /**
     * The event-time field every input of {@code i} carries, or null if they differ or lack one.
     */
    private String inputTimestampField(int i) {
        Set<String> fields = new HashSet<>();
        for (int j : inputs.get(i)) {
            String f = timestampRead(i, j);
            if (f == null) {
                return null;
            }
            fields.add(f);
        }
        return fields.size() == 1 ? fields.iterator().next() : null;
    }

    /** The one field every input of keyed transform {@code i} is hash-partitioned by. */
    private Optional<String> keyOfInputs(int i, TransformDescriptor d) {
        Set<String> keys = new LinkedHashSet<>();
        for (int j : inputs.get(i)) {
            boolean keyBy = descriptors.get(j).map(EdgePartitioning::keys).orElse(false);
            if (!keyBy) {
                errors.add(
                        path(i) + ".input",
                        d.type()
                                + " keeps state per key and must read a KeyBy; \""
                                + transforms.get(j).name()
                                + "\" is a "
                                + transforms.get(j).type());
                return Optional.empty();
            }
            keys.add(keyFields[j]);
        }
        if (keys.size() > 1) {
            errors.add(path(i) + ".input", "its KeyBy inputs key by different fields: " + keys);
            return Optional.empty();
        }
        return Optional.of(keys.iterator().next());
    }

    private List<String> allNames() {
        return transforms.stream().map(TransformSpec::name).toList();
    }

    private static String path(int i) {
        return "pipeline.transforms[" + i + "]";
    }
}
