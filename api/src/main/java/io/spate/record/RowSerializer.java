package io.spate.record;

import java.nio.ByteBuffer;

/**
 * The binary form of a {@link Row} of one {@link Schema}: fields in schema order, no field names,
 * no type tags, no reflection.
 *
 * <pre>
 * long, double   8 bytes, big-endian (double as its raw IEEE-754 bits)
 * boolean        1 byte, 0 or 1
 * string         varint UTF-8 length (7 bits a byte, low groups first), then the UTF-8 bytes
 * </pre>
 *
 * A record's own length is not part of this form; the data plane frames records with a length
 * prefix. Writing and reading work on absolute positions of a {@link ByteBuffer} (heap or direct)
 * so the data plane serializes straight into its network buffers and reads string fields as views
 * without copying. Thread-safe (stateless apart from the schema's layout).
 */
public final class RowSerializer {
    private static final int ASCII_BULK_THRESHOLD = 16;
    private final Schema schema;
    private final FieldType[] types;
    private final int fixedSize;
    private final boolean hasStrings;

    public RowSerializer(Schema schema) {
        this.schema = schema;
        int n = schema.size();
        this.types = new FieldType[n];
        int fixed = 0;
        boolean strings = false;
        for (int i = 0; i < n; i++) {
            types[i] = schema.field(i).type();
            switch (types[i]) {
                case LONG, DOUBLE -> fixed += 8;
                case BOOLEAN -> fixed += 1;
                case STRING -> strings = true;
            }
        }
        this.fixedSize = fixed;
        this.hasStrings = strings;
    }

    public Schema schema() {
        return schema;
    }

    /** The exact number of bytes {@link #write} produces for {@code row}. */
    public int serializedSize(Row row) {
        if (!hasStrings) {
            return fixedSize;
        }
        int size = fixedSize;
        for (int i = 0; i < types.length; i++) {
            if (types[i] == FieldType.STRING) {
                int len = row.utf8Length(i);
                size += varIntSize(len) + len;
            }
        }
        return size;
    }

    /**
     * Writes {@code row} at absolute position {@code pos} of {@code dst} (which must have {@link
     * #serializedSize} bytes of room) and returns the position after it.
     */
    @SuppressWarnings(
            "deprecation") // String.getBytes(int, int, byte[], int): exactly ASCII's bytes
    public int write(Row row, ByteBuffer dst, int pos) {
        for (int i = 0; i < types.length; i++) {
            switch (types[i]) {
                case LONG, DOUBLE -> {
                    dst.putLong(pos, row.primitive(i));
                    pos += 8;
                }
                case BOOLEAN -> dst.put(pos++, (byte) row.primitive(i));
                case STRING -> {
                    int len = row.utf8Length(i);
                    pos = putVarInt(dst, pos, len);
                    String s = row.stringOrNull(i);
                    if (s != null) {
                        if (len >= ASCII_BULK_THRESHOLD && row.isAscii(i)) {
                            // chars -> bytes is an array copy for compact strings, then one bulk
                            // copy
                            byte[] tmp = row.scratch(len);
                            s.getBytes(0, len, tmp, 0);
                            dst.put(pos, tmp, 0, len);
                            pos += len;
                        } else {
                            pos = Utf8.encode(s, dst, pos);
                        }
                    } else {
                        dst.put(pos, row.viewBuffer(i), row.viewOffset(i), len);
                        pos += len;
                    }
                }
            }
        }
        return pos;
    }

    /**
     * Reads the record of {@code length} bytes at {@code pos} of {@code src} into {@code into}.
     * String fields become views of {@code src}: valid as long as its bytes are.
     *
     * @throws CorruptRecordException if the bytes do not match the schema or {@code length}, or a
     *     string's bytes are not well-formed UTF-8
     */
    public void read(ByteBuffer src, int pos, int length, Row into) {
        int end = pos + length;
        for (int i = 0; i < types.length; i++) {
            switch (types[i]) {
                case LONG, DOUBLE -> {
                    if (pos + 8 > end) {
                        throw truncated(i, length);
                    }
                    into.primitive(i, src.getLong(pos));
                    pos += 8;
                }
                case BOOLEAN -> {
                    if (pos >= end) {
                        throw truncated(i, length);
                    }
                    byte b = src.get(pos++);
                    if (b != 0 && b != 1) {
                        throw new CorruptRecordException(
                                "field '" + schema.field(i).name() + "': boolean byte is " + b);
                    }
                    into.primitive(i, b);
                }
                case STRING -> {
                    int len = 0;
                    int shift = 0;
                    int start = pos;
                    byte b;
                    do {
                        if (pos >= end || shift > 28) {
                            throw truncated(i, length);
                        }
                        b = src.get(pos++);
                        len |= (b & 0x7F) << shift;
                        shift += 7;
                    } while (b < 0);
                    // One length, one encoding: a varint the writer would not write (a last
                    // group of 0 after a continuation, or a fifth group whose bits fall off an
                    // int) would read as a row that writes back different from how it came.
                    if (len < 0 || varIntSize(len) != pos - start) {
                        throw new CorruptRecordException(
                                "field '"
                                        + schema.field(i).name()
                                        + "': string length is not a canonical varint");
                    }
                    if (len < 0 || len > end - pos) {
                        throw new CorruptRecordException(
                                "field '"
                                        + schema.field(i).name()
                                        + "': string of "
                                        + len
                                        + " bytes does not fit a record of "
                                        + length
                                        + " bytes");
                    }
                    // Only well-formed UTF-8 may become a view: a view hashes and compares its
                    // bytes, a copy or getString its decoded text, and the two must agree, or a
                    // key routes to one subtask when read and another when forwarded.
                    int bad = Utf8.firstMalformed(src, pos, len);
                    if (bad >= 0) {
                        throw new CorruptRecordException(
                                "field '"
                                        + schema.field(i).name()
                                        + "': string bytes are not UTF-8 (byte "
                                        + (bad - pos)
                                        + " of "
                                        + len
                                        + " is 0x"
                                        + Integer.toHexString(src.get(bad) & 0xFF)
                                        + ")");
                    }
                    into.setView(i, src, pos, len);
                    pos += len;
                }
            }
        }
        if (pos != end) {
            throw new CorruptRecordException(
                    "record of "
                            + length
                            + " bytes has "
                            + (end - pos)
                            + " bytes after its last field");
        }
    }

    private CorruptRecordException truncated(int field, int length) {
        return new CorruptRecordException(
                "record of "
                        + length
                        + " bytes ends inside field '"
                        + schema.field(field).name()
                        + "'");
    }

    static int varIntSize(int v) {
        if (v < 0x80) {
            return 1;
        }
        if (v < 0x4000) {
            return 2;
        }
        if (v < 0x200000) {
            return 3;
        }
        if (v < 0x10000000) {
            return 4;
        }
        return 5;
    }

    private static int putVarInt(ByteBuffer dst, int pos, int v) {
        while ((v & ~0x7F) != 0) {
            dst.put(pos++, (byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        dst.put(pos++, (byte) v);
        return pos;
    }
}
