package io.spate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spate.executor.nexmark.NexmarkGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Nexmark queries computed in plain Java over the generator's events, independently of Spate's
 * operators (nested loops and maps, straight from the query definitions), and the specs of
 * examples/nexmark made into correctness runs: fewer events, their Discard a JSON-lines
 * WriteToFiles. Each query's rows are compared as multisets of {@link #key} strings.
 */
final class NexmarkQueries {

    /** The events of one generator run, per kind, in split order. */
    record Events(
            List<NexmarkGenerator.Person> persons,
            List<NexmarkGenerator.Auction> auctions,
            List<NexmarkGenerator.Bid> bids) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private NexmarkQueries() {}

    static Events generate(long events, long eventsPerSecond) {
        NexmarkGenerator g = new NexmarkGenerator(events, eventsPerSecond, 2);
        Events out = new Events(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int s = 0; s < 2; s++) {
            for (long k = 0; k < g.eventsOfSplit(s); k++) {
                long e = g.eventId(s, k);
                switch (NexmarkGenerator.kind(e)) {
                    case PERSON -> {
                        NexmarkGenerator.Person p = new NexmarkGenerator.Person();
                        g.person(e, k, p);
                        out.persons().add(p);
                    }
                    case AUCTION -> {
                        NexmarkGenerator.Auction a = new NexmarkGenerator.Auction();
                        g.auction(e, k, a);
                        out.auctions().add(a);
                    }
                    case BID -> {
                        NexmarkGenerator.Bid b = new NexmarkGenerator.Bid();
                        g.bid(e, k, b);
                        out.bids().add(b);
                    }
                }
            }
        }
        return out;
    }

    /**
     * examples/nexmark/{query}.yaml at {@code events} events of {@code eventsPerSecond}, written to
     * {@code out} as JSON lines; {@code jobKeys} (YAML lines such as {@code checkpoints: {..}}) go
     * after the name, {@code sourceKeys} (such as {@code maxRate: 20000}) into the source's config.
     */
    static String spec(
            String query,
            long events,
            long eventsPerSecond,
            Path out,
            String jobKeys,
            String sourceKeys)
            throws IOException {
        String yaml =
                Files.readString(
                        Path.of(
                                System.getProperty("spate.home"),
                                "examples",
                                "nexmark",
                                query + ".yaml"));
        String config = "events: " + events + ", eventsPerSecond: " + eventsPerSecond;
        if (!sourceKeys.isEmpty()) {
            config += ", " + sourceKeys;
        }
        String made =
                yaml.replaceAll("events: \\d+", config)
                        .replace(
                                "- {type: Discard}",
                                "- {type: WriteToFiles, config: {path: \""
                                        + out
                                        + "\", format: jsonl}}")
                        .replaceFirst("(?m)^(name: .*)$", "$1\n" + jobKeys.strip());
        if (!made.contains("WriteToFiles") || !made.contains(config)) {
            throw new IllegalStateException(query + ".yaml has changed its shape:\n" + made);
        }
        return made;
    }

    /** The rows of every committed part file under {@code out}. */
    static List<JsonNode> rows(Path out) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path f :
                    files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    rows.add(JSON.readTree(line));
                }
            }
        }
        return rows;
    }

    static String key(Object... fields) {
        StringBuilder s = new StringBuilder();
        for (Object f : fields) {
            s.append(f).append('|');
        }
        return s.toString();
    }

    /** {@code fields} of a JSON row as a {@link #key}: numbers as longs, others as text. */
    static String key(JsonNode row, String... fields) {
        Object[] values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            JsonNode v = row.get(fields[i]);
            if (v == null) {
                throw new AssertionError("row " + row + " has no field " + fields[i]);
            }
            values[i] = v.isIntegralNumber() ? (Object) v.asLong() : v.asText();
        }
        return key(values);
    }

    /** q3: (name, city, state, auction id) for category-10 auctions of sellers in OR, ID, CA. */
    static List<String> q3(Events ev) {
        Set<String> states = Set.of("OR", "ID", "CA");
        Map<Long, NexmarkGenerator.Person> byId = new HashMap<>();
        for (NexmarkGenerator.Person p : ev.persons()) {
            if (states.contains(p.state)) {
                byId.put(p.id, p);
            }
        }
        List<String> rows = new ArrayList<>();
        for (NexmarkGenerator.Auction a : ev.auctions()) {
            NexmarkGenerator.Person p = byId.get(a.seller);
            if (a.category == 10 && p != null) {
                rows.add(key(p.name, p.city, p.state, a.id));
            }
        }
        return rows;
    }

    /**
     * q5: per HOP window (10 s, every 2 s) the bid count per auction; (auction, num) for each
     * auction whose count is the window's largest.
     */
    static List<String> q5(Events ev) {
        Map<Long, Map<Long, Long>> counts = new HashMap<>(); // window start -> auction -> count
        for (NexmarkGenerator.Bid b : ev.bids()) {
            long last = b.dateTime - Math.floorMod(b.dateTime, 2_000);
            for (long start = last; start > b.dateTime - 10_000; start -= 2_000) {
                counts.computeIfAbsent(start, x -> new HashMap<>()).merge(b.auction, 1L, Long::sum);
            }
        }
        List<String> rows = new ArrayList<>();
        counts.forEach(
                (start, perAuction) -> {
                    long max =
                            perAuction.values().stream().mapToLong(Long::longValue).max().orElse(0);
                    perAuction.forEach(
                            (auction, n) -> {
                                if (n == max) {
                                    rows.add(key(auction, n));
                                }
                            });
                });
        return rows;
    }

    /**
     * q7: per 10 s TUMBLE window the largest price; every bid of that price with window_end - 10 s
     * <= dateTime <= window_end, as (auction, price, bidder, dateTime, extra).
     */
    static List<String> q7(Events ev) {
        Map<Long, Long> maxByEnd = new HashMap<>();
        for (NexmarkGenerator.Bid b : ev.bids()) {
            long end = b.dateTime - Math.floorMod(b.dateTime, 10_000) + 10_000;
            maxByEnd.merge(end, b.price, Math::max);
        }
        List<String> rows = new ArrayList<>();
        for (NexmarkGenerator.Bid b : ev.bids()) {
            maxByEnd.forEach(
                    (end, max) -> {
                        if (b.price == max && end - 10_000 <= b.dateTime && b.dateTime <= end) {
                            rows.add(key(b.auction, b.price, b.bidder, b.dateTime, b.extra));
                        }
                    });
        }
        return rows;
    }

    /**
     * q8: (id, name, window start) of each person who created an auction in the 10 s TUMBLE window
     * they registered in.
     */
    static List<String> q8(Events ev) {
        Set<String> sellers = new HashSet<>();
        for (NexmarkGenerator.Auction a : ev.auctions()) {
            sellers.add(a.seller + "@" + (a.dateTime - Math.floorMod(a.dateTime, 10_000)));
        }
        List<String> rows = new ArrayList<>();
        for (NexmarkGenerator.Person p : ev.persons()) {
            long start = p.dateTime - Math.floorMod(p.dateTime, 10_000);
            if (sellers.contains(p.id + "@" + start)) {
                rows.add(key(p.id, p.name, start));
            }
        }
        return rows;
    }

    /** Spate's rows of {@code query} as the keys its reference method gives. */
    static List<String> actual(String query, List<JsonNode> rows) {
        String[] fields =
                switch (query) {
                    case "q3" -> new String[] {"name", "city", "state", "id"};
                    case "q5" -> new String[] {"auction", "num"};
                    case "q7" -> new String[] {"auction", "price", "bidder", "dateTime", "extra"};
                    case "q8" -> new String[] {"id", "name", "starttime"};
                    default -> throw new IllegalArgumentException(query);
                };
        return rows.stream().map(r -> key(r, fields)).toList();
    }

    static List<String> expected(String query, Events ev) {
        return switch (query) {
            case "q3" -> q3(ev);
            case "q5" -> q5(ev);
            case "q7" -> q7(ev);
            case "q8" -> q8(ev);
            default -> throw new IllegalArgumentException(query);
        };
    }
}
