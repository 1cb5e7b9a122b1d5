package io.tributary.broker.group.handler;

import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.network.api.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeGroupsRequest;

/** DescribeGroups v0-6: state, protocol and members (metadata and assignment) of classic groups. Stateless. */
public final class DescribeGroupsHandler extends TypedHandler<DescribeGroupsRequest> {

    private final GroupCoordinator groups;

    public DescribeGroupsHandler(GroupCoordinator groups) {
        super(ApiKeys.DESCRIBE_GROUPS, 0, 6, DescribeGroupsRequest.class);
        this.groups = groups;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, DescribeGroupsRequest request) {
        List<CompletableFuture<DescribedGroup>> parts = new ArrayList<>();
        for (String id : request.data().groups()) {
            parts.add(!groups.isLoading() ? groups.describeGroup(id)
                    : CompletableFuture.completedFuture(new DescribedGroup().setGroupId(id)
                            .setErrorCode(Errors.COORDINATOR_LOAD_IN_PROGRESS.code())));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            DescribeGroupsResponseData out = new DescribeGroupsResponseData();
            parts.forEach(p -> {
                DescribedGroup g = p.join();
                if (ctx.apiVersion() >= 6 && g.errorCode() == 0 && "Dead".equals(g.groupState())) {
                    g.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                            .setErrorMessage("Group " + g.groupId() + " not found.");
                }
                out.groups().add(g);
            });
            return out;
        });
    }
}
