package io.spate.executor.operators.join;

import io.spate.executor.state.StateSerializer;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * Which fields of one side's rows a Join keeps, and in which slot of a {@link RowBuffer}: only the
 * fields its output uses, numbers as raw long bits (doubles by their bits, booleans 0/1), strings
 * as Strings. A row kept costs its slots, not a copy of the whole row. Immutable; used on the task
 * thread.
 */
final class RowLayout {

    private static final byte LONG = 0;
    private static final byte DOUBLE = 1;
    private static final byte BOOLEAN = 2;

    /** The edge fields held as raw bits, their kinds, and the edge fields held as strings. */
    private final int[] primFields;

    private final byte[] primKinds;
    private final int[] stringFields;
    private final Schema schema;

    /**
     * @param schema the side's edge schema
     * @param fields the names of the fields to keep (each once)
     */
    RowLayout(Schema schema, List<String> fields) {
        this.schema = schema;
        int prims = 0;
        int strings = 0;
        for (String f : fields) {
            if (type(schema, f) == FieldType.STRING) {
                strings++;
            } else {
                prims++;
            }
        }
        primFields = new int[prims];
        primKinds = new byte[prims];
        stringFields = new int[strings];
        prims = 0;
        strings = 0;
        for (String f : fields) {
            int index = schema.indexOf(f);
            switch (schema.field(index).type()) {
                case STRING -> stringFields[strings++] = index;
                case LONG -> {
                    primKinds[prims] = LONG;
                    primFields[prims++] = index;
                }
                case DOUBLE -> {
                    primKinds[prims] = DOUBLE;
                    primFields[prims++] = index;
                }
                case BOOLEAN -> {
                    primKinds[prims] = BOOLEAN;
                    primFields[prims++] = index;
                }
            }
        }
    }

    private static FieldType type(Schema schema, String field) {
        int index = schema.indexOf(field);
        if (index < 0) {
            throw new IllegalArgumentException("no field '" + field + "' in " + schema);
        }
        return schema.field(index).type();
    }

    int prims() {
        return primFields.length;
    }

    int strings() {
        return stringFields.length;
    }

    /**
     * The slot of edge field {@code name}: {@code slot} for a number, {@code -1 - slot} for a
     * string; fails if the field is not kept.
     */
    int slotOf(String name) {
        int index = schema.indexOf(name);
        for (int i = 0; i < primFields.length; i++) {
            if (primFields[i] == index) {
                return i;
            }
        }
        for (int i = 0; i < stringFields.length; i++) {
            if (stringFields[i] == index) {
                return -1 - i;
            }
        }
        throw new IllegalArgumentException("field '" + name + "' is not kept");
    }

    /** Copies the kept fields of {@code row} into slots {@code [pb, ..)} and {@code [sb, ..)}. */
    void extract(Row row, long[] prims, int pb, String[] strings, int sb) {
        int[] fields = primFields;
        for (int i = 0; i < fields.length; i++) {
            prims[pb + i] =
                    switch (primKinds[i]) {
                        case LONG -> row.getLong(fields[i]);
                        case DOUBLE -> Double.doubleToRawLongBits(row.getDouble(fields[i]));
                        default -> row.getBoolean(fields[i]) ? 1 : 0;
                    };
        }
        int[] sf = stringFields;
        for (int i = 0; i < sf.length; i++) {
            strings[sb + i] = row.getString(sf[i]);
        }
    }

    /** Writes one kept row's slots into a snapshot. */
    void write(long[] prims, int pb, String[] strings, int sb, DataOutput out) throws IOException {
        for (int i = 0; i < primFields.length; i++) {
            out.writeLong(prims[pb + i]);
        }
        for (int i = 0; i < stringFields.length; i++) {
            StateSerializer.STRING.write(strings[sb + i], out);
        }
    }

    /** Reads what {@link #write} wrote. */
    void read(DataInput in, long[] prims, int pb, String[] strings, int sb) throws IOException {
        for (int i = 0; i < primFields.length; i++) {
            prims[pb + i] = in.readLong();
        }
        for (int i = 0; i < stringFields.length; i++) {
            strings[sb + i] = StateSerializer.STRING.read(in);
        }
    }
}
