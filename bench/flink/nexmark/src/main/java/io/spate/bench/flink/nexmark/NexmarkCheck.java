package io.spate.bench.flink.nexmark;

import io.spate.executor.nexmark.NexmarkGenerator;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The row counts of the deterministic Nexmark queries computed in plain Java over the generator's
 * events (all in memory: meant for small N, e.g. 100,000), to check FlinkNexmark's out_rows:
 * q0/q1 bids, q2 bids with auction % 123 = 0, q3 join rows, q4 categories (final rows), q5 rows,
 * q7 rows, q8 rows, q9 auctions with a winning bid (final rows), q11 sessions. Windows are aligned
 * to the epoch (10 s tumbling; 10 s / 2 s hopping; 10 s session gap). Arguments: events [splits].
 */
public final class NexmarkCheck {

    public static void main(String[] args) {
        long n = Long.parseLong(args[0]);
        int g = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        NexmarkGenerator gen = new NexmarkGenerator(n, 10_000_000L, g);
        NexmarkGenerator.Person p = new NexmarkGenerator.Person();
        NexmarkGenerator.Auction a = new NexmarkGenerator.Auction();
        NexmarkGenerator.Bid b = new NexmarkGenerator.Bid();
        Map<Long, String> personState = new HashMap<>();
        Map<Long, Long> personWindow = new HashMap<>(); // id -> 10 s window start
        Map<Long, long[]> auctions = new HashMap<>(); // id -> {dateTime, expires, category}
        Set<String> sellerInWindow = new HashSet<>(); // seller@window start
        java.util.List<long[]> bids = new java.util.ArrayList<>(); // {auction, price, dateTime, bidder}
        long q2 = 0;
        for (int s = 0; s < g; s++) {
            for (long k = 0; k < gen.eventsOfSplit(s); k++) {
                long e = gen.eventId(s, k);
                switch (NexmarkGenerator.kind(e)) {
                    case PERSON -> {
                        gen.person(e, k, p);
                        personState.put(p.id, p.state);
                        personWindow.put(p.id, Math.floorDiv(p.dateTime, 10_000) * 10_000);
                    }
                    case AUCTION -> {
                        gen.auction(e, k, a);
                        auctions.put(a.id, new long[] {a.dateTime, a.expires, a.category, a.seller});
                        sellerInWindow.add(a.seller + "@" + Math.floorDiv(a.dateTime, 10_000) * 10_000);
                    }
                    case BID -> {
                        gen.bid(e, k, b);
                        bids.add(new long[] {b.auction, b.price, b.dateTime, b.bidder});
                        if (b.auction % 123 == 0) {
                            q2++;
                        }
                    }
                }
            }
        }
        long q3 = 0;
        for (long[] x : auctions.values()) {
            String st = personState.get(x[3]);
            if (x[2] == 10 && st != null && (st.equals("OR") || st.equals("ID") || st.equals("CA"))) {
                q3++;
            }
        }
        // q4 / q9: auctions with a bid within [dateTime, expires]
        Set<Long> won = new HashSet<>();
        Set<Long> categories = new HashSet<>();
        for (long[] x : bids) {
            long[] au = auctions.get(x[0]);
            if (au != null && x[2] >= au[0] && x[2] <= au[1]) {
                won.add(x[0]);
                categories.add(au[2]);
            }
        }
        // q5: per hop window (10 s, slide 2 s) the auctions whose count is the window's maximum
        Map<Long, Map<Long, Long>> hop = new HashMap<>();
        for (long[] x : bids) {
            long last = Math.floorDiv(x[2], 2_000) * 2_000;
            for (long start = last; start > x[2] - 10_000; start -= 2_000) {
                hop.computeIfAbsent(start, w -> new HashMap<>()).merge(x[0], 1L, Long::sum);
            }
        }
        long q5 = 0;
        for (Map<Long, Long> counts : hop.values()) {
            long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
            q5 += counts.values().stream().filter(c -> c >= max).count();
        }
        // q7: per 10 s tumble window the max price; bids with that price, dateTime in [end-10s, end]
        Map<Long, Long> maxPrice = new HashMap<>();
        for (long[] x : bids) {
            maxPrice.merge(Math.floorDiv(x[2], 10_000) * 10_000 + 10_000, x[1], Math::max);
        }
        long q7 = 0;
        for (long[] x : bids) {
            for (Map.Entry<Long, Long> w : maxPrice.entrySet()) {
                if (x[1] == w.getValue() && x[2] >= w.getKey() - 10_000 && x[2] <= w.getKey()) {
                    q7++;
                }
            }
        }
        // q8: persons (per window) that are sellers in the same window
        long q8 = 0;
        for (Map.Entry<Long, Long> x : personWindow.entrySet()) {
            if (sellerInWindow.contains(x.getKey() + "@" + x.getValue())) {
                q8++;
            }
        }
        // q11: sessions per bidder, gap 10 s
        Map<Long, java.util.List<Long>> byBidder = new HashMap<>();
        for (long[] x : bids) {
            byBidder.computeIfAbsent(x[3], y -> new java.util.ArrayList<>()).add(x[2]);
        }
        long q11 = 0;
        for (java.util.List<Long> ts : byBidder.values()) {
            ts.sort(null);
            long end = Long.MIN_VALUE;
            for (long t : ts) {
                if (t >= end) {
                    q11++;
                }
                end = Math.max(end, t + 10_000);
            }
        }
        System.out.printf(
                "NEXMARK-CHECK events=%d q0=%d q1=%d q2=%d q3=%d q4=%d q5=%d q7=%d q8=%d q9=%d q11=%d%n",
                n, bids.size(), bids.size(), q2, q3, categories.size(), q5, q7, q8, won.size(), q11);
    }
}
