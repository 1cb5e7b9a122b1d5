package io.tributary.it.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks a history of producers and consumers of a Kafka-compatible log against what acks=all and
 * idempotence promise, in the manner of Jepsen's Kafka checker; the anomalies and their exact
 * definitions are those of {@link Anomaly}. It judges only from the recorded history: what was
 * sent, what was acknowledged at which offset, what failed how, and what polls returned.
 *
 * <p>The final read is the polls of each process after its {@link Op.Type#FINAL_READ} op (which
 * carries the end offsets that process read up to). Stateless and thread-safe.
 */
public final class HistoryChecker {

    /** A partition of a topic. */
    record Tp(String topic, int partition) {
        @Override
        public String toString() {
            return topic + "-" + partition;
        }
    }

    /** Where a value was observed, and by which op. */
    record Seen(Tp tp, long offset, String value, Op op) {
        String source() {
            return (op.type() == Op.Type.ACK ? "ack" : "poll") + " by " + op.process() + " #" + op.index();
        }
    }

    /** Checks {@code ops} (in index order) and returns every anomaly found. */
    public CheckResult check(List<Op> ops) {
        CheckResult result = new CheckResult();
        List<Seen> acks = new ArrayList<>();
        List<Seen> reads = new ArrayList<>();
        collect(ops, acks, reads);
        stats(ops, acks, reads, result);
        Map<Tp, TreeMap<Long, Map<String, Seen>>> byOffset = byOffset(acks, reads);
        inconsistentOffsets(byOffset, result);
        duplicates(reads, result);
        finalRead(ops, acks, result);
        failures(ops, acks, reads, result);
        new PollOrder(byOffset).check(ops, result);
        return result;
    }

    private static void collect(List<Op> ops, List<Seen> acks, List<Seen> reads) {
        for (Op op : ops) {
            if (op.type() == Op.Type.ACK) {
                acks.add(new Seen(new Tp(op.topic(), op.partition()), op.offset(), op.value(), op));
            } else if (op.type() == Op.Type.POLL) {
                for (Op.Rec r : op.records()) {
                    reads.add(new Seen(new Tp(op.topic(), r.partition()), r.offset(), r.value(), op));
                }
            }
        }
    }

    private static void stats(List<Op> ops, List<Seen> acks, List<Seen> reads, CheckResult result) {
        Map<Op.Type, Long> byType = new HashMap<>();
        long definite = 0;
        for (Op op : ops) {
            byType.merge(op.type(), 1L, Long::sum);
            if (op.type() == Op.Type.SEND_FAILED && Boolean.TRUE.equals(op.definite())) {
                definite++;
            }
        }
        result.stat("ops", ops.size());
        result.stat("sends", byType.getOrDefault(Op.Type.SEND, 0L));
        result.stat("acks", acks.size());
        result.stat("definite-failures", definite);
        result.stat("indeterminate-failures", byType.getOrDefault(Op.Type.SEND_FAILED, 0L) - definite);
        result.stat("polls", byType.getOrDefault(Op.Type.POLL, 0L));
        result.stat("records-read", reads.size());
    }

    /** Every observation per partition and offset, grouped by distinct value (first observation kept). */
    private static Map<Tp, TreeMap<Long, Map<String, Seen>>> byOffset(List<Seen> acks, List<Seen> reads) {
        Map<Tp, TreeMap<Long, Map<String, Seen>>> map = new LinkedHashMap<>();
        List<Seen> all = new ArrayList<>(acks);
        all.addAll(reads);
        all.sort((a, b) -> Long.compare(a.op().index(), b.op().index()));
        for (Seen s : all) {
            map.computeIfAbsent(s.tp(), t -> new TreeMap<>()).computeIfAbsent(s.offset(), o -> new LinkedHashMap<>())
                    .putIfAbsent(s.value(), s);
        }
        return map;
    }

    private static void inconsistentOffsets(Map<Tp, TreeMap<Long, Map<String, Seen>>> byOffset, CheckResult result) {
        for (var partition : byOffset.entrySet()) {
            for (var offset : partition.getValue().entrySet()) {
                if (offset.getValue().size() > 1) {
                    StringBuilder sb = new StringBuilder(partition.getKey() + "@" + offset.getKey() + ":");
                    for (Seen s : offset.getValue().values()) {
                        sb.append(' ').append(s.value()).append(" (").append(s.source()).append(')');
                    }
                    result.report(Anomaly.INCONSISTENT_OFFSET, sb.toString());
                }
            }
        }
    }

    private static void duplicates(List<Seen> reads, CheckResult result) {
        Map<String, Map<String, Seen>> places = new LinkedHashMap<>();
        for (Seen s : reads) {
            places.computeIfAbsent(s.value(), v -> new LinkedHashMap<>()).putIfAbsent(s.tp() + "@" + s.offset(), s);
        }
        for (var e : places.entrySet()) {
            if (e.getValue().size() > 1) {
                result.report(Anomaly.DUPLICATE, e.getKey() + " read at " + e.getValue().keySet());
            }
        }
    }

    private static void finalRead(List<Op> ops, List<Seen> acks, CheckResult result) {
        Set<String> finalProcesses = new HashSet<>();
        Map<Tp, Long> ends = new LinkedHashMap<>();
        Map<Tp, Long> reached = new HashMap<>();
        Set<String> finalValues = new HashSet<>();
        for (Op op : ops) {
            if (op.type() == Op.Type.FINAL_READ) {
                finalProcesses.add(op.process());
                op.offsets().forEach((p, end) -> ends.merge(new Tp(op.topic(), p), end, Math::max));
            } else if (op.type() == Op.Type.POLL && finalProcesses.contains(op.process())) {
                for (Op.Rec r : op.records()) {
                    finalValues.add(r.value());
                    reached.merge(new Tp(op.topic(), r.partition()), r.offset(), Math::max);
                }
            }
        }
        result.stat("final-read-records", finalValues.size());
        if (finalProcesses.isEmpty()) {
            result.report(Anomaly.INCOMPLETE_FINAL_READ, "the history has no final read");
            return;
        }
        ends.forEach((tp, end) -> {
            long last = reached.getOrDefault(tp, -1L);
            if (end > 0 && last < end - 1) {
                result.report(Anomaly.INCOMPLETE_FINAL_READ, tp + ": read up to " + last + " of end offset " + end);
            }
        });
        for (Seen ack : acks) {
            if (finalValues.contains(ack.value())) {
                continue;
            }
            long last = reached.getOrDefault(ack.tp(), -1L);
            String where = ack.value() + " acked at " + ack.tp() + "@" + ack.offset() + " (" + ack.source() + ")";
            result.report(Anomaly.UNSEEN, where + ", final read reached " + last);
            if (last >= ack.offset()) {
                result.report(Anomaly.LOST, where + ", final read reached " + last);
            }
        }
    }

    private static void failures(List<Op> ops, List<Seen> acks, List<Seen> reads, CheckResult result) {
        Map<String, Seen> observed = new HashMap<>();
        for (Seen s : acks) {
            observed.putIfAbsent(s.value(), s);
        }
        for (Seen s : reads) {
            observed.putIfAbsent(s.value(), s);
        }
        long indeterminateSeen = 0;
        for (Op op : ops) {
            if (op.type() != Op.Type.SEND_FAILED) {
                continue;
            }
            Seen s = observed.get(op.value());
            if (s == null) {
                continue;
            }
            if (Boolean.TRUE.equals(op.definite())) {
                result.report(Anomaly.FAILED_BUT_WRITTEN, op.value() + " failed (" + op.error() + ", #" + op.index()
                        + ") but observed at " + s.tp() + "@" + s.offset() + " (" + s.source() + ")");
            } else {
                indeterminateSeen++;
            }
        }
        result.stat("indeterminate-later-seen", indeterminateSeen);
    }
}
