package io.spate.executor.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Processing time by hand: {@link #advanceTo} runs the callbacks due, in time order. */
public final class ManualProcessingTimers implements ProcessingTimers {

    private record Due(long at, long seq, Runnable action) {}

    private final List<Due> due = new ArrayList<>();
    private long now;
    private long seq;

    public ManualProcessingTimers(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public long currentTimeMillis() {
        return now;
    }

    @Override
    public void scheduleAt(long epochMillis, Runnable action) {
        due.add(new Due(epochMillis, seq++, action));
    }

    /** Moves the clock to {@code millis}, running every callback due on the way. */
    public void advanceTo(long millis) {
        while (true) {
            Due next =
                    due.stream()
                            .filter(d -> d.at <= millis)
                            .min(Comparator.comparingLong(Due::at).thenComparingLong(Due::seq))
                            .orElse(null);
            if (next == null) {
                break;
            }
            due.remove(next);
            now = Math.max(now, next.at);
            next.action.run();
        }
        now = Math.max(now, millis);
    }

    public int pending() {
        return due.size();
    }
}
