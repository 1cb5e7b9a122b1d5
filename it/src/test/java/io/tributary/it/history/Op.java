package io.tributary.it.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One event of a history: what a client process asked for or what came back to it. A flat record
 * so that a history is one JSON object per line; the fields a type does not use are null.
 *
 * <ul>
 *   <li>{@link Type#SEND}: a producer hands {@code value} (and {@code key}) for {@code topic}/{@code partition}
 *       to its client. Every value is unique in a history.</li>
 *   <li>{@link Type#ACK}: the send of {@code value} was acknowledged at {@code partition}/{@code offset}.</li>
 *   <li>{@link Type#SEND_FAILED}: the send of {@code value} failed with {@code error}; {@code definite} says
 *       whether the record certainly was not written (false: indeterminate, it may or may not be in the log).</li>
 *   <li>{@link Type#POLL}: a consumer's poll returned {@code records} (empty polls are not recorded).</li>
 *   <li>{@link Type#ASSIGN}: a consumer was assigned {@code partitions} of {@code topic}; its positions are
 *       unknown until a seek.</li>
 *   <li>{@link Type#SEEK}: a consumer moved to {@code offset} of {@code partition}; {@link #BEGINNING} or
 *       {@link #END} when it asked for the beginning or the end of the log rather than an offset.</li>
 *   <li>{@link Type#COMMIT}: a consumer committed {@code offsets} (partition to next offset to read).</li>
 *   <li>{@link Type#FINAL_READ}: the start of the read-everything phase by this process: {@code offsets} are the
 *       end offsets of the partitions it will read from the beginning up to.</li>
 *   <li>{@link Type#ERROR}: a call of the process failed ({@code error}); informational.</li>
 *   <li>{@link Type#FAULT}: the test harness injected or healed a fault, described by {@code error}
 *       ("kill -9", "restart", ...); informational, for reading a history next to its anomalies.</li>
 * </ul>
 *
 * @param index position in the history, assigned by {@link History} in recording order
 * @param process the client that did it: {@code p<n>} producers, {@code c<n>} consumers
 * @param type what happened
 * @param wallMillis wall-clock time, for people reading the file
 * @param nanos monotonic time since the history began, for ordering and latencies
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Op(long index, String process, Type type, long wallMillis, long nanos, String topic,
        Integer partition, Long offset, String key, String value, Boolean definite, String error,
        List<Integer> partitions, Map<Integer, Long> offsets, List<Rec> records) {

    /** {@link #offset} of a seek to the beginning of the log. */
    public static final long BEGINNING = -2;
    /** {@link #offset} of a seek to the end of the log. */
    public static final long END = -1;

    /** The kinds of events. */
    public enum Type { SEND, ACK, SEND_FAILED, POLL, ASSIGN, SEEK, COMMIT, FINAL_READ, ERROR, FAULT }

    /** One record returned by a poll. */
    public record Rec(int partition, long offset, String key, String value) {
    }

    /** The fields of an op without its place in a history: {@link History#record} stamps those. */
    public static Op of(String process, Type type) {
        return new Op(-1, process, type, 0, 0, null, null, null, null, null, null, null, null, null, null);
    }

    Op stamped(long newIndex, long newWallMillis, long newNanos) {
        return new Op(newIndex, process, type, newWallMillis, newNanos, topic, partition, offset, key, value,
                definite, error, partitions, offsets, records);
    }

    public Op withTopic(String t) {
        return new Op(index, process, type, wallMillis, nanos, t, partition, offset, key, value, definite, error,
                partitions, offsets, records);
    }

    public Op withPartition(Integer p) {
        return new Op(index, process, type, wallMillis, nanos, topic, p, offset, key, value, definite, error,
                partitions, offsets, records);
    }

    public Op withOffset(Long o) {
        return new Op(index, process, type, wallMillis, nanos, topic, partition, o, key, value, definite, error,
                partitions, offsets, records);
    }

    public Op withKeyValue(String k, String v) {
        return new Op(index, process, type, wallMillis, nanos, topic, partition, offset, k, v, definite, error,
                partitions, offsets, records);
    }

    public Op withFailure(boolean isDefinite, String message) {
        return new Op(index, process, type, wallMillis, nanos, topic, partition, offset, key, value, isDefinite,
                message, partitions, offsets, records);
    }

    public Op withError(String message) {
        return new Op(index, process, type, wallMillis, nanos, topic, partition, offset, key, value, definite,
                message, partitions, offsets, records);
    }

    public Op withPartitions(List<Integer> ps) {
        return new Op(index, process, type, wallMillis, nanos, topic, partition, offset, key, value, definite, error,
                List.copyOf(ps), offsets, records);
    }

    public Op withOffsets(Map<Integer, Long> os) {
        return new Op(index, process, type, wallMillis, nanos, topic, partition, offset, key, value, definite, error,
                partitions, Map.copyOf(os), records);
    }

    public Op withRecords(List<Rec> rs) {
        return new Op(index, process, type, wallMillis, nanos, topic, partition, offset, key, value, definite, error,
                partitions, offsets, List.copyOf(rs));
    }
}
