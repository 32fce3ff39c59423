package io.spate.jobspec;

import io.spate.transform.SideOutputs;
import io.spate.transform.TransformCatalog;
import io.spate.transform.TransformConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A KeyBy by an expression ({@code KeyBy: {field: bucket, expression: "auction % 10"}}) becomes a
 * MapToFields that appends the key field, named {@code <keyby>.key}, and a KeyBy by that field: a
 * partitioner is an edge and computes nothing, so the key is computed where the records are, on the
 * producer's side of the edge (chained to it when it can be).
 */
final class KeyExpressions {

    /** The suffix of the name of the operator that computes a KeyBy's key. */
    static final String SUFFIX = ".key";

    private KeyExpressions() {}

    static ResolvedPipeline expand(ResolvedPipeline pipeline) {
        if (pipeline.transforms().stream().noneMatch(KeyExpressions::byExpression)) {
            return pipeline;
        }
        List<ResolvedTransform> out = new ArrayList<>();
        for (ResolvedTransform t : pipeline.transforms()) {
            if (!byExpression(t)) {
                out.add(t);
                continue;
            }
            TransformConfig config = t.spec().config();
            String name = t.name() + SUFFIX;
            int parallelism =
                    t.inputs().stream()
                            .map(pipeline::producer)
                            .map(p -> p.transform().spec().parallelism())
                            .findFirst()
                            .orElse(t.spec().parallelism());
            out.add(
                    keyOperator(
                            name,
                            config.getString("field"),
                            config.getString("expression"),
                            config.has(SideOutputs.ON_ERROR)
                                    ? config.getString(SideOutputs.ON_ERROR)
                                    : "fail",
                            t.inputs(),
                            parallelism,
                            t.index(),
                            t.inputSchema(),
                            t.outputSchema(),
                            t.timestampField()));
            out.add(
                    new ResolvedTransform(
                            new TransformSpec(
                                    t.name(),
                                    t.spec().type(),
                                    config,
                                    List.of(name),
                                    t.spec().parallelism()),
                            t.index(),
                            t.descriptor(),
                            t.outputSchema(),
                            t.outputSchema(),
                            t.keyField(),
                            t.timestampField()));
        }
        return new ResolvedPipeline(pipeline.spec(), out);
    }

    /**
     * The operator {@code name} that appends field {@code field} = {@code expression} to what it
     * reads (a MapToFields with {@code append: true}): where a key computed by an expression is
     * made a field before the edge that hashes it (a KeyBy's here, a Join's in {@link JoinKeys}).
     */
    static ResolvedTransform keyOperator(
            String name,
            String field,
            String expression,
            String onError,
            List<String> inputs,
            int parallelism,
            int index,
            Optional<io.spate.record.Schema> in,
            Optional<io.spate.record.Schema> out,
            Optional<String> timestampField) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("fields", Map.of(field, expression));
        values.put("append", true);
        values.put(SideOutputs.ON_ERROR, onError);
        return new ResolvedTransform(
                new TransformSpec(
                        name,
                        TransformCatalog.MAP_TO_FIELDS,
                        new TransformConfig(values),
                        inputs,
                        parallelism),
                index,
                TransformCatalog.BUILT_IN.find(TransformCatalog.MAP_TO_FIELDS).orElseThrow(),
                in,
                out,
                Optional.empty(),
                timestampField);
    }

    private static boolean byExpression(ResolvedTransform t) {
        return t.descriptor().type().equals(TransformCatalog.KEY_BY)
                && t.spec().config().has("expression");
    }
}
