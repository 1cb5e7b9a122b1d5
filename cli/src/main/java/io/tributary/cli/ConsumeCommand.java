package io.tributary.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tributary consume TOPIC}: prints records as they arrive, one per line. Without
 * {@code --group} it reads every partition (or {@code --partition}) by assignment, starting at
 * the end unless told otherwise; {@code --end} stops at the end offsets seen at start.
 */
@Command(name = "consume", description = "Print a topic's records, one per line.")
final class ConsumeCommand extends Base {

    enum RecordFormat { text, json }

    @Parameters(paramLabel = "TOPIC") String topic;
    @ArgGroup(exclusive = true) Start start;
    @Option(names = {"-p", "--partition"}, paramLabel = "N", description = "Read only this partition.")
    Integer partition;
    @Option(names = "-n", paramLabel = "N", description = "Stop after N records.")
    Long limit;
    @Option(names = {"-e", "--end"}, description = "Stop at the end of the topic (the end offsets when it started).")
    boolean stopAtEnd;
    @Option(names = {"-g", "--group"}, paramLabel = "GROUP",
            description = "Consume as a member of this group, committing offsets (needs group support in the cluster).")
    String group;
    @Option(names = "--format", defaultValue = "text",
            description = "text (value, or key<SEP>value with --print-key) or json (default: ${DEFAULT-VALUE}).")
    RecordFormat format;
    @Option(names = "--print-key", description = "Print KEY<SEP>VALUE in text format.")
    boolean printKey;
    @Option(names = {"-K", "--key-separator"}, defaultValue = "\t", paramLabel = "SEP",
            description = "Between key and value with --print-key (default: tab).")
    String keySeparator;

    static final class Start {
        @Option(names = "--from-beginning", description = "Start at the first offset.") boolean beginning;
        @Option(names = "--offset", paramLabel = "N", description = "Start at offset N of each partition.") Long offset;
        @Option(names = "--from-timestamp", paramLabel = "TIME",
                description = "Start at the first record at or after TIME "
                        + "(epoch millis or ISO-8601, e.g. 2024-05-01T10:00:00Z).")
        String timestamp;
    }

    @Override
    int execute() throws Exception {
        if (limit != null && limit < 0) {
            throw usage("-n must not be negative");
        }
        Long fromTime = start != null && start.timestamp != null ? parseTime(start.timestamp) : null;
        Properties extra = new Properties();
        if (group != null) {
            extra.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            extra.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
            extra.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    start != null && start.beginning ? "earliest" : "latest");
        }
        long printed = 0;
        PrintWriter out = out();
        try (KafkaConsumer<byte[], byte[]> consumer = clients().consumer(extra)) {
            List<TopicPartition> tps = partitions(consumer);
            Map<TopicPartition, Long> ends = new HashMap<>();
            if (group != null && partition == null && start == null) {
                consumer.subscribe(List.of(topic));
            } else {
                consumer.assign(tps);
                position(consumer, tps, fromTime);
            }
            if (stopAtEnd) {
                ends.putAll(consumer.endOffsets(tps));
            }
            Runtime.getRuntime().addShutdownHook(new Thread(consumer::wakeup));
            while (limit == null || printed < limit) {
                if (stopAtEnd && atEnd(consumer, ends)) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (stopAtEnd && r.offset() >= ends.getOrDefault(new TopicPartition(r.topic(), r.partition()),
                            Long.MAX_VALUE)) {
                        continue;
                    }
                    out.println(format == RecordFormat.json ? json(r) : text(r));
                    printed++;
                    if (limit != null && printed >= limit) {
                        break;
                    }
                }
                out.flush();
            }
            out.flush();
            if (group != null) {
                consumer.commitSync();
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            out.flush();
        }
        return ExitCodes.OK;
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofMillis(clients().timeoutMs()));
        if (infos == null || infos.isEmpty()) {
            throw CliException.failed("topic " + topic + " does not exist", "'tributary topic list' shows the topics.");
        }
        List<TopicPartition> tps = new ArrayList<>();
        for (PartitionInfo p : infos) {
            if (partition == null || p.partition() == partition) {
                tps.add(new TopicPartition(topic, p.partition()));
            }
        }
        if (tps.isEmpty()) {
            throw CliException.failed("topic " + topic + " has no partition " + partition,
                    "It has " + infos.size() + " partitions, numbered from 0.");
        }
        tps.sort(java.util.Comparator.comparingInt(TopicPartition::partition));
        return tps;
    }

    private void position(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> tps, Long fromTime) {
        if (start == null) {
            if (group == null) {
                consumer.seekToEnd(tps);
            }
            return;
        }
        if (start.beginning) {
            consumer.seekToBeginning(tps);
        } else if (start.offset != null) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(tps);
            for (TopicPartition tp : tps) {
                consumer.seek(tp, Math.max(begins.get(tp), Math.min(start.offset, ends.get(tp))));
            }
        } else {
            Map<TopicPartition, Long> query = new HashMap<>();
            tps.forEach(tp -> query.put(tp, fromTime));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            List<TopicPartition> none = new ArrayList<>();
            for (TopicPartition tp : tps) {
                OffsetAndTimestamp o = found.get(tp);
                if (o == null) {
                    none.add(tp);
                } else {
                    consumer.seek(tp, o.offset());
                }
            }
            if (!none.isEmpty()) {
                // an empty list would move every assigned partition to its end
                consumer.seekToEnd(none);
            }
        }
    }

    private static boolean atEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private String text(ConsumerRecord<byte[], byte[]> r) {
        String value = string(r.value());
        return printKey ? string(r.key()) + keySeparator + value : value;
    }

    private static String json(ConsumerRecord<byte[], byte[]> r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("topic", r.topic());
        m.put("partition", r.partition());
        m.put("offset", r.offset());
        m.put("timestamp", r.timestamp());
        m.put("key", r.key() == null ? null : string(r.key()));
        m.put("value", r.value() == null ? null : string(r.value()));
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? null : string(h.value()));
        }
        m.put("headers", headers);
        return Output.jsonLine(m);
    }

    private static String string(byte[] b) {
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }

    /** Epoch milliseconds, or an ISO-8601 instant. */
    static long parseTime(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException ignored) {
            // not a number: try ISO-8601
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read the time '" + s + "'",
                    "Give epoch milliseconds or an ISO-8601 instant such as 2024-05-01T10:00:00Z.");
        }
    }
}
