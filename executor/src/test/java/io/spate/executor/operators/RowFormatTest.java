package io.spate.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import org.junit.jupiter.api.Test;

class RowFormatTest {

    private static final Schema SCHEMA =
            Schema.of(
                    new Field("s", FieldType.STRING),
                    new Field("n", FieldType.LONG),
                    new Field("d", FieldType.DOUBLE),
                    new Field("b", FieldType.BOOLEAN));

    @Test
    void csvQuotesOnlyWhatRfc4180Requires() {
        assertThat(csv("plain")).isEqualTo("plain,-3,1.5,true\r\n");
        assertThat(csv("a,b")).isEqualTo("\"a,b\",-3,1.5,true\r\n");
        assertThat(csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\",-3,1.5,true\r\n");
        assertThat(csv("two\nlines")).isEqualTo("\"two\nlines\",-3,1.5,true\r\n");
        assertThat(csv("cr\r")).isEqualTo("\"cr\r\",-3,1.5,true\r\n");
        assertThat(csv("")).isEqualTo(",-3,1.5,true\r\n");
        assertThat(csv("  spaces  ")).isEqualTo("  spaces  ,-3,1.5,true\r\n");
    }

    @Test
    void jsonLinesEscapesStringsAndWritesFieldsInSchemaOrder() {
        StringBuilder line = new StringBuilder();
        new JsonLinesRowFormat().append(row("q\"b\\\n\u0001é"), line);
        assertThat(line.toString())
                .isEqualTo("{\"s\":\"q\\\"b\\\\\\n\\u0001é\",\"n\":-3,\"d\":1.5,\"b\":true}\n");

        line.setLength(0);
        new JsonLinesRowFormat().append(row("x").setDouble(2, Double.NaN), line);
        assertThat(line.toString()).contains("\"d\":\"NaN\"");
    }

    private static String csv(String s) {
        StringBuilder line = new StringBuilder();
        new CsvRowFormat().append(row(s), line);
        return line.toString();
    }

    private static Row row(String s) {
        return new Row(SCHEMA).setString(0, s).setLong(1, -3).setDouble(2, 1.5).setBoolean(3, true);
    }
}
