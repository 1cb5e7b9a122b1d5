package io.tributary.broker.group.handler;

import io.tributary.broker.group.ClassicGroupManager;
import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.network.api.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.JoinGroupRequest;

/**
 * JoinGroup: hands the join to the coordinator, whose response arrives once the group's join
 * barrier completes (or at once for errors and MEMBER_ID_REQUIRED). Stateless.
 */
public final class JoinGroupHandler extends TypedHandler<JoinGroupRequest> {

    private final GroupCoordinator groups;

    public JoinGroupHandler(GroupCoordinator groups) {
        super(ApiKeys.JOIN_GROUP, 0, 9, JoinGroupRequest.class);
        this.groups = groups;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, JoinGroupRequest request) {
        JoinGroupRequestData data = request.data();
        short version = ctx.apiVersion();
        if (!groups.isActive()) {
            groups.requestStart();
            return CompletableFuture.completedFuture(fixForVersion(
                    new JoinGroupResponseData().setErrorCode(Errors.COORDINATOR_LOAD_IN_PROGRESS.code())
                            .setGenerationId(-1).setMemberId(data.memberId()), version));
        }
        if (data.rebalanceTimeoutMs() < 0) {
            data.setRebalanceTimeoutMs(data.sessionTimeoutMs());
        }
        String host = ctx.clientAddress() == null ? "" : ctx.clientAddress().toString();
        return groups.joinGroup(new ClassicGroupManager.Join(data, version, ctx.clientId(), host))
                .thenApply(r -> fixForVersion(r, version));
    }

    private static ApiMessage fixForVersion(JoinGroupResponseData r, short version) {
        if (version < 7 && r.protocolName() == null) {
            r.setProtocolName("");
        }
        if (r.leader() == null) {
            r.setLeader("");
        }
        return r;
    }
}
