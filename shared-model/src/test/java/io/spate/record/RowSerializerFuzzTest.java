package io.spate.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz tests of {@link RowSerializer} (src-docs/security.md "Fuzzing"): the bytes of a record come
 * from the network, so any bytes must read as a row or fail with {@link CorruptRecordException},
 * and every row must read back as itself.
 */
class RowSerializerFuzzTest {
    private static final FieldType[] TYPES = FieldType.values();

    /** The schema the input starts with: 1 to 6 fields, one byte each for its type. */
    private static Schema schema(FuzzedDataProvider data) {
        int n = data.consumeInt(1, 6);
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fields.add(new Field("f" + i, TYPES[data.consumeInt(0, TYPES.length - 1)]));
        }
        return new Schema(fields);
    }

    @FuzzTest(maxDuration = "20s")
    void readAnyBytes(FuzzedDataProvider data) {
        Schema schema = schema(data);
        byte[] record = data.consumeRemainingAsBytes();
        // The record sits between other bytes of a network buffer: reading must stay inside it.
        ByteBuffer buffer = ByteBuffer.allocate(record.length + 6);
        buffer.put(3, record);
        for (int i : new int[] {0, 1, 2, record.length + 3, record.length + 4, record.length + 5}) {
            buffer.put(i, (byte) 0x81);
        }
        Row row = new Row(schema);
        try {
            new RowSerializer(schema).read(buffer, 3, record.length, row);
        } catch (CorruptRecordException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        // Every way a task uses a read row must work on its views.
        Row copy = new Row(schema).copyFrom(row);
        for (int i = 0; i < schema.size(); i++) {
            assertThat(copy.hashField(i)).isEqualTo(row.hashField(i));
            if (schema.field(i).type() == FieldType.STRING) {
                String s = row.getString(i);
                assertThat(row.stringEquals(i, s)).isTrue();
                assertThat(row.stringUtf8Length(i)).isGreaterThanOrEqualTo(0);
            }
        }
        assertThat(row.toString()).isEqualTo(copy.toString());
        RowSerializer serializer = new RowSerializer(schema);
        assertThat(serializer.serializedSize(row)).isEqualTo(record.length);
        ByteBuffer again = ByteBuffer.allocate(record.length);
        assertThat(serializer.write(row, again, 0)).isEqualTo(record.length);
        assertThat(again.array()).isEqualTo(record);
    }

    @FuzzTest(maxDuration = "20s")
    void roundTrip(FuzzedDataProvider data) {
        Schema schema = schema(data);
        Row row = new Row(schema);
        for (int i = 0; i < schema.size(); i++) {
            switch (schema.field(i).type()) {
                case LONG -> row.setLong(i, data.consumeLong());
                case DOUBLE -> row.setDouble(i, data.consumeRegularDouble());
                case BOOLEAN -> row.setBoolean(i, data.consumeBoolean());
                case STRING ->
                        row.setString(
                                i,
                                data.consumeBoolean()
                                        ? data.consumeAsciiString(200)
                                        : data.consumeString(200));
            }
        }
        RowSerializer serializer = new RowSerializer(schema);
        int size = serializer.serializedSize(row);
        int offset = data.consumeInt(0, 16);
        ByteBuffer buffer =
                data.consumeBoolean()
                        ? ByteBuffer.allocateDirect(offset + size + 16)
                        : ByteBuffer.allocate(offset + size + 16);
        assertThat(serializer.write(row, buffer, offset)).isEqualTo(offset + size);

        Row read = new Row(schema);
        serializer.read(buffer, offset, size, read);
        for (int i = 0; i < schema.size(); i++) {
            switch (schema.field(i).type()) {
                case LONG -> assertThat(read.getLong(i)).isEqualTo(row.getLong(i));
                case DOUBLE ->
                        assertThat(Double.doubleToRawLongBits(read.getDouble(i)))
                                .isEqualTo(Double.doubleToRawLongBits(row.getDouble(i)));
                case BOOLEAN -> assertThat(read.getBoolean(i)).isEqualTo(row.getBoolean(i));
                case STRING -> {
                    // A lone surrogate has no UTF-8 form: it travels as '?', like String.getBytes.
                    String sent = row.getString(i);
                    String expected =
                            new String(
                                    sent.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
                    assertThat(read.getString(i)).isEqualTo(expected);
                    assertThat(read.stringUtf8Length(i)).isEqualTo(row.stringUtf8Length(i));
                }
            }
            assertThat(read.hashField(i)).as("hash of field %d", i).isEqualTo(row.hashField(i));
        }
    }
}
