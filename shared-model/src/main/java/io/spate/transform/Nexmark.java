package io.spate.transform;

import static io.spate.transform.ConfigKey.longKey;
import static io.spate.transform.ConfigKey.optionalLong;

import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Schema;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Nexmark} source (src-docs/nexmark.md): its config and its three outputs, {@code
 * <name>.person}, {@code <name>.auction} and {@code <name>.bid}, with Nexmark's field names and
 * event time in {@code dateTime}. It has no main output.
 */
public final class Nexmark {

    public static final String PERSON = "person";
    public static final String AUCTION = "auction";
    public static final String BID = "bid";
    public static final String DATE_TIME = "dateTime";

    /** The watermark lags the greatest dateTime by this much (Nexmark's 4 s). */
    public static final long WATERMARK_DELAY_MS = 4_000;

    public static final Schema PERSON_SCHEMA =
            schema(
                    "id",
                    FieldType.LONG,
                    "name",
                    FieldType.STRING,
                    "emailAddress",
                    FieldType.STRING,
                    "creditCard",
                    FieldType.STRING,
                    "city",
                    FieldType.STRING,
                    "state",
                    FieldType.STRING,
                    DATE_TIME,
                    FieldType.LONG,
                    "extra",
                    FieldType.STRING);

    public static final Schema AUCTION_SCHEMA =
            schema(
                    "id",
                    FieldType.LONG,
                    "itemName",
                    FieldType.STRING,
                    "description",
                    FieldType.STRING,
                    "initialBid",
                    FieldType.LONG,
                    "reserve",
                    FieldType.LONG,
                    DATE_TIME,
                    FieldType.LONG,
                    "expires",
                    FieldType.LONG,
                    "seller",
                    FieldType.LONG,
                    "category",
                    FieldType.LONG,
                    "extra",
                    FieldType.STRING);

    public static final Schema BID_SCHEMA =
            schema(
                    "auction",
                    FieldType.LONG,
                    "bidder",
                    FieldType.LONG,
                    "price",
                    FieldType.LONG,
                    "channel",
                    FieldType.STRING,
                    "url",
                    FieldType.STRING,
                    DATE_TIME,
                    FieldType.LONG,
                    "extra",
                    FieldType.STRING);

    /** The outputs, in the order of the event kinds. */
    public static final Map<String, Schema> OUTPUTS =
            orderedOf(PERSON, PERSON_SCHEMA, AUCTION, AUCTION_SCHEMA, BID, BID_SCHEMA);

    static final TransformDescriptor DESCRIPTOR =
            new TransformDescriptor(
                    TransformCatalog.NEXMARK,
                    TransformKind.SOURCE,
                    List.of(
                            optionalLong("events", 0, "events in total; absent = unbounded"),
                            longKey(
                                    "eventsPerSecond",
                                    10_000_000,
                                    1,
                                    "event-time rate R over all splits (the public benchmark's)"),
                            longKey("splits", 2, 1, "generator splits G, spread over subtasks"),
                            longKey(
                                    "maxRate",
                                    0,
                                    0,
                                    "a wall-clock limit in events/s over all subtasks; 0 = none"
                                            + " (the benchmark never limits)")),
                    false,
                    (in, config, key, problems) -> Optional.empty(),
                    "Nexmark's persons, auctions and bids on <name>.person, .auction, .bid");

    private Nexmark() {}

    private static Schema schema(Object... nameType) {
        Field[] fields = new Field[nameType.length / 2];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = new Field((String) nameType[2 * i], (FieldType) nameType[2 * i + 1]);
        }
        return Schema.of(fields);
    }

    private static Map<String, Schema> orderedOf(Object... kv) {
        java.util.LinkedHashMap<String, Schema> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Schema) kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
