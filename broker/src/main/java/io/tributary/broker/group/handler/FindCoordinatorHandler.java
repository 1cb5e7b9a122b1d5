package io.tributary.broker.group.handler;

import io.tributary.broker.BrokerContext;
import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.group.OffsetsTopic;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.TopicImage;
import io.tributary.network.api.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;

/**
 * FindCoordinator: for a group, the leader of its {@code __consumer_offsets} partition (this
 * node on a single-node cluster); one key before v4, a batch of keys from v4. Transaction
 * coordinators are not served yet (COORDINATOR_NOT_AVAILABLE). Stateless.
 */
public final class FindCoordinatorHandler extends TypedHandler<FindCoordinatorRequest> {

    private final BrokerContext broker;
    private final GroupCoordinator groups;

    public FindCoordinatorHandler(BrokerContext broker, GroupCoordinator groups) {
        super(ApiKeys.FIND_COORDINATOR, 0, 6, FindCoordinatorRequest.class);
        this.broker = broker;
        this.groups = groups;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, FindCoordinatorRequest request) {
        byte keyType = request.data().keyType();
        FindCoordinatorResponseData out = new FindCoordinatorResponseData();
        if (ctx.apiVersion() >= 4) {
            for (String key : request.data().coordinatorKeys()) {
                out.coordinators().add(find(ctx, keyType, key));
            }
        } else {
            Coordinator c = find(ctx, keyType, request.data().key());
            out.setErrorCode(c.errorCode()).setErrorMessage(c.errorMessage())
                    .setNodeId(c.nodeId()).setHost(c.host()).setPort(c.port());
        }
        return CompletableFuture.completedFuture(out);
    }

    private Coordinator find(RequestContext ctx, byte keyType, String key) {
        Coordinator c = new Coordinator().setKey(key).setNodeId(-1).setHost("").setPort(-1);
        CoordinatorType type;
        try {
            type = CoordinatorType.forId(keyType);
        } catch (IllegalArgumentException e) {
            return c.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("Unknown key type " + keyType);
        }
        if (type != CoordinatorType.GROUP) {
            return c.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code())
                    .setErrorMessage(type + " coordinators are not available on this broker");
        }
        if (!GroupCoordinator.isValidGroupId(key)) {
            return c.setErrorCode(Errors.INVALID_GROUP_ID.code()).setErrorMessage("Invalid group id");
        }
        if (!groups.isActive()) {
            groups.requestStart();
            return c.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()).setErrorMessage(null);
        }
        int leader = broker.settings().nodeId();
        TopicImage topic = broker.image().topic(OffsetsTopic.NAME).orElse(null);
        PartitionImage p = topic == null ? null : topic.partition(groups.partitionFor(key));
        if (p != null && p.leader() >= 0) {
            leader = p.leader();
        }
        BrokerEndpoint e = broker.image().broker(leader).flatMap(b -> b.endpoint(ctx.listenerName())).orElse(null);
        if (e == null) {
            return c.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()).setErrorMessage(null);
        }
        return c.setNodeId(leader).setHost(e.host()).setPort(e.port()).setErrorCode(Errors.NONE.code());
    }

}
