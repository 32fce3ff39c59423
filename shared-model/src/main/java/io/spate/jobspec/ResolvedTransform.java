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
 * @param inputTimestamps per input, in input order, the event-time field of what it reads from that
 *     input (empty entries: none); filled for a Join, whose two sides may differ, else empty
 * @param inputSchemas per input, the schema it reads from that input; filled for a Join
 */
public record ResolvedTransform(
        TransformSpec spec,
        int index,
        TransformDescriptor descriptor,
        Optional<Schema> inputSchema,
        Optional<Schema> outputSchema,
        Optional<String> keyField,
        Optional<String> timestampField,
        List<Optional<String>> inputTimestamps,
        List<Schema> inputSchemas) {

    public ResolvedTransform {
        inputTimestamps = List.copyOf(inputTimestamps);
        inputSchemas = List.copyOf(inputSchemas);
    }

    /** A one-input (or source) transform. */
    public ResolvedTransform(
            TransformSpec spec,
            int index,
            TransformDescriptor descriptor,
            Optional<Schema> inputSchema,
            Optional<Schema> outputSchema,
            Optional<String> keyField,
            Optional<String> timestampField) {
        this(
                spec,
                index,
                descriptor,
                inputSchema,
                outputSchema,
                keyField,
                timestampField,
                List.of(),
                List.of());
    }

    public String name() {
        return spec.name();
    }

    public List<String> inputs() {
        return spec.inputs();
    }
}
