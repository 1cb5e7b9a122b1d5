package io.tributary.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary topic create|list|describe|delete|alter-config|add-partitions}. */
@Command(name = "topic", description = "Create, list, describe, change and delete topics.",
        subcommands = {TopicCommand.Create.class, TopicCommand.ListTopics.class, TopicCommand.Describe.class,
            TopicCommand.Delete.class, TopicCommand.AlterConfig.class, TopicCommand.AddPartitions.class})
final class TopicCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a topic command is required");
    }

    @Command(name = "create", description = "Create a topic.")
    static final class Create extends Base {
        @Parameters(paramLabel = "TOPIC") String topic;
        @Option(names = {"-p", "--partitions"}, description = "Partitions (default: the broker's num.partitions).")
        Integer partitions;
        @Option(names = {"-r", "--replication-factor"}, description = "Replicas per partition (default: the broker's).")
        Short replicationFactor;
        @Option(names = {"-c", "--config"}, paramLabel = "KEY=VALUE", description = "A topic config (repeatable).")
        List<String> configs = new ArrayList<>();
        @Option(names = "--if-not-exists", description = "Succeed when the topic exists already.")
        boolean ifNotExists;

        @Override
        int execute() throws Exception {
            if (partitions != null && partitions < 1) {
                throw usage("--partitions must be at least 1");
            }
            NewTopic t = new NewTopic(topic, Optional.ofNullable(partitions), Optional.ofNullable(replicationFactor))
                    .configs(keyValues(configs, "--config"));
            try {
                clients().admin().createTopics(List.of(t), new CreateTopicsOptions()).all().get();
            } catch (ExecutionException e) {
                if (ifNotExists && e.getCause() instanceof TopicExistsException) {
                    out().println("Topic " + topic + " exists already.");
                    return ExitCodes.OK;
                }
                throw e;
            }
            out().println("Created topic " + topic + ".");
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", description = "List topics with their partition counts.")
    static final class ListTopics extends Base {
        @Option(names = "--format", description = "table or json (default: ${DEFAULT-VALUE}).", defaultValue = "table")
        Output.Format format;
        @Option(names = "--internal", description = "Include internal topics.")
        boolean internal;

        @Override
        int execute() throws Exception {
            Admin admin = clients().admin();
            Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(internal)).names().get();
            Map<String, TopicDescription> d = new TreeMap<>(admin.describeTopics(names).allTopicNames().get());
            if (format == Output.Format.json) {
                List<Map<String, Object>> out = new ArrayList<>();
                d.values().forEach(t -> out.add(Map.of("name", t.name(), "partitions", t.partitions().size(),
                        "replicationFactor", replicationFactor(t), "internal", t.isInternal())));
                Output.json(out(), out);
            } else {
                List<List<String>> rows = new ArrayList<>();
                d.values().forEach(t -> rows.add(List.of(t.name(), Integer.toString(t.partitions().size()),
                        Integer.toString(replicationFactor(t)))));
                Output.table(out(), List.of("TOPIC", "PARTITIONS", "REPLICATION"), rows);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "describe", description = "Show a topic's partitions, offsets and non-default configs.")
    static final class Describe extends Base {
        @Parameters(paramLabel = "TOPIC") String topic;
        @Option(names = "--format", description = "table or json (default: ${DEFAULT-VALUE}).", defaultValue = "table")
        Output.Format format;

        @Override
        int execute() throws Exception {
            Admin admin = clients().admin();
            TopicDescription t = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            List<TopicPartition> tps = t.partitions().stream().map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            var earliest = admin.listOffsets(
                    tps.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.earliest()))).all().get();
            var latest = admin.listOffsets(tps.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all().get();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            Map<String, String> overrides = new TreeMap<>();
            for (ConfigEntry e : config.entries()) {
                if (e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                    overrides.put(e.name(), e.isSensitive() ? "(sensitive)" : e.value());
                }
            }
            if (format == Output.Format.json) {
                List<Map<String, Object>> parts = new ArrayList<>();
                for (TopicPartitionInfo p : t.partitions()) {
                    TopicPartition tp = new TopicPartition(topic, p.partition());
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("partition", p.partition());
                    m.put("leader", p.leader() == null ? -1 : p.leader().id());
                    m.put("replicas", ids(p.replicas()));
                    m.put("isr", ids(p.isr()));
                    m.put("startOffset", earliest.get(tp).offset());
                    m.put("endOffset", latest.get(tp).offset());
                    parts.add(m);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("name", t.name());
                out.put("topicId", t.topicId().toString());
                out.put("internal", t.isInternal());
                out.put("partitions", parts);
                out.put("configs", overrides);
                Output.json(out(), out);
                return ExitCodes.OK;
            }
            out().println("Topic: " + t.name() + "  id: " + t.topicId() + "  partitions: " + t.partitions().size()
                    + "  replication: " + replicationFactor(t));
            out().println("Configs: " + (overrides.isEmpty() ? "(defaults)" : overrides.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))));
            List<List<String>> rows = new ArrayList<>();
            for (TopicPartitionInfo p : t.partitions()) {
                TopicPartition tp = new TopicPartition(topic, p.partition());
                rows.add(List.of(Integer.toString(p.partition()),
                        p.leader() == null ? "none" : Integer.toString(p.leader().id()),
                        join(ids(p.replicas())), join(ids(p.isr())), Long.toString(earliest.get(tp).offset()),
                        Long.toString(latest.get(tp).offset())));
            }
            Output.table(out(), List.of("PARTITION", "LEADER", "REPLICAS", "ISR", "START", "END"), rows);
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", description = "Delete topics and their data.")
    static final class Delete extends Base {
        @Parameters(paramLabel = "TOPIC", arity = "1..*") List<String> topics;
        @Option(names = "--if-exists", description = "Succeed when a topic does not exist.")
        boolean ifExists;

        @Override
        int execute() throws Exception {
            var result = clients().admin().deleteTopics(topics).topicNameValues();
            CliException first = null;
            for (String topic : topics) {
                try {
                    result.get(topic).get();
                    out().println("Deleted topic " + topic + ".");
                } catch (ExecutionException e) {
                    if (ifExists && e.getCause() instanceof UnknownTopicOrPartitionException) {
                        out().println("Topic " + topic + " does not exist.");
                        continue;
                    }
                    CliException c = Errors.translate(e, clients().bootstrap().servers());
                    err().println("tributary: cannot delete " + topic + ": " + c.getMessage());
                    first = first == null ? c : first;
                }
            }
            if (first != null) {
                return first.exitCode();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "alter-config", description = "Set or remove topic configs.")
    static final class AlterConfig extends Base {
        @Parameters(paramLabel = "TOPIC") String topic;
        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set a config (repeatable).")
        List<String> set = new ArrayList<>();
        @Option(names = "--delete", paramLabel = "KEY", description = "Return a config to its default (repeatable).")
        List<String> delete = new ArrayList<>();

        @Override
        int execute() throws Exception {
            if (set.isEmpty() && delete.isEmpty()) {
                throw usage("give at least one --set KEY=VALUE or --delete KEY");
            }
            List<AlterConfigOp> ops = new ArrayList<>();
            keyValues(set, "--set").forEach((k, v) -> ops.add(
                    new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
            delete.forEach(k -> ops.add(new AlterConfigOp(new ConfigEntry(k, ""), AlterConfigOp.OpType.DELETE)));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            clients().admin().incrementalAlterConfigs(Map.of(resource, ops)).all().get();
            out().println("Updated the configs of topic " + topic + ".");
            return ExitCodes.OK;
        }
    }

    @Command(name = "add-partitions", description = "Grow a topic to a total number of partitions.")
    static final class AddPartitions extends Base {
        @Parameters(paramLabel = "TOPIC") String topic;
        @Option(names = "--total", required = true, paramLabel = "N", description = "The partition count afterwards.")
        int total;

        @Override
        int execute() throws Exception {
            clients().admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(total))).all().get();
            out().println("Topic " + topic + " now has " + total + " partitions.");
            return ExitCodes.OK;
        }
    }

    static int replicationFactor(TopicDescription t) {
        return t.partitions().isEmpty() ? 0 : t.partitions().get(0).replicas().size();
    }

    static List<Integer> ids(Collection<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }

    static String join(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
