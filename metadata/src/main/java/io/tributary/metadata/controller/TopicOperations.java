package io.tributary.metadata.controller;

import io.tributary.metadata.BrokerImage;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.MetadataRecord.ConfigRecord;
import io.tributary.metadata.MetadataRecord.PartitionRecord;
import io.tributary.metadata.MetadataRecord.RemoveTopicRecord;
import io.tributary.metadata.MetadataRecord.TopicRecord;
import io.tributary.metadata.TopicImage;
import io.tributary.metadata.config.TopicConfigDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

/**
 * The controller's decisions about topics: creating them, adding partitions and deleting them,
 * with Apache Kafka's validation rules and error codes. Pure functions of the current image;
 * they return the records to commit and never touch state themselves.
 */
public final class TopicOperations {

    /** Upper bound on partitions of one topic, so one request cannot exhaust the broker. */
    public static final int MAX_PARTITIONS = 10_000;

    /** A topic to create. Empty {@code assignments} means: use numPartitions and replicationFactor. */
    public record NewTopic(String name, int numPartitions, short replicationFactor,
            Map<Integer, List<Integer>> assignments, Map<String, String> configs) {}

    /** A request to grow a topic to {@code count} partitions. */
    public record NewPartitions(String topic, int count, List<List<Integer>> assignments) {}

    private TopicOperations() {}

    public static ControllerResult<Map<String, ApiError>> createTopics(
            MetadataImage image, ControllerConfig config, List<NewTopic> topics, boolean validateOnly) {
        Map<String, ApiError> results = new LinkedHashMap<>();
        Set<String> duplicates = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (NewTopic t : topics) {
            if (!seen.add(t.name())) {
                duplicates.add(t.name());
            }
        }
        List<MetadataRecord> records = new ArrayList<>();
        Set<String> createdHere = new HashSet<>();
        for (NewTopic t : topics) {
            if (duplicates.contains(t.name())) {
                results.put(t.name(), new ApiError(Errors.INVALID_REQUEST, "Duplicate topic name."));
                continue;
            }
            ApiError error = validateNewTopic(image, config, t, createdHere);
            if (error != null) {
                results.put(t.name(), error);
                continue;
            }
            createdHere.add(t.name());
            if (!validateOnly) {
                records.addAll(recordsFor(image, config, t));
            }
            results.put(t.name(), ApiError.NONE);
        }
        return new ControllerResult<>(records, results);
    }

    private static ApiError validateNewTopic(MetadataImage image, ControllerConfig config, NewTopic t,
            Set<String> createdHere) {
        try {
            Topic.validate(t.name());
        } catch (InvalidTopicException e) {
            return new ApiError(Errors.INVALID_TOPIC_EXCEPTION, e.getMessage());
        }
        if (image.topic(t.name()).isPresent()) {
            return new ApiError(Errors.TOPIC_ALREADY_EXISTS, "Topic '" + t.name() + "' already exists.");
        }
        if (Topic.hasCollisionChars(t.name())) {
            for (String existing : image.topics().keySet()) {
                if (Topic.hasCollision(existing, t.name())) {
                    return new ApiError(Errors.INVALID_TOPIC_EXCEPTION,
                            "Topic '" + t.name() + "' collides with existing topic: " + existing);
                }
            }
        }
        List<BrokerImage> brokers = ReplicaPlacer.usableBrokers(image);
        if (!t.assignments().isEmpty()) {
            if (t.numPartitions() != -1) {
                return new ApiError(Errors.INVALID_REQUEST,
                        "A manual partition assignment was specified, but numPartitions was not set to -1.");
            }
            if (t.replicationFactor() != -1) {
                return new ApiError(Errors.INVALID_REQUEST,
                        "A manual partition assignment was specified, but replicationFactor was not set to -1.");
            }
            ApiError bad = validateAssignments(image, new ArrayList<>(t.assignments().entrySet()));
            if (bad != null) {
                return bad;
            }
        } else {
            int partitions = t.numPartitions() == -1 ? config.defaultPartitions() : t.numPartitions();
            int rf = t.replicationFactor() == -1 ? config.defaultReplicationFactor() : t.replicationFactor();
            if (partitions <= 0) {
                return new ApiError(Errors.INVALID_PARTITIONS,
                        "Number of partitions was set to an invalid non-positive value.");
            }
            if (partitions > MAX_PARTITIONS) {
                return new ApiError(Errors.INVALID_PARTITIONS,
                        "Number of partitions " + partitions + " exceeds the limit of " + MAX_PARTITIONS + ".");
            }
            if (rf <= 0) {
                return new ApiError(Errors.INVALID_REPLICATION_FACTOR,
                        "Replication factor must be larger than 0, or -1 to use the default value.");
            }
            if (rf > brokers.size()) {
                return new ApiError(Errors.INVALID_REPLICATION_FACTOR, "Unable to replicate the partition " + rf
                        + " time(s): The target replication factor of " + rf
                        + " cannot be reached because only " + brokers.size() + " broker(s) are registered.");
            }
        }
        String configProblem = TopicConfigDef.validate(t.configs());
        if (configProblem != null) {
            return new ApiError(Errors.INVALID_CONFIG, configProblem);
        }
        return null;
    }

    private static ApiError validateAssignments(MetadataImage image, List<Map.Entry<Integer, List<Integer>>> entries) {
        entries.sort(Map.Entry.comparingByKey());
        int expectedSize = -1;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).getKey() != i) {
                return new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT,
                        "Partitions should be a consecutive 0-based integer sequence, but got "
                                + entries.get(i).getKey());
            }
            List<Integer> replicas = entries.get(i).getValue();
            if (replicas.isEmpty()) {
                return new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT,
                        "The manual partition assignment includes an empty replica list.");
            }
            if (new HashSet<>(replicas).size() != replicas.size()) {
                return new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT,
                        "The manual partition assignment includes duplicate replicas: " + replicas);
            }
            if (expectedSize != -1 && replicas.size() != expectedSize) {
                return new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT,
                        "All partitions must have the same number of replicas.");
            }
            expectedSize = replicas.size();
            for (int b : replicas) {
                if (image.broker(b).isEmpty()) {
                    return new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT,
                            "The manual partition assignment includes broker " + b
                                    + ", but no such broker is registered.");
                }
            }
        }
        if (entries.size() > MAX_PARTITIONS) {
            return new ApiError(Errors.INVALID_PARTITIONS, "Too many partitions in the manual assignment.");
        }
        return null;
    }

    private static List<MetadataRecord> recordsFor(MetadataImage image, ControllerConfig config, NewTopic t) {
        List<MetadataRecord> records = new ArrayList<>();
        Uuid id = Uuid.randomUuid();
        records.add(new TopicRecord(t.name(), id));
        Map<Integer, List<Integer>> assignment = new HashMap<>(t.assignments());
        if (assignment.isEmpty()) {
            int partitions = t.numPartitions() == -1 ? config.defaultPartitions() : t.numPartitions();
            int rf = t.replicationFactor() == -1 ? config.defaultReplicationFactor() : t.replicationFactor();
            List<BrokerImage> brokers = ReplicaPlacer.usableBrokers(image);
            for (int p = 0; p < partitions; p++) {
                assignment.put(p, ReplicaPlacer.place(brokers, t.name(), p, rf));
            }
        }
        for (int p = 0; p < assignment.size(); p++) {
            List<Integer> replicas = assignment.get(p);
            records.add(new PartitionRecord(id, p, replicas, replicas, replicas.get(0), 0, 0));
        }
        new java.util.TreeMap<>(t.configs()).forEach((k, v) -> records.add(new ConfigRecord("topic", t.name(), k, v)));
        return records;
    }

    public static ControllerResult<Map<String, ApiError>> deleteTopics(
            MetadataImage image, ControllerConfig config, List<String> names) {
        Map<String, ApiError> results = new LinkedHashMap<>();
        List<MetadataRecord> records = new ArrayList<>();
        for (String name : names) {
            if (results.containsKey(name)) {
                continue;
            }
            if (!config.deleteTopicEnable()) {
                results.put(name, new ApiError(Errors.TOPIC_DELETION_DISABLED, "Topic deletion is disabled."));
                continue;
            }
            TopicImage t = image.topic(name).orElse(null);
            if (t == null) {
                results.put(name, new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION,
                        "This server does not host this topic-partition."));
                continue;
            }
            records.add(new RemoveTopicRecord(t.id()));
            results.put(name, ApiError.NONE);
        }
        return new ControllerResult<>(records, results);
    }

    /**
     * CreatePartitions: grows each requested topic, one result per distinct topic name. A topic
     * named more than once is INVALID_REQUEST "Duplicate topic name." and left untouched, Apache
     * Kafka's answer (given in its ControllerApis); the handler does not check again.
     */
    public static ControllerResult<Map<String, ApiError>> createPartitions(
            MetadataImage image, List<NewPartitions> requests, boolean validateOnly) {
        Map<String, ApiError> results = new LinkedHashMap<>();
        List<MetadataRecord> records = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (NewPartitions req : requests) {
            if (!seen.add(req.topic())) {
                duplicates.add(req.topic());
            }
        }
        for (NewPartitions req : requests) {
            if (duplicates.contains(req.topic())) {
                results.put(req.topic(), new ApiError(Errors.INVALID_REQUEST, "Duplicate topic name."));
                continue;
            }
            TopicImage t = image.topic(req.topic()).orElse(null);
            if (t == null) {
                results.put(req.topic(), new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION,
                        "This server does not host this topic-partition."));
                continue;
            }
            int current = t.partitionCount();
            if (req.count() < current) {
                results.put(req.topic(), new ApiError(Errors.INVALID_PARTITIONS, "Topic currently has " + current
                        + " partitions, which is higher than the requested " + req.count() + "."));
                continue;
            }
            if (req.count() == current) {
                results.put(req.topic(), new ApiError(Errors.INVALID_PARTITIONS,
                        "Topic already has " + current + " partitions."));
                continue;
            }
            if (req.count() > MAX_PARTITIONS) {
                results.put(req.topic(), new ApiError(Errors.INVALID_PARTITIONS,
                        "Number of partitions " + req.count() + " exceeds the limit of " + MAX_PARTITIONS + "."));
                continue;
            }
            int rf = t.partition(0).replicas().size();
            List<BrokerImage> brokers = ReplicaPlacer.usableBrokers(image);
            List<List<Integer>> assignments = req.assignments();
            if (assignments != null && !assignments.isEmpty()) {
                if (assignments.size() != req.count() - current) {
                    results.put(req.topic(), new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT, "Attempted to add "
                            + (req.count() - current) + " additional partition(s), but only " + assignments.size()
                            + " assignment(s) were specified."));
                    continue;
                }
                List<Map.Entry<Integer, List<Integer>>> entries = new ArrayList<>();
                for (int i = 0; i < assignments.size(); i++) {
                    entries.add(Map.entry(i, assignments.get(i)));
                }
                ApiError bad = validateAssignments(image, entries);
                if (bad == null && assignments.get(0).size() != rf) {
                    bad = new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT,
                            "The manual partition assignment must have " + rf + " replicas per partition.");
                }
                if (bad != null) {
                    results.put(req.topic(), bad);
                    continue;
                }
            } else if (rf > brokers.size()) {
                results.put(req.topic(), new ApiError(Errors.INVALID_REPLICATION_FACTOR,
                        "Unable to replicate the partition " + rf + " time(s): only " + brokers.size()
                                + " broker(s) are registered."));
                continue;
            }
            if (!validateOnly) {
                for (int p = current; p < req.count(); p++) {
                    List<Integer> replicas = assignments != null && !assignments.isEmpty()
                            ? assignments.get(p - current)
                            : ReplicaPlacer.place(brokers, t.name(), p, rf);
                    records.add(new PartitionRecord(t.id(), p, replicas, replicas, replicas.get(0), 0, 0));
                }
            }
            results.put(req.topic(), ApiError.NONE);
        }
        return new ControllerResult<>(records, results);
    }
}
