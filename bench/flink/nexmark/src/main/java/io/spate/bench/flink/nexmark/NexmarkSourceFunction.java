package io.spate.bench.flink.nexmark;

import io.spate.executor.nexmark.NexmarkGenerator;

import org.apache.flink.streaming.api.functions.source.RichParallelSourceFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/**
 * Spate's Nexmark source ({@code executor/.../nexmark/NexmarkSource.java}) as a Flink parallel
 * source: subtask {@code i} of {@code p} owns the generator splits {@code s} with {@code s mod p =
 * i} and emits their events merged in event-time order (the lowest split on a tie), each as one
 * row of the official Nexmark {@code datagen} table: {@code (event_type, person, auction, bid)},
 * event_type 0/1/2, the other two ROWs null. Times are TIMESTAMP(3) of the generator's epoch ms.
 * Bounded: it ends after its splits' events. Watermarks come from the table's WATERMARK clause.
 * Like the official nexmark-flink source it is a (legacy) SourceFunction and keeps no state.
 */
public final class NexmarkSourceFunction extends RichParallelSourceFunction<RowData> {

    private final long events;
    private final long eventsPerSecond;
    private final int splitCount;
    private volatile boolean running = true;

    public NexmarkSourceFunction(long events, long eventsPerSecond, int splits) {
        this.events = events;
        this.eventsPerSecond = eventsPerSecond;
        this.splitCount = splits;
    }

    @Override
    public void run(SourceContext<RowData> ctx) {
        NexmarkGenerator g = new NexmarkGenerator(events, eventsPerSecond, splitCount);
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        int p = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        int owned = 0;
        for (int s = subtask; s < splitCount; s += p) {
            owned++;
        }
        int[] splits = new int[owned];
        long[] next = new long[owned];
        long[] end = new long[owned];
        for (int i = 0, s = subtask; i < owned; i++, s += p) {
            splits[i] = s;
            end[i] = g.eventsOfSplit(s);
        }
        NexmarkGenerator.Person person = new NexmarkGenerator.Person();
        NexmarkGenerator.Auction auction = new NexmarkGenerator.Auction();
        NexmarkGenerator.Bid bid = new NexmarkGenerator.Bid();
        Object lock = ctx.getCheckpointLock();
        while (running) {
            int i = -1; // the owned split whose next event is earliest
            long bestTime = Long.MAX_VALUE;
            for (int j = 0; j < owned; j++) {
                if (next[j] < end[j]) {
                    long t = g.eventTime(next[j]);
                    if (i < 0 || t < bestTime) {
                        i = j;
                        bestTime = t;
                    }
                }
            }
            if (i < 0) {
                return;
            }
            long k = next[i]++;
            long e = g.eventId(splits[i], k);
            GenericRowData row = new GenericRowData(4);
            switch (NexmarkGenerator.kind(e)) {
                case PERSON -> {
                    g.person(e, k, person);
                    row.setField(0, 0);
                    row.setField(1, person(person));
                }
                case AUCTION -> {
                    g.auction(e, k, auction);
                    row.setField(0, 1);
                    row.setField(2, auction(auction));
                }
                case BID -> {
                    g.bid(e, k, bid);
                    row.setField(0, 2);
                    row.setField(3, bid(bid));
                }
            }
            synchronized (lock) {
                ctx.collect(row);
            }
        }
    }

    @Override
    public void cancel() {
        running = false;
    }

    private static GenericRowData person(NexmarkGenerator.Person p) {
        return GenericRowData.of(
                p.id,
                StringData.fromString(p.name),
                StringData.fromString(p.emailAddress),
                StringData.fromString(p.creditCard),
                StringData.fromString(p.city),
                StringData.fromString(p.state),
                TimestampData.fromEpochMillis(p.dateTime),
                StringData.fromString(p.extra));
    }

    private static GenericRowData auction(NexmarkGenerator.Auction a) {
        return GenericRowData.of(
                a.id,
                StringData.fromString(a.itemName),
                StringData.fromString(a.description),
                a.initialBid,
                a.reserve,
                TimestampData.fromEpochMillis(a.dateTime),
                TimestampData.fromEpochMillis(a.expires),
                a.seller,
                a.category,
                StringData.fromString(a.extra));
    }

    private static GenericRowData bid(NexmarkGenerator.Bid b) {
        return GenericRowData.of(
                b.auction,
                b.bidder,
                b.price,
                StringData.fromString(b.channel),
                StringData.fromString(b.url),
                TimestampData.fromEpochMillis(b.dateTime),
                StringData.fromString(b.extra));
    }
}
