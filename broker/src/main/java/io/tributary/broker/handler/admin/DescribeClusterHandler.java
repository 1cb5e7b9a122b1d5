package io.tributary.broker.handler.admin;

import io.tributary.broker.BrokerContext;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.BrokerImage;
import io.tributary.metadata.MetadataImage;
import io.tributary.network.api.RequestContext;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.admin.EndpointType;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.utils.Utils;

/**
 * DescribeCluster (v0-2), as a Kafka broker answers it: the cluster id, the brokers that have an
 * endpoint on the listener the request came in on (fenced ones only when v2 asks for them) and,
 * as "controller", this node when it is among them (Kafka's brokers name a live broker, since
 * clients cannot reach the controllers), else -1.
 *
 * <p>Only the broker endpoint type is served: asking for controllers is MISMATCHED_ENDPOINT_TYPE
 * and an unknown type UNSUPPORTED_ENDPOINT_TYPE (INVALID_REQUEST for both at v0). Without an
 * authorizer, requested cluster authorized operations are every operation on a cluster.
 */
public final class DescribeClusterHandler extends TypedHandler<DescribeClusterRequest> {

    /** Kafka's operations applicable to the CLUSTER resource (AclEntry.supportedOperations). */
    private static final Set<AclOperation> CLUSTER_OPERATIONS = Set.of(AclOperation.CREATE,
            AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS,
            AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER, AclOperation.DESCRIBE);

    private final BrokerContext broker;

    public DescribeClusterHandler(BrokerContext broker) {
        super(ApiKeys.DESCRIBE_CLUSTER, 0, 2, DescribeClusterRequest.class);
        this.broker = broker;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, DescribeClusterRequest request) {
        return CompletableFuture.completedFuture(describe(ctx, request.data()));
    }

    private DescribeClusterResponseData describe(RequestContext ctx, DescribeClusterRequestData data) {
        short version = ctx.apiVersion();
        EndpointType requested = EndpointType.fromId(data.endpointType());
        if (requested == EndpointType.UNKNOWN) {
            return new DescribeClusterResponseData()
                    .setErrorCode((version == 0 ? Errors.INVALID_REQUEST : Errors.UNSUPPORTED_ENDPOINT_TYPE).code())
                    .setErrorMessage("Unsupported endpoint type " + data.endpointType());
        }
        if (requested != EndpointType.BROKER) {
            return new DescribeClusterResponseData()
                    .setErrorCode((version == 0 ? Errors.INVALID_REQUEST : Errors.MISMATCHED_ENDPOINT_TYPE).code())
                    .setErrorMessage("The request was sent to an endpoint of type " + EndpointType.BROKER
                            + ", but we wanted an endpoint of type " + requested);
        }
        MetadataImage image = broker.image();
        boolean includeFenced = version >= 2 && data.includeFencedBrokers();
        DescribeClusterResponseData out = new DescribeClusterResponseData()
                .setClusterId(image.clusterId())
                .setEndpointType(EndpointType.BROKER.id())
                .setClusterAuthorizedOperations(data.includeClusterAuthorizedOperations()
                        ? clusterOperations() : Integer.MIN_VALUE);
        for (BrokerImage b : image.brokers().values()) {
            if (b.fenced() && !includeFenced) {
                continue;
            }
            BrokerEndpoint e = b.endpoint(ctx.listenerName()).orElse(null);
            if (e != null) {
                out.brokers().add(new DescribeClusterBroker().setBrokerId(b.id()).setHost(e.host())
                        .setPort(e.port()).setRack(b.rack()).setIsFenced(b.fenced()));
            }
        }
        int self = broker.settings().nodeId();
        out.setControllerId(out.brokers().find(self) != null ? self : -1);
        return out;
    }

    /** The authorized-operations bit field of every cluster operation (no authorizer: all allowed). */
    static int clusterOperations() {
        Set<Byte> codes = new HashSet<>();
        for (AclOperation op : CLUSTER_OPERATIONS) {
            codes.add(op.code());
        }
        return Utils.to32BitField(codes);
    }
}
