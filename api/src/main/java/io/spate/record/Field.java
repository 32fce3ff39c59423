package io.spate.record;

import java.util.Objects;

/** One named, typed field of a {@link Schema}. */
public record Field(String name, FieldType type) {
    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("field name is empty");
        }
    }
}
