package io.tributary.broker.group;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committed offsets of one partition's groups: OffsetCommit with Kafka's generation and member
 * checks, OffsetFetch, OffsetDelete (commits and deletions answered once their records are
 * committed), and expiry of the offsets of empty groups after
 * {@code offsets.retention.minutes}.
 *
 * <p>Topic names must already be resolved by the caller (requests by topic id included), and
 * partitions that do not exist left out ({@code OffsetCommitHandler} answers them itself): what
 * reaches a commit here is stored.
 *
 * <p>Not thread-safe: runs on the shard's thread.
 */
public final class OffsetManager {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetManager.class);

    private final ShardState state;
    private final GroupConfig config;
    private final Time time;
    private final GroupWriter writer;
    private final MemberEpochCheck consumerGroups;

    /** Validates commits and fetches of consumer-protocol (KIP-848) groups by member epoch. */
    public interface MemberEpochCheck {
        /** Null when {@code groupId} is not a consumer-protocol group; otherwise the check's result. */
        Errors check(String groupId, String memberId, int memberEpoch, boolean isCommit);

        MemberEpochCheck NONE = (g, m, e, c) -> null;
    }

    public OffsetManager(ShardState state, GroupConfig config, Time time, GroupWriter writer,
            MemberEpochCheck consumerGroups) {
        this.state = state;
        this.config = config;
        this.time = time;
        this.writer = writer;
        this.consumerGroups = consumerGroups;
    }

    // ---------------------------------------------------------------- OffsetCommit

    /**
     * OffsetCommit: the offsets are in memory (visible to OffsetFetch) once written, and the answer
     * comes once the write is committed; a write that fails answers its error for every partition
     * it held (NOT_COORDINATOR when leadership moved, COORDINATOR_NOT_AVAILABLE on a timeout).
     */
    public java.util.concurrent.CompletableFuture<OffsetCommitResponseData> commit(OffsetCommitRequestData req) {
        Errors groupError = validateCommit(req);
        OffsetCommitResponseData out = new OffsetCommitResponseData();
        Map<TopicPartition, CommittedOffset> accepted = new LinkedHashMap<>();
        long now = time.milliseconds();
        for (OffsetCommitRequestTopic t : req.topics()) {
            OffsetCommitResponseTopic rt = new OffsetCommitResponseTopic().setName(t.name()).setTopicId(t.topicId());
            for (OffsetCommitRequestPartition p : t.partitions()) {
                Errors e = groupError;
                if (e == Errors.NONE && t.name() == null) {
                    e = Errors.UNKNOWN_TOPIC_ID;
                } else if (e == Errors.NONE && tooLarge(p.committedMetadata())) {
                    e = Errors.OFFSET_METADATA_TOO_LARGE;
                } else if (e == Errors.NONE) {
                    accepted.put(new TopicPartition(t.name(), p.partitionIndex()),
                            new CommittedOffset(p.committedOffset(), p.committedLeaderEpoch(), p.committedMetadata(),
                                    now));
                }
                rt.partitions().add(new OffsetCommitResponsePartition().setPartitionIndex(p.partitionIndex())
                        .setErrorCode(e.code()));
            }
            out.topics().add(rt);
        }
        if (accepted.isEmpty()) {
            return java.util.concurrent.CompletableFuture.completedFuture(out);
        }
        java.util.concurrent.CompletableFuture<Void> write =
                WriteResults.start(() -> writer.writeOffsets(req.groupId(), accepted));
        if (!write.isCompletedExceptionally()) {
            if (state.group(req.groupId()).isEmpty() && state.consumerGroup(req.groupId()).isEmpty()) {
                state.getOrCreate(req.groupId(), now);
            }
            accepted.forEach((tp, o) -> state.putOffset(req.groupId(), tp, o));
        }
        return write.handle((v, ex) -> {
            if (ex != null) {
                LOG.warn("Could not store offsets of group {}: {}", req.groupId(), ex.toString());
                Errors error = WriteResults.errorOf(ex);
                out.topics().forEach(t -> t.partitions().forEach(p -> {
                    if (p.errorCode() == Errors.NONE.code()) {
                        p.setErrorCode(error.code());
                    }
                }));
            }
            return out;
        });
    }

    private boolean tooLarge(String metadata) {
        return metadata != null && metadata.getBytes(StandardCharsets.UTF_8).length > config.offsetMetadataMaxBytes();
    }

    private Errors validateCommit(OffsetCommitRequestData req) {
        if (!GroupCoordinator.isValidGroupId(req.groupId())) {
            return Errors.INVALID_GROUP_ID;
        }
        Errors consumer = consumerGroups.check(req.groupId(), req.memberId(), req.generationIdOrMemberEpoch(), true);
        if (consumer != null) {
            return consumer;
        }
        ClassicGroup group = state.group(req.groupId()).orElse(null);
        int generation = req.generationIdOrMemberEpoch();
        if (group == null) {
            return generation < 0 ? Errors.NONE : Errors.ILLEGAL_GENERATION;
        }
        if (group.is(GroupState.DEAD)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (generation < 0 && group.is(GroupState.EMPTY)) {
            return Errors.NONE;
        }
        Errors member = ClassicGroupManager.checkMember(group, req.memberId(), req.groupInstanceId());
        if (member != Errors.NONE) {
            return member;
        }
        if (generation != group.generationId()) {
            return Errors.ILLEGAL_GENERATION;
        }
        if (group.is(GroupState.COMPLETING_REBALANCE)) {
            return Errors.REBALANCE_IN_PROGRESS;
        }
        return Errors.NONE;
    }

    // ---------------------------------------------------------------- OffsetFetch

    /** OffsetFetch of one group; {@code topics == null} asks for every committed partition. */
    public OffsetFetchResponseGroup fetch(OffsetFetchRequestGroup req) {
        OffsetFetchResponseGroup out = new OffsetFetchResponseGroup().setGroupId(req.groupId());
        if (!GroupCoordinator.isValidGroupId(req.groupId())) {
            return out.setErrorCode(Errors.INVALID_GROUP_ID.code());
        }
        if (req.memberId() != null && req.memberEpoch() >= 0) {
            Errors consumer = consumerGroups.check(req.groupId(), req.memberId(), req.memberEpoch(), false);
            if (consumer != null && consumer != Errors.NONE) {
                return out.setErrorCode(consumer.code());
            }
        }
        Map<TopicPartition, CommittedOffset> committed = state.offsets(req.groupId());
        if (req.topics() == null) {
            Map<String, List<Integer>> all = new TreeMap<>();
            committed.keySet().forEach(tp -> all.computeIfAbsent(tp.topic(), k -> new ArrayList<>())
                    .add(tp.partition()));
            all.forEach((topic, parts) -> {
                parts.sort(Integer::compare);
                out.topics().add(topicOffsets(topic, parts, committed));
            });
            return out;
        }
        for (OffsetFetchRequestTopics t : req.topics()) {
            out.topics().add(topicOffsets(t.name(), t.partitionIndexes(), committed).setTopicId(t.topicId()));
        }
        return out;
    }

    private static OffsetFetchResponseTopics topicOffsets(String topic, List<Integer> partitions,
            Map<TopicPartition, CommittedOffset> committed) {
        OffsetFetchResponseTopics rt = new OffsetFetchResponseTopics().setName(topic);
        for (int p : partitions) {
            CommittedOffset o = topic == null ? null : committed.get(new TopicPartition(topic, p));
            OffsetFetchResponsePartitions rp = new OffsetFetchResponsePartitions().setPartitionIndex(p);
            if (topic == null) {
                rp.setCommittedOffset(-1).setCommittedLeaderEpoch(-1).setMetadata("")
                        .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code());
            } else if (o == null) {
                rp.setCommittedOffset(-1).setCommittedLeaderEpoch(-1).setMetadata("");
            } else {
                rp.setCommittedOffset(o.offset()).setCommittedLeaderEpoch(o.leaderEpoch()).setMetadata(o.metadata());
            }
            rt.partitions().add(rp);
        }
        return rt;
    }

    // ---------------------------------------------------------------- OffsetDelete

    /**
     * OffsetDelete: removes the group's offsets of the given partitions, unless the group is
     * consuming them (GROUP_SUBSCRIBED_TO_TOPIC).
     */
    public java.util.concurrent.CompletableFuture<OffsetDeleteResponseData> delete(OffsetDeleteRequestData req,
            SubscriptionView subscriptions) {
        OffsetDeleteResponseData out = new OffsetDeleteResponseData();
        if (!GroupCoordinator.isValidGroupId(req.groupId())) {
            return answered(out.setErrorCode(Errors.INVALID_GROUP_ID.code()));
        }
        ClassicGroup group = state.group(req.groupId()).orElse(null);
        if (group == null && !subscriptions.exists(req.groupId())) {
            return answered(out.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()));
        }
        if (group != null && !group.isEmpty() && !"consumer".equals(group.protocolType())) {
            return answered(out.setErrorCode(Errors.NON_EMPTY_GROUP.code()));
        }
        List<TopicPartition> deleted = new ArrayList<>();
        for (OffsetDeleteRequestData.OffsetDeleteRequestTopic t : req.topics()) {
            OffsetDeleteResponseData.OffsetDeleteResponseTopic rt =
                    new OffsetDeleteResponseData.OffsetDeleteResponseTopic().setName(t.name());
            boolean subscribed = subscriptions.isSubscribed(req.groupId(), t.name());
            for (OffsetDeleteRequestData.OffsetDeleteRequestPartition p : t.partitions()) {
                Errors e = subscribed ? Errors.GROUP_SUBSCRIBED_TO_TOPIC : Errors.NONE;
                TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                if (e == Errors.NONE && state.offsets(req.groupId()).containsKey(tp)) {
                    deleted.add(tp);
                }
                rt.partitions().add(new OffsetDeleteResponseData.OffsetDeleteResponsePartition()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(e.code()));
            }
            out.topics().add(rt);
        }
        if (deleted.isEmpty()) {
            return answered(out);
        }
        java.util.concurrent.CompletableFuture<Void> write =
                WriteResults.start(() -> writer.deleteOffsets(req.groupId(), deleted));
        if (!write.isCompletedExceptionally()) {
            deleted.forEach(tp -> state.removeOffset(req.groupId(), tp));
        }
        // answered once the tombstones are committed, as a commit is
        return write.handle((v, e) -> e == null ? out : out.setErrorCode(WriteResults.errorOf(e).code()));
    }

    private static <T> java.util.concurrent.CompletableFuture<T> answered(T value) {
        return java.util.concurrent.CompletableFuture.completedFuture(value);
    }

    /** Which topics a group's members consume, for OffsetDelete. */
    public interface SubscriptionView {
        boolean exists(String groupId);

        boolean isSubscribed(String groupId, String topic);
    }

    // ---------------------------------------------------------------- retention

    /**
     * Removes expired offsets: those of empty groups once the group has been empty (or, for a
     * group that never had members, the offset has been committed) longer than the retention.
     * Empty groups left without offsets are deleted.
     */
    public void expireOffsets(java.util.function.Predicate<String> isActiveConsumerGroup) {
        long now = time.milliseconds();
        for (String groupId : List.copyOf(iterable(state.groupsWithOffsets()))) {
            if (isActiveConsumerGroup.test(groupId)) {
                continue;
            }
            ClassicGroup group = state.group(groupId).orElse(null);
            if (group != null && !group.is(GroupState.EMPTY)) {
                continue;
            }
            boolean hadMembers = group != null && group.protocolType() != null;
            List<TopicPartition> expired = new ArrayList<>();
            state.offsets(groupId).forEach((tp, o) -> {
                long base = hadMembers
                        ? Math.max(group.stateTimestampMs(), o.commitTimestampMs())
                        : o.commitTimestampMs();
                if (now - base >= config.offsetsRetentionMs()) {
                    expired.add(tp);
                }
            });
            if (!expired.isEmpty()) {
                LOG.info("Expiring {} offsets of group {}", expired.size(), groupId);
                writer.deleteOffsets(groupId, expired);
                expired.forEach(tp -> state.removeOffset(groupId, tp));
            }
        }
        for (ClassicGroup g : List.copyOf(state.groups().values())) {
            if (g.is(GroupState.EMPTY) && state.offsets(g.groupId()).isEmpty()
                    && now - g.stateTimestampMs() >= config.offsetsRetentionMs()) {
                g.transitionTo(GroupState.DEAD, now);
                writer.deleteGroup(g.groupId());
                state.removeGroup(g.groupId());
            }
        }
    }

    private static <T> List<T> iterable(Iterable<T> it) {
        List<T> out = new ArrayList<>();
        it.forEach(out::add);
        return out;
    }
}
