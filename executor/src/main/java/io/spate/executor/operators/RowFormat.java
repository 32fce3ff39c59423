package io.spate.executor.operators;

import io.spate.record.Row;

/** How {@code WriteToFiles} writes one record as one line (terminator included). */
public interface RowFormat {

    void append(Row row, StringBuilder line);

    /** The committed file's extension, without the dot. */
    String extension();

    static RowFormat named(String name) {
        return switch (name) {
            case "csv" -> new CsvRowFormat();
            case "jsonl" -> new JsonLinesRowFormat();
            default ->
                    throw new IllegalArgumentException(
                            "format: unknown format \"" + name + "\" (known: csv, jsonl)");
        };
    }
}
