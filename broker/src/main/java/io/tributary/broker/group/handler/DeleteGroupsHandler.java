package io.tributary.broker.group.handler;

import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.network.api.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteGroupsRequest;

/**
 * DeleteGroups v0-3: empty groups only (NON_EMPTY_GROUP), unknown ones GROUP_ID_NOT_FOUND. v3 adds
 * an error message per group, which Kafka 4.4 fills only for the streams groups' topology
 * descriptions (with GROUP_DELETION_FAILED); for the groups served here it stays null, as in Kafka.
 * Stateless.
 */
public final class DeleteGroupsHandler extends TypedHandler<DeleteGroupsRequest> {

    private final GroupCoordinator groups;

    public DeleteGroupsHandler(GroupCoordinator groups) {
        super(ApiKeys.DELETE_GROUPS, 0, 3, DeleteGroupsRequest.class);
        this.groups = groups;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, DeleteGroupsRequest request) {
        List<CompletableFuture<DeletableGroupResult>> parts = new ArrayList<>();
        for (String id : request.data().groupsNames()) {
            parts.add(!groups.isLoading() ? groups.deleteGroup(id)
                    : CompletableFuture.completedFuture(new DeletableGroupResult().setGroupId(id)
                            .setErrorCode(Errors.COORDINATOR_LOAD_IN_PROGRESS.code())));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            DeleteGroupsResponseData out = new DeleteGroupsResponseData();
            parts.forEach(p -> out.results().add(p.join()));
            return out;
        });
    }
}
