package io.spate.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The ordered, named, typed fields of the records on one edge of a job graph. Immutable. */
public record Schema(List<Field> fields) {

    public Schema {
        fields = List.copyOf(fields);
        for (int i = 0; i < fields.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (fields.get(i).name().equals(fields.get(j).name())) {
                    throw new IllegalArgumentException(
                            "duplicate field '" + fields.get(i).name() + "'");
                }
            }
        }
    }

    public static Schema of(Field... fields) {
        return new Schema(Arrays.asList(fields));
    }

    public int size() {
        return fields.size();
    }

    public Field field(int index) {
        return fields.get(index);
    }

    /** The position of the field named {@code name}, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** A new schema with {@code field} appended. */
    public Schema with(Field field) {
        List<Field> more = new ArrayList<>(fields);
        more.add(field);
        return new Schema(more);
    }
}
