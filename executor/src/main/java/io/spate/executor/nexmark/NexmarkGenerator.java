package io.spate.executor.nexmark;

import java.util.SplittableRandom;

/**
 * The deterministic Nexmark generator of src-docs/nexmark.md: event {@code e} of a run of {@code
 * events} over {@code splits} splits, every field a function of (e, the config) alone, so any
 * engine that implements it produces the same events. Each event draws from its own {@code
 * SplittableRandom(e)} (SplitMix64) in the order its fields are listed. Immutable; the fill methods
 * write into caller-owned {@link Person}, {@link Auction} and {@link Bid} holders, so a source
 * allocates nothing per event but its strings.
 */
public final class NexmarkGenerator {

    /** 2015-07-15 00:00:00.000 UTC: event time starts here, whatever the wall clock says. */
    public static final long BASE_TIME = 1_436_918_400_000L;

    /** person : auction : bid = 1 : 3 : 46 of every 50 events. */
    static final int PROPORTION_TOTAL = 50;

    private static final int IN_FLIGHT_AUCTIONS = 100;
    private static final int ACTIVE_PEOPLE = 1000;
    private static final int HOT_AUCTION_RATIO = 2;
    private static final int HOT_BIDDER_RATIO = 4;
    private static final int HOT_SELLER_RATIO = 4;
    private static final int PERSON_AVG_SIZE = 200;
    private static final int AUCTION_AVG_SIZE = 500;
    private static final int BID_AVG_SIZE = 100;
    private static final long FIRST_PERSON_ID = 1000;
    private static final long FIRST_AUCTION_ID = 1000;
    private static final int CHANNELS = 10_000;

    /** Events ahead in a split that an auction's expiry looks at: 100 auctions × 50 / 3. */
    private static final int AUCTION_HORIZON_EVENTS = 1666;

    private static final String[] FIRST_NAMES = {
        "Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter",
        "Walter"
    };
    private static final String[] LAST_NAMES = {
        "Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"
    };
    private static final String[] CITIES = {
        "Phoenix",
        "Los Angeles",
        "San Francisco",
        "Boise",
        "Portland",
        "Bend",
        "Redmond",
        "Seattle",
        "Kent",
        "Cheyenne"
    };
    private static final String[] STATES = {"AZ", "CA", "ID", "OR", "WA", "WY"};
    private static final String[] HOT_CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};

    private static final int EXTRA_LENGTH = 1 << 20;

    /** The fixed 1 MiB of padding text every {@code extra} field is cut from. */
    static final String EXTRA = extraText();

    private static final String[] HOT_URLS = new String[HOT_CHANNELS.length];
    private static final String[] CHANNEL_URLS = new String[CHANNELS];
    private static final String[] CHANNEL_NAMES = new String[CHANNELS]; // "channel-" + c, once

    static {
        SplittableRandom r = new SplittableRandom(0x55524C53L);
        for (int i = 0; i < HOT_URLS.length; i++) {
            HOT_URLS[i] = url(r);
        }
        for (int c = 0; c < CHANNELS; c++) {
            String url = url(r);
            if (r.nextInt(10) > 0) {
                url = url + "&channel_id=" + Math.abs(Integer.reverse(c));
            }
            CHANNEL_URLS[c] = url;
            CHANNEL_NAMES[c] = "channel-" + c;
        }
    }

    private final long events;
    private final int splits;
    private final long perSplit;
    private final double microsPerEvent; // within one split

    /**
     * @param events N, the events of the whole run (every split)
     * @param eventsPerSecond R, the event-time rate over all splits
     * @param splits G
     */
    public NexmarkGenerator(long events, long eventsPerSecond, int splits) {
        if (events < 0 || eventsPerSecond < 1 || splits < 1) {
            throw new IllegalArgumentException(
                    "events "
                            + events
                            + ", eventsPerSecond "
                            + eventsPerSecond
                            + ", splits "
                            + splits);
        }
        this.events = events;
        this.splits = splits;
        this.perSplit = events / splits;
        this.microsPerEvent = 1_000_000.0 / eventsPerSecond * splits;
    }

    /** How many events split {@code s} has: N / G, the last one the remainder too. */
    public long eventsOfSplit(int s) {
        return s == splits - 1 ? events - perSplit * (splits - 1) : perSplit;
    }

    /** The id of the k-th event of split s. */
    public long eventId(int s, long k) {
        return 2 + s * perSplit + k;
    }

    /** The event time of the k-th event of any split (the splits cover one time range). */
    public long eventTime(long k) {
        return time(k + 1);
    }

    private long time(long x) {
        return BASE_TIME + ((long) (x * microsPerEvent)) / 1000;
    }

    /** What event {@code e} is. */
    public static EventKind kind(long e) {
        long o = e % PROPORTION_TOTAL;
        return o == 0 ? EventKind.PERSON : o <= 3 ? EventKind.AUCTION : EventKind.BID;
    }

    public enum EventKind {
        PERSON,
        AUCTION,
        BID
    }

    /** A person's fields (Nexmark's names). */
    public static final class Person {
        public long id;
        public String name;
        public String emailAddress;
        public String creditCard;
        public String city;
        public String state;
        public long dateTime;
        public String extra;
    }

    /** An auction's fields. */
    public static final class Auction {
        public long id;
        public String itemName;
        public String description;
        public long initialBid;
        public long reserve;
        public long dateTime;
        public long expires;
        public long seller;
        public long category;
        public String extra;
    }

    /** A bid's fields. */
    public static final class Bid {
        public long auction;
        public long bidder;
        public long price;
        public String channel;
        public String url;
        public long dateTime;
        public String extra;
    }

    /** Person event e, the k-th of its split. */
    public void person(long e, long k, Person p) {
        SplittableRandom r = new SplittableRandom(e);
        p.id = lastPerson(e) + FIRST_PERSON_ID;
        p.name =
                FIRST_NAMES[r.nextInt(FIRST_NAMES.length)]
                        + " "
                        + LAST_NAMES[r.nextInt(LAST_NAMES.length)];
        p.emailAddress = word(r, 7, ' ') + "@" + word(r, 5, ' ') + ".com";
        StringBuilder card = new StringBuilder(19);
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                card.append(' ');
            }
            String digits = Integer.toString(r.nextInt(10000));
            card.append("0000", 0, 4 - digits.length()).append(digits);
        }
        p.creditCard = card.toString();
        p.city = CITIES[r.nextInt(CITIES.length)];
        p.state = STATES[r.nextInt(STATES.length)];
        int used =
                8
                        + p.name.length()
                        + p.emailAddress.length()
                        + p.creditCard.length()
                        + p.city.length()
                        + p.state.length();
        p.extra = padding(r, used, PERSON_AVG_SIZE);
        p.dateTime = eventTime(k);
    }

    /** Auction event e, the k-th of its split. */
    public void auction(long e, long k, Auction a) {
        SplittableRandom r = new SplittableRandom(e);
        long t = eventTime(k);
        a.id = lastAuction(e) + FIRST_AUCTION_ID;
        long seller =
                r.nextInt(HOT_SELLER_RATIO) > 0 ? (lastPerson(e) / 100) * 100 : somePerson(r, e);
        a.seller = seller + FIRST_PERSON_ID;
        a.category = 10 + r.nextInt(5);
        a.initialBid = price(r);
        long horizon = time(k + 1 + AUCTION_HORIZON_EVENTS) - t;
        a.expires = t + 1 + below(r, Math.max(2 * horizon, 1));
        a.itemName = word(r, 20, ' ');
        a.description = word(r, 100, ' ');
        a.reserve = a.initialBid + price(r);
        a.extra =
                padding(r, 8 + a.itemName.length() + a.description.length() + 40, AUCTION_AVG_SIZE);
        a.dateTime = t;
    }

    /** Bid event e, the k-th of its split. */
    public void bid(long e, long k, Bid b) {
        SplittableRandom r = new SplittableRandom(e);
        long auction =
                r.nextInt(HOT_AUCTION_RATIO) > 0 ? (lastAuction(e) / 100) * 100 : someAuction(r, e);
        b.auction = auction + FIRST_AUCTION_ID;
        long bidder =
                r.nextInt(HOT_BIDDER_RATIO) > 0
                        ? (lastPerson(e) / 100) * 100 + 1
                        : somePerson(r, e);
        // the public generator adds the person offset twice
        b.bidder = bidder + 2 * FIRST_PERSON_ID;
        b.price = price(r);
        if (r.nextInt(2) > 0) {
            int i = r.nextInt(HOT_CHANNELS.length);
            b.channel = HOT_CHANNELS[i];
            b.url = HOT_URLS[i];
        } else {
            int c = r.nextInt(CHANNELS);
            b.channel = CHANNEL_NAMES[c];
            b.url = CHANNEL_URLS[c];
        }
        b.extra = padding(r, 32, BID_AVG_SIZE);
        b.dateTime = eventTime(k);
    }

    static long lastPerson(long e) {
        return e / PROPORTION_TOTAL;
    }

    static long lastAuction(long e) {
        long ep = e / PROPORTION_TOTAL;
        long o = e % PROPORTION_TOTAL;
        if (o == 0) {
            return 3 * (ep - 1) + 2;
        }
        return o <= 3 ? 3 * ep + o - 1 : 3 * ep + 2;
    }

    private static long somePerson(SplittableRandom r, long e) {
        long p = lastPerson(e) + 1;
        long a = Math.min(p, ACTIVE_PEOPLE);
        return p - a + below(r, a + 10);
    }

    private static long someAuction(SplittableRandom r, long e) {
        long hi = lastAuction(e);
        long lo = Math.max(hi - IN_FLIGHT_AUCTIONS, 0);
        return lo + below(r, hi - lo + 1 + 10);
    }

    private static long below(SplittableRandom r, long n) {
        return n < Integer.MAX_VALUE ? r.nextInt((int) n) : Math.abs(r.nextLong() % n);
    }

    private static long price(SplittableRandom r) {
        return Math.round(Math.pow(10.0, r.nextDouble() * 6.0) * 100.0);
    }

    private static String word(SplittableRandom r, int max, char c) {
        int len = 3 + r.nextInt(max - 3);
        StringBuilder s = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            s.append(r.nextInt(13) == 0 ? c : (char) ('a' + r.nextInt(26)));
        }
        return s.toString().trim();
    }

    private static String padding(SplittableRandom r, int used, int avg) {
        if (used > avg) {
            return "";
        }
        int rest = avg - used;
        int delta = (int) Math.round(rest * 0.2);
        int size = rest - delta + (delta == 0 ? 0 : r.nextInt(2 * delta));
        int offset = r.nextInt(EXTRA_LENGTH - size);
        return EXTRA.substring(offset, offset + size);
    }

    private static String url(SplittableRandom r) {
        return "https://www.nexmark.com/"
                + word(r, 5, '_')
                + "/"
                + word(r, 5, '_')
                + "/"
                + word(r, 5, '_')
                + "/item.htm?query=1";
    }

    private static String extraText() {
        SplittableRandom r = new SplittableRandom(0x4E455842L);
        StringBuilder s = new StringBuilder(EXTRA_LENGTH + 6);
        while (s.length() < EXTRA_LENGTH) {
            int v = r.nextInt();
            for (int i = 0; i < 6; i++) {
                s.append((char) ('a' + (v % 26)));
                v = v / 26;
            }
        }
        return s.substring(0, EXTRA_LENGTH);
    }
}
