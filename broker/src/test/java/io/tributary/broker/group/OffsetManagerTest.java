package io.tributary.broker.group;

import static io.tributary.broker.group.GroupTestContext.GROUP;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** Offset commits, fetches, deletes and expiry against the classic group state, with a manual clock. */
class OffsetManagerTest {

    private final GroupTestContext ctx = new GroupTestContext();

    private static OffsetCommitRequestData commit(String group, int generation, String member, long offset,
            String metadata) {
        return new OffsetCommitRequestData().setGroupId(group).setGenerationIdOrMemberEpoch(generation)
                .setMemberId(member).setTopics(List.of(new OffsetCommitRequestTopic().setName("t").setPartitions(
                        List.of(new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(offset)
                                .setCommittedLeaderEpoch(3).setCommittedMetadata(metadata)))));
    }

    private Errors commitError(OffsetCommitRequestData req) {
        return Errors.forCode(ctx.offsets.commit(req).join().topics().get(0).partitions().get(0).errorCode());
    }

    private OffsetFetchResponsePartitions fetch0() {
        OffsetFetchResponseGroup g = ctx.offsets.fetch(new OffsetFetchRequestGroup().setGroupId(GROUP)
                .setTopics(List.of(new OffsetFetchRequestTopics().setName("t").setPartitionIndexes(List.of(0)))));
        return g.topics().get(0).partitions().get(0);
    }

    @Test
    void simpleCommitsWorkForGroupsWithoutMembers() {
        assertThat(fetch0().committedOffset()).isEqualTo(-1);
        assertThat(commitError(commit(GROUP, -1, "", 42, "meta"))).isEqualTo(Errors.NONE);
        OffsetFetchResponsePartitions p = fetch0();
        assertThat(p.committedOffset()).isEqualTo(42);
        assertThat(p.committedLeaderEpoch()).isEqualTo(3);
        assertThat(p.metadata()).isEqualTo("meta");
        assertThat(ctx.group().state()).isEqualTo(GroupState.EMPTY);
        assertThat(ctx.writes).contains("offsets g 1");
    }

    @Test
    void commitsAreCheckedAgainstTheGenerationAndMember() {
        JoinGroupResponseData m = ctx.joinDynamic().join();
        assertThat(commitError(commit(GROUP, 1, m.memberId(), 5, ""))).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        ctx.sync(m.memberId(), 1, m.memberId(), "x").join();
        assertThat(commitError(commit(GROUP, 1, m.memberId(), 5, ""))).isEqualTo(Errors.NONE);
        assertThat(commitError(commit(GROUP, 0, m.memberId(), 6, ""))).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(commitError(commit(GROUP, 1, "stranger", 6, ""))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(commitError(commit(GROUP, -1, "", 6, ""))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(commitError(commit("", -1, "", 6, ""))).isEqualTo(Errors.INVALID_GROUP_ID);
        assertThat(commitError(commit("other", 4, "m", 6, ""))).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(fetch0().committedOffset()).isEqualTo(5);
    }

    @Test
    void oversizedMetadataIsRefused() {
        assertThat(commitError(commit(GROUP, -1, "", 1, "x".repeat(4097)))).isEqualTo(Errors.OFFSET_METADATA_TOO_LARGE);
        assertThat(commitError(commit(GROUP, -1, "", 1, "x".repeat(4096)))).isEqualTo(Errors.NONE);
    }

    @Test
    void fetchingAllReturnsEveryCommittedPartition() {
        ctx.offsets.commit(commit(GROUP, -1, "", 7, null));
        OffsetFetchResponseGroup all = ctx.offsets.fetch(
                new OffsetFetchRequestGroup().setGroupId(GROUP).setTopics(null));
        assertThat(all.topics()).hasSize(1);
        assertThat(all.topics().get(0).partitions().get(0).committedOffset()).isEqualTo(7);
        assertThat(all.topics().get(0).partitions().get(0).metadata()).isEmpty();
    }

    @Test
    void offsetsOfAnEmptyGroupExpireAfterTheRetention() {
        GroupTestContext short_ = new GroupTestContext(GroupConfig.defaults().withInitialRebalanceDelayMs(0)
                .withOffsetsRetentionMs(60_000));
        short_.offsets.commit(commit(GROUP, -1, "", 9, ""));
        short_.clock.advance(59_000);
        short_.offsets.expireOffsets(g -> false);
        assertThat(short_.state.offsets(GROUP)).hasSize(1);
        short_.clock.advance(2_000);
        short_.offsets.expireOffsets(g -> false);
        assertThat(short_.state.offsets(GROUP)).isEmpty();
        assertThat(short_.state.group(GROUP)).isEmpty();
        assertThat(short_.writes).contains("delete offsets g 1", "delete group g");
    }

    @Test
    void offsetsOfAnActiveGroupDoNotExpire() {
        GroupTestContext short_ = new GroupTestContext(GroupConfig.defaults().withInitialRebalanceDelayMs(0)
                .withOffsetsRetentionMs(60_000));
        JoinGroupResponseData m = short_.joinDynamic().join();
        short_.sync(m.memberId(), 1, m.memberId(), "x").join();
        short_.offsets.commit(commit(GROUP, 1, m.memberId(), 9, ""));
        for (int i = 0; i < 20; i++) {
            short_.clock.advance(5_000);
            short_.heartbeat(m.memberId(), 1);
        }
        short_.offsets.expireOffsets(g -> false);
        assertThat(short_.state.offsets(GROUP)).hasSize(1);
    }

    @Test
    void deletingOffsetsAndGroups() {
        ctx.offsets.commit(commit(GROUP, -1, "", 9, ""));
        var del = ctx.offsets.delete(new OffsetDeleteRequestData().setGroupId(GROUP).setTopics(
                new OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection(List.of(
                        new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName("t").setPartitions(List.of(
                                new OffsetDeleteRequestData.OffsetDeleteRequestPartition()
                                        .setPartitionIndex(0)))).iterator())),
                new ClassicSubscriptions(ctx.state)).join();
        assertThat(del.errorCode()).isZero();
        assertThat(fetch0().committedOffset()).isEqualTo(-1);
        assertThat(ctx.admin.delete(GROUP).join()).isEqualTo(Errors.NONE);
        assertThat(ctx.admin.delete(GROUP).join()).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
        JoinGroupResponseData m = ctx.joinDynamic().join();
        assertThat(m.errorCode()).isZero();
        assertThat(ctx.admin.delete(GROUP).join()).isEqualTo(Errors.NON_EMPTY_GROUP);
        assertThat(ctx.admin.list(java.util.Set.of("completingrebalance"), java.util.Set.of())).hasSize(1);
        assertThat(ctx.admin.list(java.util.Set.of("stable"), java.util.Set.of())).isEmpty();
        assertThat(ctx.admin.describe(GROUP).members()).hasSize(1);
    }
}
