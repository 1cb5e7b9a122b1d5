package io.tributary.server;

import io.tributary.network.api.ApiHandler;
import io.tributary.network.api.RequestContext;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * Holds a starting node's requests off until its broker has caught up with the metadata and been
 * unfenced, as a Kafka broker does not process requests before then: until {@link #open()}, a
 * request gets the retriable error its client answers by retrying (NOT_LEADER_OR_FOLLOWER for
 * partition requests, COORDINATOR_NOT_AVAILABLE for group and producer-id requests,
 * NOT_CONTROLLER for administration), so no client acts on what a replica replaying old metadata
 * believes (a leadership it lost while it was down, a log cut short by a crash). ApiVersions,
 * Metadata and the cluster and quorum descriptions are served at once. Thread-safe: the state is
 * one volatile flag, set once.
 */
final class ServingGate {

    private static final Set<ApiKeys> ALWAYS = Set.of(ApiKeys.API_VERSIONS, ApiKeys.METADATA,
            ApiKeys.DESCRIBE_CLUSTER, ApiKeys.DESCRIBE_QUORUM);
    private static final Set<ApiKeys> PARTITION = Set.of(ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS,
            ApiKeys.OFFSET_FOR_LEADER_EPOCH, ApiKeys.DELETE_RECORDS, ApiKeys.DESCRIBE_TOPIC_PARTITIONS,
            ApiKeys.DESCRIBE_LOG_DIRS);
    private static final Set<ApiKeys> ADMIN = Set.of(ApiKeys.CREATE_TOPICS, ApiKeys.DELETE_TOPICS,
            ApiKeys.CREATE_PARTITIONS, ApiKeys.ALTER_CONFIGS, ApiKeys.INCREMENTAL_ALTER_CONFIGS,
            ApiKeys.DESCRIBE_CONFIGS, ApiKeys.ELECT_LEADERS, ApiKeys.ALTER_PARTITION_REASSIGNMENTS,
            ApiKeys.LIST_PARTITION_REASSIGNMENTS);

    private volatile boolean open;

    /** From now on every request is served. */
    void open() {
        open = true;
    }

    /** {@code handler} behind this gate (itself for the APIs served at once). */
    ApiHandler guard(ApiHandler handler) {
        if (ALWAYS.contains(handler.apiKey())) {
            return handler;
        }
        return new ApiHandler() {
            @Override
            public ApiKeys apiKey() {
                return handler.apiKey();
            }

            @Override
            public short minVersion() {
                return handler.minVersion();
            }

            @Override
            public short maxVersion() {
                return handler.maxVersion();
            }

            @Override
            public CompletionStage<ApiMessage> handle(RequestContext context, AbstractRequest request) {
                if (open) {
                    return handler.handle(context, request);
                }
                return CompletableFuture.failedFuture(notYet(handler.apiKey()));
            }
        };
    }

    private static ApiException notYet(ApiKeys key) {
        String why = "this broker is still catching up with the cluster's metadata";
        if (PARTITION.contains(key)) {
            return new NotLeaderOrFollowerException(why);
        }
        if (ADMIN.contains(key)) {
            return new NotControllerException(why);
        }
        return new CoordinatorNotAvailableException(why);
    }
}
