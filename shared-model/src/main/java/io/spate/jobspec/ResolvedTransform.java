package io.spate.jobspec;

import io.spate.record.Schema;
import io.spate.transform.TransformDescriptor;
import java.util.List;
import java.util.Optional;

/**
 * A transform of a validated spec with what validation learnt about it.
 *
 * @param index its place in the spec's transform list
 * @param inputSchema what it reads; empty for a source
 * @param outputSchema what it emits; empty for a sink
 * @param keyField for a keyed transform, the field its input is keyed by; for a KeyBy, its field
 * @param timestampField the long field that holds the event time of the records it reads, if any
 *     (set by a source's watermarks or an AssignWatermarks upstream)
 */
public record ResolvedTransform(
        TransformSpec spec,
        int index,
        TransformDescriptor descriptor,
        Optional<Schema> inputSchema,
        Optional<Schema> outputSchema,
        Optional<String> keyField,
        Optional<String> timestampField) {

    public String name() {
        return spec.name();
    }

    public List<String> inputs() {
        return spec.inputs();
    }
}
