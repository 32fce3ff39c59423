package io.spate.transform;

import io.spate.record.Schema;
import java.util.Optional;

/** How a transform maps its input schema and config to its output schema. */
@FunctionalInterface
public interface SchemaRule {

    /**
     * @param input the schema of the records read; empty for a source
     * @param keyField the field the input is keyed by (after a KeyBy), if any
     * @return the schema of the records emitted; empty for a sink, or when a problem was reported
     *     (so nothing downstream is checked against a schema that is wrong anyway)
     */
    Optional<Schema> outputSchema(
            Schema input,
            TransformConfig config,
            Optional<String> keyField,
            TransformProblems problems);
}
