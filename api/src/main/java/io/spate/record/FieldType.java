package io.spate.record;

/** The types a record field can have (src-docs/contracts.md §4: string, long, double, boolean). */
public enum FieldType {
    STRING,
    LONG,
    DOUBLE,
    BOOLEAN;

    /** The lower-case name used in job specs and JSON. */
    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
