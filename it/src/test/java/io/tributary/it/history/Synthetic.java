package io.tributary.it.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Builds histories by hand for the checker's own tests: a model log per partition, and ops recorded
 * as real clients would record them. {@link #clean} generates a random history of a correct log;
 * tests then plant one anomaly by recording something a correct log would not have produced. Not
 * thread-safe.
 */
final class Synthetic {

    static final String TOPIC = "t";

    final History history;
    /** partition -> values by offset. */
    final Map<Integer, List<String>> log = new TreeMap<>();
    /** value -> (partition, offset) of every acknowledged value. */
    final Map<String, long[]> acked = new HashMap<>();

    Synthetic(int partitions) {
        this(partitions, History.inMemory(new TickingTime()));
    }

    Synthetic(int partitions, History history) {
        this.history = history;
        IntStream.range(0, partitions).forEach(p -> log.put(p, new ArrayList<>()));
    }

    Op record(Op op) {
        return history.record(op.withTopic(TOPIC));
    }

    void send(String producer, String value, int partition) {
        record(Op.of(producer, Op.Type.SEND).withPartition(partition).withKeyValue(null, value));
    }

    long append(int partition, String value) {
        log.get(partition).add(value);
        return log.get(partition).size() - 1;
    }

    void ack(String producer, String value, int partition, long offset) {
        acked.put(value, new long[] {partition, offset});
        record(Op.of(producer, Op.Type.ACK).withPartition(partition).withOffset(offset).withKeyValue(null, value));
    }

    void fail(String producer, String value, boolean definite) {
        record(Op.of(producer, Op.Type.SEND_FAILED).withKeyValue(null, value).withFailure(definite, "planned"));
    }

    /** Sends {@code value}, appends it and acknowledges it; returns its offset. */
    long write(String producer, String value, int partition) {
        send(producer, value, partition);
        long offset = append(partition, value);
        ack(producer, value, partition, offset);
        return offset;
    }

    void assign(String consumer) {
        record(Op.of(consumer, Op.Type.ASSIGN).withPartitions(List.copyOf(log.keySet())));
    }

    void seek(String consumer, int partition, long offset) {
        record(Op.of(consumer, Op.Type.SEEK).withPartition(partition).withOffset(offset));
    }

    /** A poll of {@code partition} returning the log's records at {@code offsets}, in that order. */
    void poll(String consumer, int partition, long... offsets) {
        List<Op.Rec> recs = new ArrayList<>();
        for (long o : offsets) {
            recs.add(new Op.Rec(partition, o, null, log.get(partition).get((int) o)));
        }
        pollRecs(consumer, recs);
    }

    void pollRecs(String consumer, List<Op.Rec> recs) {
        record(Op.of(consumer, Op.Type.POLL).withRecords(recs));
    }

    /** The final read of the whole log, in polls of up to 7 records, leaving out {@code omit} ("p@o"). */
    void finalRead(Set<String> omit) {
        assign("final");
        Map<Integer, Long> ends = new TreeMap<>();
        log.forEach((p, values) -> {
            seek("final", p, Op.BEGINNING);
            ends.put(p, (long) values.size());
        });
        record(Op.of("final", Op.Type.FINAL_READ).withOffsets(ends));
        log.forEach((p, values) -> {
            List<Op.Rec> recs = new ArrayList<>();
            for (int o = 0; o < values.size(); o++) {
                if (!omit.contains(p + "@" + o)) {
                    recs.add(new Op.Rec(p, o, null, values.get(o)));
                }
                if (recs.size() == 7 || o == values.size() - 1) {
                    if (!recs.isEmpty()) {
                        pollRecs("final", recs);
                    }
                    recs = new ArrayList<>();
                }
            }
        });
    }

    /**
     * A random history of a correct log, without its final read: {@code producers} producers send
     * {@code sends} values over the partitions; most are acknowledged, some fail indeterminately
     * (written or not), some fail definitely (not written); consumer {@code c0} reads along.
     */
    static Synthetic clean(Random rnd, int producers, int partitions, int sends) {
        return clean(rnd, producers, partitions, sends, History.inMemory(new TickingTime()));
    }

    static Synthetic clean(Random rnd, int producers, int partitions, int sends, History history) {
        Synthetic s = new Synthetic(partitions, history);
        s.assign("c0");
        long[] due = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            s.seek("c0", p, Op.BEGINNING);
        }
        for (int i = 0; i < sends; i++) {
            String producer = "p" + rnd.nextInt(producers);
            String value = producer + "-" + i;
            int partition = rnd.nextInt(partitions);
            int fate = rnd.nextInt(20);
            if (fate < 17) {
                s.write(producer, value, partition);
            } else {
                s.send(producer, value, partition);
                if (fate == 17) {
                    s.append(partition, value);
                }
                s.fail(producer, value, fate == 19);
            }
            if (rnd.nextInt(4) == 0) {
                int p = rnd.nextInt(partitions);
                int available = (int) (s.log.get(p).size() - due[p]);
                if (available > 0) {
                    int n = 1 + rnd.nextInt(available);
                    s.poll("c0", p, LongRangeOf.of(due[p], n));
                    due[p] += n;
                }
            }
        }
        return s;
    }

    /** Offsets {@code from, from + 1, ...}, {@code n} of them. */
    static final class LongRangeOf {
        private LongRangeOf() {
        }

        static long[] of(long from, int n) {
            long[] r = new long[n];
            for (int i = 0; i < n; i++) {
                r[i] = from + i;
            }
            return r;
        }
    }
}
