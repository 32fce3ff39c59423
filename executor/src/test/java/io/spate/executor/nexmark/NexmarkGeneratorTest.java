package io.spate.executor.nexmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generator against events computed by a second, independent implementation of the spec
 * (reference.py, in Python), every field of persons, auctions and bids; and the splits cover every
 * event id once.
 */
class NexmarkGeneratorTest {

    private static final long N = 100_000;
    private final NexmarkGenerator g = new NexmarkGenerator(N, 10_000_000, 2);

    private static List<JsonNode> expected() throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(
                                NexmarkGeneratorTest.class.getResourceAsStream("expected.jsonl"),
                                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                rows.add(json.readTree(line));
            }
        }
        return rows;
    }

    private long k(long e) {
        long per = N / 2;
        int s = (int) Math.min((e - 2) / per, 1);
        return e - 2 - s * per;
    }

    @Test
    void everyFieldOfKnownEventsIsWhatTheReferenceComputes() throws Exception {
        List<JsonNode> rows = expected();
        assertThat(rows).hasSizeGreaterThan(20);
        int persons = 0;
        int auctions = 0;
        int bids = 0;
        for (JsonNode x : rows) {
            long e = x.get(0).asLong();
            String kind = x.get(1).asText();
            assertThat(NexmarkGenerator.kind(e).name().toLowerCase())
                    .as("kind of %d", e)
                    .isEqualTo(kind);
            switch (kind) {
                case "person" -> {
                    persons++;
                    NexmarkGenerator.Person p = new NexmarkGenerator.Person();
                    g.person(e, k(e), p);
                    assertThat(
                                    List.of(
                                            p.id,
                                            p.name,
                                            p.emailAddress,
                                            p.creditCard,
                                            p.city,
                                            p.state,
                                            p.dateTime,
                                            p.extra))
                            .as("person %d", e)
                            .containsExactly(
                                    x.get(2).asLong(),
                                    x.get(3).asText(),
                                    x.get(4).asText(),
                                    x.get(5).asText(),
                                    x.get(6).asText(),
                                    x.get(7).asText(),
                                    x.get(8).asLong(),
                                    x.get(9).asText());
                }
                case "auction" -> {
                    auctions++;
                    NexmarkGenerator.Auction a = new NexmarkGenerator.Auction();
                    g.auction(e, k(e), a);
                    assertThat(
                                    List.of(
                                            a.id,
                                            a.itemName,
                                            a.description,
                                            a.initialBid,
                                            a.reserve,
                                            a.dateTime,
                                            a.expires,
                                            a.seller,
                                            a.category,
                                            a.extra))
                            .as("auction %d", e)
                            .containsExactly(
                                    x.get(2).asLong(),
                                    x.get(3).asText(),
                                    x.get(4).asText(),
                                    x.get(5).asLong(),
                                    x.get(6).asLong(),
                                    x.get(7).asLong(),
                                    x.get(8).asLong(),
                                    x.get(9).asLong(),
                                    x.get(10).asLong(),
                                    x.get(11).asText());
                }
                default -> {
                    bids++;
                    NexmarkGenerator.Bid b = new NexmarkGenerator.Bid();
                    g.bid(e, k(e), b);
                    assertThat(
                                    List.of(
                                            b.auction,
                                            b.bidder,
                                            b.price,
                                            b.channel,
                                            b.url,
                                            b.dateTime,
                                            b.extra))
                            .as("bid %d", e)
                            .containsExactly(
                                    x.get(2).asLong(),
                                    x.get(3).asLong(),
                                    x.get(4).asLong(),
                                    x.get(5).asText(),
                                    x.get(6).asText(),
                                    x.get(7).asLong(),
                                    x.get(8).asText());
                }
            }
        }
        assertThat(persons).isGreaterThan(3);
        assertThat(auctions).isGreaterThan(3);
        assertThat(bids).isGreaterThan(3);
    }

    @Test
    void theSplitsCoverEveryIdOnceAndTheSameTimeRange() {
        for (long n : new long[] {0, 1, 7, 100_001}) {
            for (int splits : new int[] {1, 2, 3}) {
                NexmarkGenerator gen = new NexmarkGenerator(n, 10_000_000, splits);
                BitSet seen = new BitSet();
                long total = 0;
                for (int s = 0; s < splits; s++) {
                    for (long k = 0; k < gen.eventsOfSplit(s); k++) {
                        long e = gen.eventId(s, k);
                        assertThat(seen.get((int) e)).as("id %d twice", e).isFalse();
                        seen.set((int) e);
                        total++;
                    }
                }
                assertThat(total).isEqualTo(n);
                assertThat(seen.cardinality()).isEqualTo((int) n);
                if (n > 0) {
                    assertThat(seen.nextSetBit(0)).isEqualTo(2);
                    assertThat(seen.length() - 1).isEqualTo(n + 1);
                }
            }
        }
        // 100k events at 10 M/s span 10 ms of event time; 5,000 events of a split share a ms
        assertThat(g.eventTime(0)).isEqualTo(NexmarkGenerator.BASE_TIME);
        assertThat(g.eventTime(4_998)).isEqualTo(NexmarkGenerator.BASE_TIME);
        assertThat(g.eventTime(4_999)).isEqualTo(NexmarkGenerator.BASE_TIME + 1);
        assertThat(g.eventTime(N / 2 - 1)).isEqualTo(NexmarkGenerator.BASE_TIME + 10);
    }

    @Test
    void theKindsComeInProportionOneThreeFortySix() {
        int[] counts = new int[3];
        for (long e = 2; e < 2 + 50_000; e++) {
            counts[NexmarkGenerator.kind(e).ordinal()]++;
        }
        assertThat(counts).containsExactly(1_000, 3_000, 46_000);
    }
}
