package io.spate.executor.operators;

import io.spate.record.Row;
import io.spate.record.Schema;

/**
 * JSON Lines: one object per record, {@code {"<field>":<value>,...}} in schema order, ended by LF.
 * Strings escaped per RFC 8259 (quote, backslash, control characters); doubles that JSON cannot
 * represent (NaN, ±Infinity) are written as strings ({@code "NaN"}).
 */
public final class JsonLinesRowFormat implements RowFormat {

    @Override
    public void append(Row row, StringBuilder line) {
        Schema schema = row.schema();
        line.append('{');
        for (int i = 0; i < schema.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            appendString(schema.field(i).name(), line);
            line.append(':');
            switch (schema.field(i).type()) {
                case STRING -> appendString(row.getString(i), line);
                case LONG -> line.append(row.getLong(i));
                case DOUBLE -> {
                    double d = row.getDouble(i);
                    if (Double.isFinite(d)) {
                        line.append(d);
                    } else {
                        appendString(Double.toString(d), line);
                    }
                }
                case BOOLEAN -> line.append(row.getBoolean(i));
            }
        }
        line.append("}\n");
    }

    static void appendString(String s, StringBuilder line) {
        line.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < 0x20) {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        line.append('"');
    }

    @Override
    public String extension() {
        return "jsonl";
    }
}
