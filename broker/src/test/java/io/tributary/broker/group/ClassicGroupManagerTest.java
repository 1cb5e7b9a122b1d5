package io.tributary.broker.group;

import static io.tributary.broker.group.GroupTestContext.GROUP;
import static io.tributary.broker.group.GroupTestContext.REBALANCE_MS;
import static io.tributary.broker.group.GroupTestContext.SESSION_MS;
import static io.tributary.broker.group.GroupTestContext.joinRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** The classic group state machine, driven by a manual clock. */
class ClassicGroupManagerTest {

    private final GroupTestContext ctx = new GroupTestContext();

    @Test
    void transitionsAreChecked() {
        ClassicGroup g = new ClassicGroup("x", GroupState.EMPTY, 0);
        assertThatThrownBy(() -> g.transitionTo(GroupState.STABLE, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> g.transitionTo(GroupState.COMPLETING_REBALANCE, 1))
                .isInstanceOf(IllegalStateException.class);
        g.transitionTo(GroupState.PREPARING_REBALANCE, 1);
        assertThatThrownBy(() -> g.transitionTo(GroupState.STABLE, 1)).isInstanceOf(IllegalStateException.class);
        g.transitionTo(GroupState.COMPLETING_REBALANCE, 2);
        g.transitionTo(GroupState.STABLE, 3);
        assertThatThrownBy(() -> g.transitionTo(GroupState.EMPTY, 4)).isInstanceOf(IllegalStateException.class);
        g.transitionTo(GroupState.DEAD, 5);
        assertThat(g.stateTimestampMs()).isEqualTo(5);
    }

    @Test
    void firstJoinAsksForAMemberIdThenALoneMemberLeadsAndSyncs() {
        JoinGroupResponseData joined = ctx.joinDynamic().join();
        assertThat(joined.errorCode()).isZero();
        assertThat(joined.generationId()).isEqualTo(1);
        assertThat(joined.leader()).isEqualTo(joined.memberId());
        assertThat(joined.members()).hasSize(1);
        assertThat(joined.protocolName()).isEqualTo("range");
        assertThat(ctx.group().state()).isEqualTo(GroupState.COMPLETING_REBALANCE);

        SyncGroupResponseData synced = ctx.sync(joined.memberId(), 1, joined.memberId(), "a").join();
        assertThat(synced.errorCode()).isZero();
        assertThat(new String(synced.assignment())).isEqualTo("a");
        assertThat(ctx.group().state()).isEqualTo(GroupState.STABLE);
        assertThat(ctx.writes).contains("group g gen 1");
    }

    @Test
    void theBarrierWaitsForEveryKnownMemberAndTheLeaderAssignsAll() {
        String a = stableSingleMember();
        CompletableFuture<JoinGroupResponseData> b = ctx.joinDynamic();
        assertThat(b).isNotDone();
        assertThat(ctx.group().state()).isEqualTo(GroupState.PREPARING_REBALANCE);
        assertThat(ctx.heartbeat(a, 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        CompletableFuture<JoinGroupResponseData> aJoin = ctx.join(joinRequest(a, null, "range"));
        JoinGroupResponseData leader = aJoin.join();
        JoinGroupResponseData follower = b.join();
        assertThat(leader.generationId()).isEqualTo(2).isEqualTo(follower.generationId());
        assertThat(leader.leader()).isEqualTo(a);
        assertThat(leader.members()).hasSize(2);
        assertThat(follower.members()).isEmpty();

        CompletableFuture<SyncGroupResponseData> followerSync = ctx.sync(follower.memberId(), 2);
        assertThat(followerSync).isNotDone();
        ctx.sync(a, 2, a, "p0", follower.memberId(), "p1").join();
        assertThat(new String(followerSync.join().assignment())).isEqualTo("p1");
        assertThat(ctx.heartbeat(follower.memberId(), 2)).isEqualTo(Errors.NONE);
        assertThat(ctx.heartbeat(follower.memberId(), 1)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(ctx.heartbeat("nobody", 2)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void theProtocolIsTheOneMostMembersPrefer() {
        GroupTestContext ctx = new GroupTestContext(GroupConfig.defaults().withInitialRebalanceDelayMs(3000));
        CompletableFuture<JoinGroupResponseData> a = ctx.join(joinRequest("", "a", "range", "roundrobin"));
        CompletableFuture<JoinGroupResponseData> b = ctx.join(joinRequest("", "b", "roundrobin", "range"));
        CompletableFuture<JoinGroupResponseData> c = ctx.join(joinRequest("", "c", "roundrobin", "sticky"));
        ctx.clock.advance(10_000);
        assertThat(a.join().protocolName()).isEqualTo("roundrobin");
        assertThat(b.join().protocolName()).isEqualTo("roundrobin");
        assertThat(c.join().generationId()).isEqualTo(1);
        JoinGroupResponseData other = ctx.join(joinRequest("", "d", "sticky")).join();
        assertThat(Errors.forCode(other.errorCode())).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
    }

    @Test
    void aMemberThatStopsHeartbeatingIsRemovedAfterItsSessionTimeout() {
        String a = stableSingleMember();
        ctx.clock.advance(SESSION_MS - 1);
        assertThat(ctx.heartbeat(a, 1)).isEqualTo(Errors.NONE);
        ctx.clock.advance(SESSION_MS - 1);
        assertThat(ctx.group().has(a)).isTrue();
        ctx.clock.advance(2);
        assertThat(ctx.group().has(a)).isFalse();
        assertThat(ctx.group().state()).isEqualTo(GroupState.EMPTY);
        assertThat(ctx.group().generationId()).isEqualTo(2);
        assertThat(ctx.heartbeat(a, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aMemberThatDoesNotRejoinWithinTheRebalanceTimeoutIsDropped() {
        String a = stableSingleMember();
        CompletableFuture<JoinGroupResponseData> b = ctx.joinDynamic();
        ctx.clock.advance(REBALANCE_MS / 2);
        ctx.heartbeat(a, 1);
        ctx.clock.advance(REBALANCE_MS / 2 + 1);
        JoinGroupResponseData r = b.join();
        assertThat(r.generationId()).isEqualTo(2);
        assertThat(r.leader()).isEqualTo(r.memberId());
        assertThat(ctx.group().has(a)).isFalse();
    }

    @Test
    void theInitialDelayGathersMembersBeforeTheFirstGeneration() {
        GroupTestContext delayed = new GroupTestContext(GroupConfig.defaults().withInitialRebalanceDelayMs(3000));
        CompletableFuture<JoinGroupResponseData> a = delayed.joinDynamic();
        delayed.clock.advance(2000);
        CompletableFuture<JoinGroupResponseData> b = delayed.joinDynamic();
        delayed.clock.advance(1500);
        assertThat(a).as("a new member extended the delay").isNotDone();
        delayed.clock.advance(3000);
        assertThat(a.join().generationId()).isEqualTo(1);
        assertThat(b.join().generationId()).isEqualTo(1);
        assertThat(a.join().members().size() + b.join().members().size()).isEqualTo(2);
    }

    @Test
    void aRestartedStaticMemberKeepsItsAssignmentWithoutARebalance() {
        GroupTestContext ctx = new GroupTestContext(GroupConfig.defaults().withInitialRebalanceDelayMs(1000));
        CompletableFuture<JoinGroupResponseData> a = ctx.join(joinRequest("", "instance-a", "range"));
        CompletableFuture<JoinGroupResponseData> b = ctx.join(joinRequest("", "instance-b", "range"));
        ctx.clock.advance(5000);
        String leader = a.join().leader();
        String aId = a.join().memberId();
        String bId = b.join().memberId();
        ctx.sync(leader, 1, aId, "A", bId, "B").join();
        ctx.sync(leader.equals(aId) ? bId : aId, 1).join();
        assertThat(ctx.group().state()).isEqualTo(GroupState.STABLE);

        JoinGroupResponseData again = ctx.join(joinRequest("", "instance-b", "range")).join();
        assertThat(again.errorCode()).isZero();
        assertThat(again.memberId()).isNotEqualTo(bId);
        assertThat(again.generationId()).isEqualTo(1);
        assertThat(ctx.group().state()).isEqualTo(GroupState.STABLE);
        SyncGroupResponseData s = ctx.sync(again.memberId(), 1).join();
        assertThat(new String(s.assignment())).isEqualTo("B");
        assertThat(ctx.heartbeat(aId, 1)).isEqualTo(Errors.NONE);
        assertThat(ctx.membership.heartbeat(new org.apache.kafka.common.message.HeartbeatRequestData().setGroupId(GROUP)
                .setMemberId(bId).setGroupInstanceId("instance-b").setGenerationId(1)))
                .isEqualTo(Errors.FENCED_INSTANCE_ID);
    }

    @Test
    void batchLeaveRemovesMembersAndRebalancesTheRest() {
        GroupTestContext ctx = new GroupTestContext(GroupConfig.defaults().withInitialRebalanceDelayMs(1000));
        CompletableFuture<JoinGroupResponseData> a = ctx.join(joinRequest("", "ia", "range"));
        CompletableFuture<JoinGroupResponseData> b = ctx.join(joinRequest("", "ib", "range"));
        ctx.clock.advance(5000);
        a.join();
        b.join();
        LeaveGroupRequestData leave = new LeaveGroupRequestData().setGroupId(GROUP).setMembers(List.of(
                new MemberIdentity().setMemberId(b.join().memberId()).setGroupInstanceId("ib"),
                new MemberIdentity().setMemberId("ghost")));
        LeaveGroupResponseData r = ctx.membership.leave(leave, (short) 5);
        assertThat(r.members()).extracting(LeaveGroupResponseData.MemberResponse::errorCode)
                .containsExactly(Errors.NONE.code(), Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(ctx.group().state()).isEqualTo(GroupState.PREPARING_REBALANCE);
        JoinGroupResponseData rejoin = ctx.join(joinRequest(a.join().memberId(), "ia", "range")).join();
        assertThat(rejoin.generationId()).isEqualTo(2);
        assertThat(rejoin.members()).hasSize(1);
    }

    @Test
    void badJoinsGetKafkaErrors() {
        assertThat(ctx.join(joinRequest("", null, "range").setGroupId("")).join().errorCode())
                .isEqualTo(Errors.INVALID_GROUP_ID.code());
        assertThat(ctx.join(joinRequest("", null, "range").setGroupId("x".repeat(300))).join().errorCode())
                .isEqualTo(Errors.INVALID_GROUP_ID.code());
        assertThat(ctx.join(joinRequest("", null, "range").setSessionTimeoutMs(10)).join().errorCode())
                .isEqualTo(Errors.INVALID_SESSION_TIMEOUT.code());
        assertThat(ctx.join(joinRequest("unknown", null, "range")).join().errorCode())
                .isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(ctx.sync("unknown", 1).join().errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
    }

    @Test
    void aPendingMemberIdThatIsNeverUsedExpires() {
        JoinGroupResponseData first = ctx.join(joinRequest("", null, "range")).join();
        assertThat(ctx.group().pendingMembers()).contains(first.memberId());
        ctx.clock.advance(SESSION_MS + 1);
        assertThat(ctx.group().pendingMembers()).isEmpty();
    }

    private String stableSingleMember() {
        JoinGroupResponseData joined = ctx.joinDynamic().join();
        ctx.sync(joined.memberId(), 1, joined.memberId(), "all").join();
        return joined.memberId();
    }
}
