package io.tributary.broker.group.handler;

import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.network.api.RequestContext;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListGroupsRequest;

/** ListGroups v0-5, with the states (v4+) and types (v5+) filters, case-insensitive. Stateless. */
public final class ListGroupsHandler extends TypedHandler<ListGroupsRequest> {

    private final GroupCoordinator groups;

    public ListGroupsHandler(GroupCoordinator groups) {
        super(ApiKeys.LIST_GROUPS, 0, 5, ListGroupsRequest.class);
        this.groups = groups;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, ListGroupsRequest request) {
        if (groups.isLoading()) {
            return CompletableFuture.completedFuture(
                    new ListGroupsResponseData().setErrorCode(Errors.COORDINATOR_LOAD_IN_PROGRESS.code()));
        }
        ListGroupsRequestData data = request.data();
        Set<String> states = lower(data.statesFilter());
        Set<String> types = lower(data.typesFilter());
        return groups.listGroups(states, types).thenApply(list -> new ListGroupsResponseData().setGroups(list));
    }

    private static Set<String> lower(java.util.List<String> values) {
        return values == null ? Set.of()
                : values.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
