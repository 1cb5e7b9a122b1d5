package io.tributary.broker.handler.admin;

import io.tributary.broker.BrokerConfigView;
import io.tributary.broker.BrokerContext;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.metadata.controller.ConfigOperations;
import io.tributary.network.api.RequestContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.ApiError;

/**
 * AlterConfigs (v0-2): replaces the whole set of overrides of each TOPIC or BROKER resource
 * (configs not named are removed), decided by the controller ({@link ConfigOperations}) with
 * Kafka's validation; {@code validateOnly} commits nothing. A resource named twice, or of another
 * type, gets INVALID_REQUEST.
 */
public final class AlterConfigsHandler extends TypedHandler<AlterConfigsRequest> {

    private final BrokerContext broker;

    public AlterConfigsHandler(BrokerContext broker) {
        super(ApiKeys.ALTER_CONFIGS, 0, 2, AlterConfigsRequest.class);
        this.broker = broker;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, AlterConfigsRequest request) {
        List<ConfigResource> order = new ArrayList<>();
        Map<ConfigResource, ApiError> rejected = new LinkedHashMap<>();
        Map<ConfigResource, Map<String, String>> configs = new LinkedHashMap<>();
        for (AlterConfigsResource r : request.data().resources()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.forId(r.resourceType()), r.resourceName());
            Map<String, String> m = new HashMap<>();
            for (AlterableConfig c : r.configs()) {
                if (m.containsKey(c.name())) {
                    rejected.put(resource, new ApiError(Errors.INVALID_REQUEST, "Error due to duplicate config keys"));
                }
                m.put(c.name(), c.value());
            }
            admit(order, rejected, configs, resource, m);
        }
        boolean validateOnly = request.data().validateOnly();
        Set<String> staticKeys = staticKeys(broker);
        return broker.controller().alterConfigs(configs, validateOnly, staticKeys)
                .thenApply(results -> {
                    AlterConfigsResponseData response = new AlterConfigsResponseData();
                    for (ConfigResource r : order) {
                        ApiError e = rejected.containsKey(r) ? rejected.get(r) : results.get(r);
                        response.responses().add(new AlterConfigsResponseData.AlterConfigsResourceResponse()
                                .setResourceType(r.type().id()).setResourceName(r.name())
                                .setErrorCode(e.error().code()).setErrorMessage(e.message()));
                    }
                    return response;
                });
    }

    /**
     * Records a resource of the request in order and queues it for the controller unless it is
     * a duplicate, of an unsupported type, or already rejected.
     */
    static <V> void admit(List<ConfigResource> order, Map<ConfigResource, ApiError> rejected,
            Map<ConfigResource, V> accepted, ConfigResource resource, V value) {
        if (order.contains(resource)) {
            accepted.remove(resource);
            rejected.put(resource, new ApiError(Errors.INVALID_REQUEST, "Duplicate resource " + resource));
            return;
        }
        order.add(resource);
        if (resource.type() != ConfigResource.Type.TOPIC && resource.type() != ConfigResource.Type.BROKER) {
            rejected.put(resource, new ApiError(Errors.INVALID_REQUEST, "Unsupported resource type "
                    + resource.type() + " for resource " + resource.name()));
            return;
        }
        if (!rejected.containsKey(resource)) {
            accepted.put(resource, value);
        }
    }

    /** The names of this node's static broker configs (read-only unless dynamic). */
    static Set<String> staticKeys(BrokerContext broker) {
        Set<String> out = new HashSet<>();
        for (BrokerConfigView.Entry e : broker.brokerConfig().entries()) {
            out.add(e.name());
        }
        return out;
    }

    static IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse result(ConfigResource r, ApiError e) {
        return new IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse()
                .setResourceType(r.type().id()).setResourceName(r.name())
                .setErrorCode(e.error().code()).setErrorMessage(e.message());
    }
}
