package io.spate.record;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One record: a mutable, reusable row of primitive slots laid out by a {@link Schema}.
 *
 * <p>Made for zero allocation per record: a task keeps one {@code Row} per input and output and
 * overwrites it. Long, double and boolean fields live in one {@code long[]}; a string field is
 * either a {@link String} set by the caller or a <em>view</em> of UTF-8 bytes inside the buffer it
 * was read from ({@link RowSerializer#read}). A view is materialized to a String only when {@link
 * #getString} asks for it; hashing ({@link #hashField}) and comparing ({@link #stringEquals}) work
 * on the bytes. A view is valid until the reader moves to the next record; {@link #copyFrom}
 * detaches a row from its buffer. Not thread-safe.
 */
public final class Row {
    private final Schema schema;
    private final FieldType[] types;
    private final long[] primitives;
    private final String[] strings;
    private final ByteBuffer[] viewBuffers;
    private final int[] viewOffsets;
    private final int[] utf8Lengths;
    private final boolean[] ascii;
    private byte[] scratch = new byte[64];

    public Row(Schema schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
        int n = schema.size();
        this.types = new FieldType[n];
        for (int i = 0; i < n; i++) {
            types[i] = schema.field(i).type();
        }
        this.primitives = new long[n];
        this.strings = new String[n];
        this.viewBuffers = new ByteBuffer[n];
        this.viewOffsets = new int[n];
        this.utf8Lengths = new int[n];
        this.ascii = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (types[i] == FieldType.STRING) {
                strings[i] = "";
                ascii[i] = true;
            }
        }
    }

    public Schema schema() {
        return schema;
    }

    public int size() {
        return types.length;
    }

    public long getLong(int field) {
        check(field, FieldType.LONG);
        return primitives[field];
    }

    public double getDouble(int field) {
        check(field, FieldType.DOUBLE);
        return Double.longBitsToDouble(primitives[field]);
    }

    public boolean getBoolean(int field) {
        check(field, FieldType.BOOLEAN);
        return primitives[field] != 0;
    }

    /** The string value; decodes (and caches) it if the field is a view over buffer bytes. */
    public String getString(int field) {
        check(field, FieldType.STRING);
        String s = strings[field];
        if (s == null) {
            s = Utf8.decode(viewBuffers[field], viewOffsets[field], utf8Lengths[field]);
            strings[field] = s;
        }
        return s;
    }

    /** The length of the string field's UTF-8 encoding, without decoding it. */
    public int stringUtf8Length(int field) {
        check(field, FieldType.STRING);
        return utf8Lengths[field];
    }

    /** Whether the string field equals {@code s}, comparing bytes where it can. */
    public boolean stringEquals(int field, String s) {
        check(field, FieldType.STRING);
        String mine = strings[field];
        if (mine != null) {
            return mine.equals(s);
        }
        return Utf8.equals(viewBuffers[field], viewOffsets[field], utf8Lengths[field], s);
    }

    public Row setLong(int field, long value) {
        check(field, FieldType.LONG);
        primitives[field] = value;
        return this;
    }

    public Row setDouble(int field, double value) {
        check(field, FieldType.DOUBLE);
        primitives[field] = Double.doubleToRawLongBits(value);
        return this;
    }

    public Row setBoolean(int field, boolean value) {
        check(field, FieldType.BOOLEAN);
        primitives[field] = value ? 1 : 0;
        return this;
    }

    public Row setString(int field, String value) {
        check(field, FieldType.STRING);
        Objects.requireNonNull(value, () -> "value of field '" + schema.field(field).name() + "'");
        strings[field] = value;
        viewBuffers[field] = null;
        long scan = Utf8.scan(value);
        utf8Lengths[field] = (int) (scan >>> 1);
        ascii[field] = (scan & 1) != 0;
        return this;
    }

    /**
     * A hash of one field, equal for equal values whether the row was built or read: strings hash
     * their UTF-8 bytes (from the buffer for views), numbers their bits. Used by hash partitioning.
     */
    public int hashField(int field) {
        switch (types[field]) {
            case STRING -> {
                ByteBuffer view = viewBuffers[field];
                return view != null
                        ? Utf8.hash(view, viewOffsets[field], utf8Lengths[field])
                        : Utf8.hash(strings[field]);
            }
            default -> {
                return Hashing.hashLong(primitives[field]);
            }
        }
    }

    /** Makes this row an independent copy of {@code other} (same schema), detached from buffers. */
    public Row copyFrom(Row other) {
        if (other.schema != schema && !other.schema.equals(schema)) {
            throw new IllegalArgumentException("schema " + other.schema + " is not " + schema);
        }
        for (int i = 0; i < types.length; i++) {
            if (types[i] == FieldType.STRING) {
                setString(i, other.getString(i));
            } else {
                primitives[i] = other.primitives[i];
            }
        }
        return this;
    }

    // --- package-private access for RowSerializer -----------------------------------------------

    long primitive(int field) {
        return primitives[field];
    }

    void primitive(int field, long bits) {
        primitives[field] = bits;
    }

    String stringOrNull(int field) {
        return viewBuffers[field] == null ? strings[field] : null;
    }

    boolean isAscii(int field) {
        return ascii[field];
    }

    /** A per-row scratch array of at least {@code size} bytes (rows are single-threaded). */
    byte[] scratch(int size) {
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, scratch.length * 2)];
        }
        return scratch;
    }

    ByteBuffer viewBuffer(int field) {
        return viewBuffers[field];
    }

    int viewOffset(int field) {
        return viewOffsets[field];
    }

    int utf8Length(int field) {
        return utf8Lengths[field];
    }

    void setView(int field, ByteBuffer buffer, int offset, int length) {
        viewBuffers[field] = buffer;
        viewOffsets[field] = offset;
        utf8Lengths[field] = length;
        strings[field] = null;
    }

    FieldType type(int field) {
        return types[field];
    }

    private void check(int field, FieldType expected) {
        if (types[field] != expected) {
            throw new IllegalArgumentException(
                    "field "
                            + field
                            + " ('"
                            + schema.field(field).name()
                            + "') is "
                            + types[field].specName()
                            + ", not "
                            + expected.specName());
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < types.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(schema.field(i).name()).append('=');
            switch (types[i]) {
                case STRING -> sb.append('"').append(getString(i)).append('"');
                case LONG -> sb.append(primitives[i]);
                case DOUBLE -> sb.append(Double.longBitsToDouble(primitives[i]));
                case BOOLEAN -> sb.append(primitives[i] != 0);
            }
        }
        return sb.append('}').toString();
    }
}
