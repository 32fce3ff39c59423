package io.spate.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RowSerializerTest {
    private static final Schema SCHEMA =
            Schema.of(
                    new Field("word", FieldType.STRING),
                    new Field("count", FieldType.LONG),
                    new Field("ratio", FieldType.DOUBLE),
                    new Field("flag", FieldType.BOOLEAN),
                    new Field("note", FieldType.STRING));

    private final RowSerializer serializer = new RowSerializer(SCHEMA);

    @Test
    void roundTripsEveryTypeIntoDirectBufferWithStringViews() {
        Row row = new Row(SCHEMA);
        row.setString(0, "héllo wörld €𝄞").setLong(1, -42).setDouble(2, 0.25).setBoolean(3, true);
        row.setString(4, "");
        int size = serializer.serializedSize(row);
        ByteBuffer buf = ByteBuffer.allocateDirect(size + 10);
        int end = serializer.write(row, buf, 3);
        assertThat(end - 3).isEqualTo(size);

        Row read = new Row(SCHEMA);
        serializer.read(buf, 3, size, read);
        assertThat(read.stringUtf8Length(0)).isEqualTo(row.stringUtf8Length(0));
        assertThat(read.stringEquals(0, "héllo wörld €𝄞")).isTrue();
        assertThat(read.stringEquals(0, "hello")).isFalse();
        assertThat(read.getString(0)).isEqualTo("héllo wörld €𝄞");
        assertThat(read.getLong(1)).isEqualTo(-42);
        assertThat(read.getDouble(2)).isEqualTo(0.25);
        assertThat(read.getBoolean(3)).isTrue();
        assertThat(read.getString(4)).isEmpty();
        assertThat(read.hashField(0)).isEqualTo(row.hashField(0));
        assertThat(read.hashField(1)).isEqualTo(row.hashField(1));
    }

    @Test
    void viewRowsReserializeFromTheirBytesAndCopyDetaches() {
        Row row = new Row(SCHEMA).setString(0, "abc").setString(4, "xyz");
        ByteBuffer buf = ByteBuffer.allocate(64);
        int size = serializer.write(row, buf, 0);
        Row view = new Row(SCHEMA);
        serializer.read(buf, 0, size, view);
        ByteBuffer again = ByteBuffer.allocate(64);
        assertThat(serializer.write(view, again, 0)).isEqualTo(size);
        assertThat(again.array()).isEqualTo(buf.array());

        Row copy = new Row(SCHEMA).copyFrom(view);
        buf.put(0, new byte[64]); // overwrite the source bytes
        assertThat(copy.getString(0)).isEqualTo("abc");
        assertThat(copy.getString(4)).isEqualTo("xyz");
    }

    @Test
    void emptySchemaHasEmptyRecords() {
        Schema empty = Schema.of();
        RowSerializer s = new RowSerializer(empty);
        Row row = new Row(empty);
        assertThat(s.serializedSize(row)).isZero();
        s.read(ByteBuffer.allocate(0), 0, 0, row);
    }

    @Test
    void longStringsUseMultiByteLengths() {
        String big = "x".repeat(300_000);
        Row row = new Row(SCHEMA).setString(0, big);
        int size = serializer.serializedSize(row);
        ByteBuffer buf = ByteBuffer.allocate(size);
        serializer.write(row, buf, 0);
        Row read = new Row(SCHEMA);
        serializer.read(buf, 0, size, read);
        assertThat(read.getString(0)).isEqualTo(big);
    }

    @Test
    void corruptBytesAreRejectedNamingTheField() {
        Row row = new Row(SCHEMA).setString(0, "abc");
        ByteBuffer buf = ByteBuffer.allocate(64);
        int size = serializer.write(row, buf, 0);
        Row read = new Row(SCHEMA);
        assertThatThrownBy(() -> serializer.read(buf, 0, size - 1, read))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("'note'");
        assertThatThrownBy(() -> serializer.read(buf, 0, size + 2, read))
                .hasMessageContaining("after its last field");
        buf.put(0, (byte) 100); // string length beyond the record
        assertThatThrownBy(() -> serializer.read(buf, 0, size, read))
                .hasMessageContaining("'word'");
    }

    @Test
    void wrongTypeAccessNamesTheField() {
        Row row = new Row(SCHEMA);
        assertThatThrownBy(() -> row.getLong(0))
                .hasMessageContaining("'word'")
                .hasMessageContaining("string");
    }

    @Test
    void hashOfStringEqualsHashOfItsBytesForAllCharacterClasses() {
        for (String s :
                new String[] {"", "a", "word42", "ümlaut", "€", "𝄞x", "bad\uD800surrogate"}) {
            ByteBuffer b = ByteBuffer.allocate(64);
            int end = Utf8.encode(s, b, 0);
            assertThat(end).isEqualTo(Utf8.encodedLength(s));
            assertThat(Utf8.hash(b, 0, end)).as(s).isEqualTo(Utf8.hash(s));
        }
    }

    /** Fuzz finding (RowSerializerFuzzTest readAnyBytes/crash-6f6ef246...): a lone 0xB4. */
    @Test
    void rejectsStringBytesThatAreNotUtf8() {
        Schema schema = Schema.of(new Field("s", FieldType.STRING));
        ByteBuffer buf = ByteBuffer.wrap(new byte[] {1, (byte) 0xB4});
        assertThatThrownBy(() -> new RowSerializer(schema).read(buf, 0, 2, new Row(schema)))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("field 's'")
                .hasMessageContaining("not UTF-8")
                .hasMessageContaining("0xb4");
    }

    /** Fuzz finding (readAnyBytes/crash-e1798367...): length 0 written in two bytes, 0x80 0x00. */
    @Test
    void rejectsAnOverlongStringLength() {
        Schema schema = Schema.of(new Field("s", FieldType.STRING));
        ByteBuffer buf = ByteBuffer.wrap(new byte[] {(byte) 0x80, 0});
        assertThatThrownBy(() -> new RowSerializer(schema).read(buf, 0, 2, new Row(schema)))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("field 's'")
                .hasMessageContaining("not a canonical varint");
    }

    /**
     * Fuzz finding (readAnyBytes/crash-2db0d5f9...): a five-byte length whose last group sets bits
     * above an int's 32, 0x80 0x80 0x80 0x80 0x60, wrapped to length 0 and wrote back as one byte.
     */
    @Test
    void rejectsAStringLengthWhoseBitsFallOffAnInt() {
        Schema schema = Schema.of(new Field("s", FieldType.STRING));
        byte[] bytes = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x60};
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        assertThatThrownBy(() -> new RowSerializer(schema).read(buf, 0, 5, new Row(schema)))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("field 's'")
                .hasMessageContaining("not a canonical varint");
    }

    /** Every length the writer writes, at each varint size boundary, reads back as itself. */
    @Test
    void readsStringLengthsAtEveryVarintBoundary() {
        Schema schema = Schema.of(new Field("s", FieldType.STRING));
        RowSerializer serializer = new RowSerializer(schema);
        for (int len : new int[] {0, 0x7F, 0x80, 0x3FFF, 0x4000, 0x1FFFFF, 0x200000}) {
            Row row = new Row(schema);
            row.setString(0, "a".repeat(len));
            ByteBuffer buf = ByteBuffer.allocate(serializer.serializedSize(row));
            serializer.write(row, buf, 0);
            Row back = new Row(schema);
            serializer.read(buf, 0, buf.capacity(), back);
            assertThat(back.stringUtf8Length(0)).isEqualTo(len);
        }
    }

    /**
     * {@link Utf8#firstMalformed} accepts exactly what the JDK's decoder decodes without
     * replacement: every 1- and 2-byte input, and 3- and 4-byte inputs over every lead and second
     * byte with continuation bytes at the edges of their range and outside it.
     */
    @Test
    void firstMalformedAgreesWithTheJdkDecoder() {
        int[] tails = {0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xFF};
        for (int a = 0; a < 256; a++) {
            assertUtf8Agrees(a);
            for (int b = 0; b < 256; b++) {
                assertUtf8Agrees(a, b);
                if (a < 0xE0) {
                    continue;
                }
                for (int c : tails) {
                    assertUtf8Agrees(a, b, c);
                    if (a >= 0xF0) {
                        for (int d : tails) {
                            assertUtf8Agrees(a, b, c, d);
                        }
                    }
                }
            }
        }
    }

    private static void assertUtf8Agrees(int... ints) {
        byte[] bytes = new byte[ints.length + 2];
        bytes[0] = 'x';
        for (int i = 0; i < ints.length; i++) {
            bytes[i + 1] = (byte) ints[i];
        }
        bytes[bytes.length - 1] = 'y';
        boolean jdk;
        try {
            java.nio.charset.StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 1, ints.length));
            jdk = true;
        } catch (java.nio.charset.CharacterCodingException e) {
            jdk = false;
        }
        assertThat(Utf8.firstMalformed(ByteBuffer.wrap(bytes), 1, ints.length) < 0)
                .as("%s", java.util.HexFormat.of().formatHex(bytes, 1, ints.length + 1))
                .isEqualTo(jdk);
    }
}
