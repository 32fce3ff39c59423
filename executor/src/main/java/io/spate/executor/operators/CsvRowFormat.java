package io.spate.executor.operators;

import io.spate.record.Row;
import io.spate.record.Schema;

/**
 * RFC 4180: fields in schema order separated by {@code ,}, records ended by CRLF, no header. A
 * string field containing a comma, a double quote, CR or LF is enclosed in double quotes and its
 * double quotes are doubled; other strings are written as they are. Longs in decimal, doubles by
 * {@link Double#toString}, booleans as {@code true}/{@code false}.
 */
public final class CsvRowFormat implements RowFormat {

    @Override
    public void append(Row row, StringBuilder line) {
        Schema schema = row.schema();
        for (int i = 0; i < schema.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            switch (schema.field(i).type()) {
                case STRING -> appendString(row.getString(i), line);
                case LONG -> line.append(row.getLong(i));
                case DOUBLE -> line.append(row.getDouble(i));
                case BOOLEAN -> line.append(row.getBoolean(i));
            }
        }
        line.append("\r\n");
    }

    static void appendString(String s, StringBuilder line) {
        if (!needsQuotes(s)) {
            line.append(s);
            return;
        }
        line.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                line.append('"');
            }
            line.append(c);
        }
        line.append('"');
    }

    private static boolean needsQuotes(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }

    @Override
    public String extension() {
        return "csv";
    }
}
