package io.spate.jobspec;

import io.spate.expression.Expression;
import io.spate.expression.InvalidExpressionException;
import io.spate.record.Field;
import io.spate.record.Schema;
import io.spate.transform.Joins;
import io.spate.transform.TransformCatalog;
import io.spate.transform.TransformConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Join key given as an expression ({@code keys: {bids: "auction % 10", ...}}) becomes a
 * MapToFields on that side that appends the key as field {@code <join>.key}, named {@code
 * <join>.<input>.key}: the key must be there before the edge that hashes it, as for a KeyBy by an
 * expression ({@link KeyExpressions}). The Join then reads that operator, keyed by the field, and
 * leaves the field out of its output.
 */
final class JoinKeys {

    /** The suffix of the computed key's field: {@code <join name>.key}. */
    static final String KEY_SUFFIX = ".key";

    private JoinKeys() {}

    static ResolvedPipeline expand(ResolvedPipeline pipeline) {
        if (pipeline.transforms().stream().noneMatch(JoinKeys::hasExpressionKey)) {
            return pipeline;
        }
        List<ResolvedTransform> out = new ArrayList<>();
        for (ResolvedTransform t : pipeline.transforms()) {
            if (!hasExpressionKey(t)) {
                out.add(t);
                continue;
            }
            Map<String, String> keys = t.spec().config().getStringMap(Joins.KEYS);
            Map<String, String> newKeys = new LinkedHashMap<>();
            List<String> newInputs = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                String input = t.inputs().get(k);
                Schema schema = t.inputSchemas().get(k);
                String key = keys.get(input);
                if (Joins.isField(schema, key)) {
                    newInputs.add(input);
                    newKeys.put(input, key);
                    continue;
                }
                String field = t.name() + KEY_SUFFIX;
                String name = t.name() + "." + input + KEY_SUFFIX;
                ResolvedPipeline.Producer producer = pipeline.producer(input);
                out.add(
                        KeyExpressions.keyOperator(
                                name,
                                field,
                                key,
                                "fail",
                                List.of(input),
                                producer.transform().spec().parallelism(),
                                t.index(),
                                Optional.of(schema),
                                Optional.of(schema.with(new Field(field, typeOf(key, schema)))),
                                t.inputTimestamps().get(k)));
                newInputs.add(name);
                newKeys.put(name, field);
            }
            Map<String, Object> config = new LinkedHashMap<>(t.spec().config().values());
            config.put(Joins.KEYS, newKeys);
            out.add(
                    new ResolvedTransform(
                            new TransformSpec(
                                    t.name(),
                                    t.spec().type(),
                                    new TransformConfig(config),
                                    newInputs,
                                    t.spec().parallelism()),
                            t.index(),
                            t.descriptor(),
                            t.inputSchema(),
                            t.outputSchema(),
                            t.keyField(),
                            t.timestampField(),
                            t.inputTimestamps(),
                            t.inputSchemas()));
        }
        return new ResolvedPipeline(pipeline.spec(), out);
    }

    private static io.spate.record.FieldType typeOf(String expression, Schema schema) {
        try {
            return Expression.compile(expression, schema).type();
        } catch (InvalidExpressionException e) {
            throw new IllegalStateException("a resolved Join's key compiles", e);
        }
    }

    private static boolean hasExpressionKey(ResolvedTransform t) {
        if (!t.descriptor().type().equals(TransformCatalog.JOIN)) {
            return false;
        }
        Map<String, String> keys = t.spec().config().getStringMap(Joins.KEYS);
        for (int k = 0; k < 2; k++) {
            if (!Joins.isField(t.inputSchemas().get(k), keys.get(t.inputs().get(k)))) {
                return true;
            }
        }
        return false;
    }
}
