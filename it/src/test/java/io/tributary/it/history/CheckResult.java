package io.tributary.it.history;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link HistoryChecker} found: a count per {@link Anomaly} with up to {@link #MAX_EXAMPLES}
 * examples each, and statistics of the history. Not thread-safe; built by one checker run.
 */
public final class CheckResult {

    /** Examples kept per anomaly. */
    public static final int MAX_EXAMPLES = 8;

    private final Map<Anomaly, Integer> counts = new EnumMap<>(Anomaly.class);
    private final Map<Anomaly, List<String>> examples = new EnumMap<>(Anomaly.class);
    private final Map<String, Long> stats = new LinkedHashMap<>();

    void report(Anomaly anomaly, String example) {
        counts.merge(anomaly, 1, Integer::sum);
        List<String> list = examples.computeIfAbsent(anomaly, a -> new ArrayList<>());
        if (list.size() < MAX_EXAMPLES) {
            list.add(example);
        }
    }

    void stat(String name, long value) {
        stats.put(name, value);
    }

    /** How many times {@code anomaly} was found. */
    public int count(Anomaly anomaly) {
        return counts.getOrDefault(anomaly, 0);
    }

    /** Up to {@link #MAX_EXAMPLES} descriptions of {@code anomaly}, in history order. */
    public List<String> examples(Anomaly anomaly) {
        return List.copyOf(examples.getOrDefault(anomaly, List.of()));
    }

    /** A statistic of the history ({@code sends}, {@code acks}, ...); 0 when absent. */
    public long stat(String name) {
        return stats.getOrDefault(name, 0L);
    }

    /** The anomalies found at least once. */
    public Map<Anomaly, Integer> counts() {
        return Map.copyOf(counts);
    }

    /** True when no anomaly was found. */
    public boolean valid() {
        return counts.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(valid() ? "history valid" : "history INVALID");
        sb.append("\n  stats: ").append(stats);
        for (Anomaly a : Anomaly.values()) {
            if (count(a) > 0) {
                sb.append("\n  ").append(a).append(": ").append(count(a));
                for (String e : examples(a)) {
                    sb.append("\n    ").append(e);
                }
            }
        }
        return sb.toString();
    }
}
