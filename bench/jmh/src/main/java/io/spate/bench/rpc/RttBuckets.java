package io.spate.bench.rpc;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The coordinator's heartbeat round-trip histogram as scraped from Prometheus text: cumulative
 * bucket counts by upper bound (seconds), plus sum and count. Two scrapes subtracted give the
 * distribution of just the window between them.
 */
record RttBuckets(TreeMap<Double, Double> cumulative, double sum, double count) {

    private static final Pattern BUCKET =
            Pattern.compile(
                    "(?m)^spate_heartbeat_rtt_seconds_bucket\\{[^}]*le=\\\"([^\\\"]+)\\\"[^}]*\\} (\\S+)$");
    private static final Pattern SUM =
            Pattern.compile("(?m)^spate_heartbeat_rtt_seconds_sum(?:\\{[^}]*\\})? (\\S+)$");
    private static final Pattern COUNT =
            Pattern.compile("(?m)^spate_heartbeat_rtt_seconds_count(?:\\{[^}]*\\})? (\\S+)$");

    static RttBuckets scrape(String text) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        Matcher m = BUCKET.matcher(text);
        while (m.find()) {
            double le =
                    m.group(1).equals("+Inf")
                            ? Double.POSITIVE_INFINITY
                            : Double.parseDouble(m.group(1));
            buckets.put(le, Double.parseDouble(m.group(2)));
        }
        if (buckets.isEmpty()) {
            throw new IllegalStateException("no spate_heartbeat_rtt_seconds_bucket on /q/metrics");
        }
        return new RttBuckets(buckets, single(SUM, text), single(COUNT, text));
    }

    private static double single(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("missing " + p.pattern() + " on /q/metrics");
        }
        return Double.parseDouble(m.group(1));
    }

    RttBuckets minus(RttBuckets earlier) {
        TreeMap<Double, Double> diff = new TreeMap<>();
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            diff.put(e.getKey(), e.getValue() - earlier.cumulative.getOrDefault(e.getKey(), 0.0));
        }
        return new RttBuckets(diff, sum - earlier.sum, count - earlier.count);
    }

    double meanMillis() {
        return count == 0 ? Double.NaN : sum / count * 1e3;
    }

    /** Upper bound (ms) of the bucket holding the {@code q} quantile. */
    String percentileMillis(double q) {
        double target = q * count;
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() >= target) {
                return e.getKey().isInfinite() ? "inf" : String.format("%.2f", e.getKey() * 1e3);
            }
        }
        return "inf";
    }
}
