package io.spate.transform;

import io.spate.record.Schema;
import java.util.stream.Collectors;

/** Schemas as users read them in error messages: {@code {word: string, ts: long}}. */
public final class SchemaText {

    private SchemaText() {}

    public static String describe(Schema schema) {
        return schema.fields().stream()
                .map(f -> f.name() + ": " + f.type().specName())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
