package io.spate.executor.nexmark;

import io.spate.executor.operators.OperatorContext;
import io.spate.executor.operators.Output;
import io.spate.executor.operators.SourceOperator;
import io.spate.executor.operators.SourceRate;
import io.spate.executor.operators.WatermarkGenerator;
import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import io.spate.transform.Nexmark;
import io.spate.transform.TransformConfig;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;

/**
 * The {@code Nexmark} source: the generator's splits {@code s} with {@code s mod parallelism =
 * subtask}, merged in event-time order, each event to its side output ({@code person}, {@code
 * auction}, {@code bid}); watermarks through the main output (which reaches every edge) lag the
 * greatest dateTime by 4 s. The events, and so every query's result, do not depend on the
 * parallelism. State: each owned split's next position.
 */
public final class NexmarkSource implements SourceOperator {

    private final NexmarkGenerator generator;
    private final int[] splits; // owned, ascending
    private final long[] next; // per owned split: the next k
    private final long[] end; // per owned split: its event count, or Long.MAX_VALUE (unbounded)
    private final Output out;
    private final Output persons;
    private final Output auctions;
    private final Output bids;
    private final Row person = new Row(Nexmark.PERSON_SCHEMA);
    private final Row auction = new Row(Nexmark.AUCTION_SCHEMA);
    private final Row bid = new Row(Nexmark.BID_SCHEMA);
    private final NexmarkGenerator.Person p = new NexmarkGenerator.Person();
    private final NexmarkGenerator.Auction a = new NexmarkGenerator.Auction();
    private final NexmarkGenerator.Bid b = new NexmarkGenerator.Bid();
    private final Row stamp = new Row(Schema.of(new Field("t", FieldType.LONG))); // for watermarks
    private final WatermarkGenerator watermarks;
    private final SourceRate rate;

    public NexmarkSource(OperatorContext context, Output out) {
        TransformConfig config = context.spec().config();
        int g = (int) config.getLong("splits");
        // unbounded: a generator over Long.MAX_VALUE events, so ids and times keep their layout
        long events = config.has("events") ? config.getLong("events") : Long.MAX_VALUE - 2;
        this.generator = new NexmarkGenerator(events, config.getLong("eventsPerSecond"), g);
        int owned = 0;
        for (int s = context.subtaskIndex(); s < g; s += context.parallelism()) {
            owned++;
        }
        this.splits = new int[owned];
        this.next = new long[owned];
        this.end = new long[owned];
        for (int i = 0, s = context.subtaskIndex(); i < owned; i++, s += context.parallelism()) {
            splits[i] = s;
            end[i] = generator.eventsOfSplit(s);
        }
        this.out = out;
        this.persons = context.sideOutputs().apply(Nexmark.PERSON);
        this.auctions = context.sideOutputs().apply(Nexmark.AUCTION);
        this.bids = context.sideOutputs().apply(Nexmark.BID);
        this.watermarks =
                WatermarkGenerator.boundedOutOfOrderness(
                        Duration.ofMillis(Nexmark.WATERMARK_DELAY_MS), 0, context, out);
        this.rate =
                new SourceRate(config.getLong("maxRate"), context.parallelism(), context.clock());
    }

    @Override
    public void open() {
        rate.start();
        watermarks.start();
    }

    @Override
    public void finish() throws Exception {
        watermarks.end();
    }

    @Override
    public Progress emitBatch(int maxRecords) throws Exception {
        int allowed = rate.permits(maxRecords);
        if (allowed == 0) {
            return Progress.WAIT;
        }
        for (int n = 0; n < allowed; n++) {
            int i = earliest();
            if (i < 0) {
                return Progress.END;
            }
            emit(i);
        }
        return earliest() < 0 ? Progress.END : Progress.MORE;
    }

    /** The owned split whose next event is earliest (the lowest split on a tie); -1: all done. */
    private int earliest() {
        int best = -1;
        long bestTime = Long.MAX_VALUE;
        for (int i = 0; i < splits.length; i++) {
            if (next[i] < end[i]) {
                long t = generator.eventTime(next[i]);
                if (best < 0 || t < bestTime) {
                    best = i;
                    bestTime = t;
                }
            }
        }
        return best;
    }

    private void emit(int i) throws Exception {
        long k = next[i]++;
        long e = generator.eventId(splits[i], k);
        switch (NexmarkGenerator.kind(e)) {
            case PERSON -> {
                generator.person(e, k, p);
                person.setLong(0, p.id)
                        .setString(1, p.name)
                        .setString(2, p.emailAddress)
                        .setString(3, p.creditCard)
                        .setString(4, p.city)
                        .setString(5, p.state)
                        .setLong(6, p.dateTime)
                        .setString(7, p.extra);
                stamp(p.dateTime);
                persons.emit(person);
            }
            case AUCTION -> {
                generator.auction(e, k, a);
                auction.setLong(0, a.id)
                        .setString(1, a.itemName)
                        .setString(2, a.description)
                        .setLong(3, a.initialBid)
                        .setLong(4, a.reserve)
                        .setLong(5, a.dateTime)
                        .setLong(6, a.expires)
                        .setLong(7, a.seller)
                        .setLong(8, a.category)
                        .setString(9, a.extra);
                stamp(a.dateTime);
                auctions.emit(auction);
            }
            case BID -> {
                generator.bid(e, k, b);
                bid.setLong(0, b.auction)
                        .setLong(1, b.bidder)
                        .setLong(2, b.price)
                        .setString(3, b.channel)
                        .setString(4, b.url)
                        .setLong(5, b.dateTime)
                        .setString(6, b.extra);
                stamp(b.dateTime);
                bids.emit(bid);
            }
        }
    }

    private void stamp(long t) throws Exception {
        stamp.setLong(0, t);
        watermarks.onRecord(stamp);
    }

    @Override
    public long resumeAtNanos() {
        return rate.resumeAtNanos();
    }

    /** State: per owned split, its index and next position. */
    @Override
    public void snapshotState(long checkpointId, DataOutput o) throws IOException {
        o.writeInt(splits.length);
        for (int i = 0; i < splits.length; i++) {
            o.writeInt(splits[i]);
            o.writeLong(next[i]);
        }
    }

    @Override
    public void restoreState(DataInput in) throws IOException {
        int n = in.readInt();
        for (int j = 0; j < n; j++) {
            int s = in.readInt();
            long k = in.readLong();
            for (int i = 0; i < splits.length; i++) {
                if (splits[i] == s) {
                    next[i] = k;
                }
            }
        }
    }
}
