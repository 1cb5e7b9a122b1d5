package io.tributary.it.history;

import io.tributary.it.history.HistoryChecker.Seen;
import io.tributary.it.history.HistoryChecker.Tp;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The order of each consumer's reads, partition by partition ({@link Anomaly#POLL_BACKWARDS},
 * {@link Anomaly#POLL_SKIP}). A consumer's position in a partition is unknown after an assignment
 * or a seek to the beginning or end, is the sought offset after a seek to an offset, and is one past
 * the last record it returned after a poll. A record below the position is a step backwards; a
 * record above it skips the offsets in between, an anomaly when any of them is known to hold a
 * record. Not thread-safe: one instance per check.
 */
final class PollOrder {

    private final Map<Tp, TreeMap<Long, Map<String, Seen>>> known;
    /** process -> partition -> next offset due, absent when unknown. */
    private final Map<String, Map<Tp, Long>> positions = new HashMap<>();

    PollOrder(Map<Tp, TreeMap<Long, Map<String, Seen>>> known) {
        this.known = known;
    }

    void check(Iterable<Op> ops, CheckResult result) {
        for (Op op : ops) {
            switch (op.type()) {
                case ASSIGN -> positions.remove(op.process());
                case SEEK -> seek(op);
                case POLL -> poll(op, result);
                default -> {
                }
            }
        }
    }

    private void seek(Op op) {
        Map<Tp, Long> mine = positions.computeIfAbsent(op.process(), p -> new HashMap<>());
        Tp tp = new Tp(op.topic(), op.partition());
        if (op.offset() >= 0) {
            mine.put(tp, op.offset());
        } else {
            mine.remove(tp);
        }
    }

    private void poll(Op op, CheckResult result) {
        Map<Tp, Long> mine = positions.computeIfAbsent(op.process(), p -> new HashMap<>());
        for (Op.Rec r : op.records()) {
            Tp tp = new Tp(op.topic(), r.partition());
            Long due = mine.get(tp);
            if (due != null && r.offset() < due) {
                result.report(Anomaly.POLL_BACKWARDS, op.process() + " read " + tp + "@" + r.offset()
                        + " when due at " + due + " (poll #" + op.index() + ")");
            } else if (due != null && r.offset() > due) {
                skipped(op, tp, due, r.offset(), result);
            }
            mine.put(tp, r.offset() + 1);
        }
    }

    private void skipped(Op op, Tp tp, long due, long got, CheckResult result) {
        TreeMap<Long, Map<String, Seen>> offsets = known.get(tp);
        if (offsets == null) {
            return;
        }
        var between = offsets.subMap(due, true, got, false);
        if (!between.isEmpty()) {
            long first = between.firstKey();
            result.report(Anomaly.POLL_SKIP, op.process() + " read " + tp + "@" + got + " when due at " + due
                    + ", skipping " + between.size() + " known record(s) from " + first + " ("
                    + between.get(first).keySet().iterator().next() + ") (poll #" + op.index() + ")");
        }
    }
}
