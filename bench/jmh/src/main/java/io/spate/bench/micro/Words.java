package io.spate.bench.micro;

import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.RowSerializer;
import io.spate.record.Schema;
import java.nio.ByteBuffer;

/**
 * The keys of workload W1: record i is {@code "w" + ((i * 2654435761) mod vocabulary)}
 * (src-docs/contracts.md §4 Words).
 */
final class Words {
    static final Schema WORD = Schema.of(new Field("word", FieldType.STRING));
    static final Schema WORD_COUNT =
            Schema.of(new Field("word", FieldType.STRING), new Field("count", FieldType.LONG));

    /** A power of two, so a benchmark cycles with {@code i & MASK}. */
    static final int ROWS = 8192;

    static final int MASK = ROWS - 1;
    static final int VOCABULARY = 10_000;

    private Words() {}

    static String word(long i) {
        return "w" + Math.floorMod(i * 2654435761L, (long) VOCABULARY);
    }

    /** {@link #ROWS} rows {@code {word}} holding java.lang.String keys (as a source emits them). */
    static Row[] stringRows() {
        Row[] rows = new Row[ROWS];
        for (int i = 0; i < ROWS; i++) {
            rows[i] = new Row(WORD).setString(0, word(i));
        }
        return rows;
    }

    /**
     * {@link #ROWS} rows {@code {word}} read as views over a serialized buffer (as a task reads
     * them from an input channel: the key is UTF-8 bytes, not a String).
     */
    static Row[] viewRows() {
        RowSerializer serializer = new RowSerializer(WORD);
        ByteBuffer buffer = ByteBuffer.allocateDirect(ROWS * 16);
        Row[] strings = stringRows();
        Row[] rows = new Row[ROWS];
        int pos = 0;
        for (int i = 0; i < ROWS; i++) {
            int end = serializer.write(strings[i], buffer, pos);
            rows[i] = new Row(WORD);
            serializer.read(buffer, pos, end - pos, rows[i]);
            pos = end;
        }
        return rows;
    }
}
