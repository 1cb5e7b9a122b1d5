package io.tributary.broker.handler.admin;

import io.tributary.broker.BrokerContext;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.metadata.controller.ConfigOperations;
import io.tributary.metadata.controller.ConfigOperations.Change;
import io.tributary.network.api.RequestContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;

/**
 * IncrementalAlterConfigs (v0-1): SET, DELETE, APPEND and SUBTRACT (list configs) on TOPIC and
 * BROKER resources, decided by the controller ({@link ConfigOperations}) and committed to the
 * metadata log, from where they reach the live partitions. A resource named twice, or of another
 * type, gets INVALID_REQUEST; each resource changes entirely or not at all.
 */
public final class IncrementalAlterConfigsHandler extends TypedHandler<IncrementalAlterConfigsRequest> {

    private final BrokerContext broker;

    public IncrementalAlterConfigsHandler(BrokerContext broker) {
        super(ApiKeys.INCREMENTAL_ALTER_CONFIGS, 0, 1, IncrementalAlterConfigsRequest.class);
        this.broker = broker;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, IncrementalAlterConfigsRequest request) {
        List<ConfigResource> order = new ArrayList<>();
        Map<ConfigResource, ApiError> rejected = new LinkedHashMap<>();
        Map<ConfigResource, List<Change>> changes = new LinkedHashMap<>();
        for (AlterConfigsResource r : request.data().resources()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.forId(r.resourceType()), r.resourceName());
            List<Change> list = new ArrayList<>();
            for (AlterableConfig c : r.configs()) {
                list.add(new Change(c.name(), ConfigOperations.Op.forId(c.configOperation()), c.value()));
            }
            AlterConfigsHandler.admit(order, rejected, changes, resource, list);
        }
        boolean validateOnly = request.data().validateOnly();
        java.util.Set<String> staticKeys = AlterConfigsHandler.staticKeys(broker);
        return broker.controller().incrementalAlterConfigs(changes, validateOnly, staticKeys)
                .thenApply(results -> {
                    IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData();
                    for (ConfigResource r : order) {
                        ApiError e = rejected.containsKey(r) ? rejected.get(r) : results.get(r);
                        response.responses().add(AlterConfigsHandler.result(r, e));
                    }
                    return response;
                });
    }
}
