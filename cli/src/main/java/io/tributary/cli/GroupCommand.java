package io.tributary.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary group list|describe|reset-offsets|delete}, through the Admin client. */
@Command(name = "group", description = "List, describe, reset and delete consumer groups.",
        subcommands = {GroupCommand.ListGroups.class, GroupCommand.Describe.class, GroupCommand.ResetOffsets.class,
            GroupCommand.Delete.class})
final class GroupCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a group command is required");
    }

    @Command(name = "list", description = "List consumer groups.")
    static final class ListGroups extends Base {
        @Option(names = "--format", description = "table or json (default: ${DEFAULT-VALUE}).", defaultValue = "table")
        Output.Format format;

        @Override
        int execute() throws Exception {
            Collection<GroupListing> groups = clients().admin().listGroups().all().get();
            List<GroupListing> sorted = groups.stream().sorted((a, b) -> a.groupId().compareTo(b.groupId())).toList();
            if (format == Output.Format.json) {
                List<Map<String, Object>> out = new ArrayList<>();
                for (GroupListing g : sorted) {
                    out.add(Map.of("group", g.groupId(),
                            "type", g.type().map(Object::toString).orElse("unknown"),
                            "state", g.groupState().map(Object::toString).orElse("unknown")));
                }
                Output.json(out(), out);
            } else {
                List<List<String>> rows = new ArrayList<>();
                for (GroupListing g : sorted) {
                    rows.add(List.of(g.groupId(), g.type().map(Object::toString).orElse("unknown"),
                            g.groupState().map(Object::toString).orElse("unknown")));
                }
                Output.table(out(), List.of("GROUP", "TYPE", "STATE"), rows);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "describe", description = "Show a group's members, committed offsets and lag.")
    static final class Describe extends Base {
        @Parameters(paramLabel = "GROUP") String group;
        @Option(names = "--format", description = "table or json (default: ${DEFAULT-VALUE}).", defaultValue = "table")
        Output.Format format;

        @Override
        int execute() throws Exception {
            Admin admin = clients().admin();
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            Map<TopicPartition, OffsetAndMetadata> committed = new TreeMap<>(
                    java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
            committed.putAll(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = committed.isEmpty() ? Map.of()
                    : admin.listOffsets(committed.keySet().stream()
                                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                            .all().get();
            Map<TopicPartition, String> owners = new HashMap<>();
            for (MemberDescription m : d.members()) {
                m.assignment().topicPartitions().forEach(tp -> owners.put(tp, m.consumerId()));
            }
            List<Map<String, Object>> parts = new ArrayList<>();
            for (var e : committed.entrySet()) {
                TopicPartition tp = e.getKey();
                long end = ends.get(tp).offset();
                long offset = e.getValue() == null ? -1 : e.getValue().offset();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("topic", tp.topic());
                m.put("partition", tp.partition());
                m.put("offset", offset);
                m.put("endOffset", end);
                m.put("lag", offset < 0 ? null : Math.max(0, end - offset));
                m.put("member", owners.get(tp));
                parts.add(m);
            }
            if (format == Output.Format.json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("group", group);
                out.put("state", String.valueOf(d.groupState()));
                out.put("members", d.members().size());
                out.put("offsets", parts);
                Output.json(out(), out);
                return ExitCodes.OK;
            }
            out().println("Group: " + group + "  state: " + d.groupState() + "  members: " + d.members().size());
            List<List<String>> rows = new ArrayList<>();
            for (Map<String, Object> m : parts) {
                rows.add(List.of(String.valueOf(m.get("topic")), String.valueOf(m.get("partition")),
                        String.valueOf(m.get("offset")), String.valueOf(m.get("endOffset")),
                        m.get("lag") == null ? "-" : String.valueOf(m.get("lag")),
                        m.get("member") == null ? "-" : String.valueOf(m.get("member"))));
            }
            Output.table(out(), List.of("TOPIC", "PARTITION", "OFFSET", "END", "LAG", "MEMBER"), rows);
            return ExitCodes.OK;
        }
    }

    @Command(name = "reset-offsets", description = "Move a group's committed offsets (the group must have no members).")
    static final class ResetOffsets extends Base {
        @Parameters(index = "0", paramLabel = "GROUP") String group;
        @Option(names = "--topic", required = true, paramLabel = "TOPIC") String topic;
        @ArgGroup(exclusive = true, multiplicity = "1") Target target;

        static final class Target {
            @Option(names = "--to-earliest") boolean earliest;
            @Option(names = "--to-latest") boolean latest;
            @Option(names = "--to-offset", paramLabel = "N") Long offset;
            @Option(names = "--to-timestamp", paramLabel = "TIME", description = "Epoch millis or ISO-8601 instant.")
            String timestamp;
        }

        @Override
        int execute() throws Exception {
            Admin admin = clients().admin();
            var desc = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            for (var p : desc.partitions()) {
                TopicPartition tp = new TopicPartition(topic, p.partition());
                specs.put(tp, target.earliest ? OffsetSpec.earliest() : target.latest ? OffsetSpec.latest()
                        : target.timestamp != null ? OffsetSpec.forTimestamp(ConsumeCommand.parseTime(target.timestamp))
                        : OffsetSpec.latest());
            }
            var found = admin.listOffsets(specs).all().get();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (var e : found.entrySet()) {
                long o = target.offset != null ? target.offset : e.getValue().offset();
                offsets.put(e.getKey(), new OffsetAndMetadata(o));
            }
            admin.alterConsumerGroupOffsets(group, offsets).all().get();
            out().println("Reset the offsets of group " + group + " on " + topic + " (" + offsets.size()
                    + " partitions).");
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", description = "Delete consumer groups (they must have no members).")
    static final class Delete extends Base {
        @Parameters(paramLabel = "GROUP", arity = "1..*") List<String> groups;

        @Override
        int execute() throws Exception {
            clients().admin().deleteConsumerGroups(groups).all().get();
            groups.forEach(g -> out().println("Deleted group " + g + "."));
            return ExitCodes.OK;
        }
    }
}
