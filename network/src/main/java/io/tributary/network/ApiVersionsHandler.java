package io.tributary.network;

import io.tributary.network.api.ApiHandler;
import io.tributary.network.api.HandlerRegistry;
import io.tributary.network.api.RequestContext;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers ApiVersions with the version ranges of the handlers in the registry, this one included,
 * so what is advertised is exactly what is served. Follows Apache Kafka:
 *
 * <ul>
 *   <li>a request of a version this handler does not serve arrives as a v0 request flagged as
 *       unsupported (see {@code RequestDecoder}) and gets UNSUPPORTED_VERSION with this handler's
 *       own range only (KIP-511), so the client retries at a version both sides know;
 *   <li>v3+ requests whose client software name or version do not match Kafka's pattern get
 *       INVALID_REQUEST, and so do v5+ requests that name a cluster id without a node id or the
 *       other way round;
 *   <li>a v5+ request naming a cluster id and node id (KIP-1242: the node the client means to
 *       reach) that are not this node's gets REBOOTSTRAP_REQUIRED and no API ranges: the connection
 *       reached another broker than the client's metadata says, and the client, told so, forgets
 *       its metadata and bootstraps again. The connection stays open, as in Kafka.
 * </ul>
 *
 * <p>A handler made without a {@link NodeIdentity} does not check the cluster and node a request
 * names.
 *
 * <p>Supported and finalized features are empty for now.
 *
 * <p>Thread-safety: stateless apart from the registry, which is read-only once frozen.
 */
public final class ApiVersionsHandler implements ApiHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiVersionsHandler.class);

    private final HandlerRegistry registry;
    private final java.util.function.Supplier<NodeIdentity> identity;

    /** A handler that does not check the cluster and node a v5+ request names. */
    public ApiVersionsHandler(HandlerRegistry registry) {
        this.registry = registry;
        this.identity = null;
    }

    /** A handler that answers REBOOTSTRAP_REQUIRED to a v5+ request naming another node than {@code identity}. */
    public ApiVersionsHandler(HandlerRegistry registry, NodeIdentity identity) {
        this(registry, constant(Objects.requireNonNull(identity, "identity")));
    }

    /**
     * A handler that checks v5+ requests against this node's identity as it is at each request: a
     * cluster's id is chosen once its quorum has a leader, after the listeners are up, and until it
     * is known (empty) nothing is judged misrouted.
     */
    public ApiVersionsHandler(HandlerRegistry registry, java.util.function.Supplier<NodeIdentity> identity) {
        this.registry = registry;
        this.identity = Objects.requireNonNull(identity, "identity");
    }

    private static java.util.function.Supplier<NodeIdentity> constant(NodeIdentity identity) {
        return () -> identity;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.API_VERSIONS;
    }

    @Override
    public short minVersion() {
        return ApiKeys.API_VERSIONS.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.API_VERSIONS.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context, AbstractRequest request) {
        ApiVersionsRequest apiVersions = (ApiVersionsRequest) request;
        ApiVersionsResponseData response;
        if (apiVersions.hasUnsupportedRequestVersion()) {
            ApiVersionCollection own = new ApiVersionCollection();
            own.add(new ApiVersion().setApiKey(apiKey().id).setMinVersion(minVersion()).setMaxVersion(maxVersion()));
            response = new ApiVersionsResponseData().setErrorCode(Errors.UNSUPPORTED_VERSION.code()).setApiKeys(own);
        } else if (!apiVersions.isValid()) {
            response = new ApiVersionsResponseData().setErrorCode(Errors.INVALID_REQUEST.code());
        } else if (misrouted(apiVersions)) {
            log.debug("Connection {} expected node {} of cluster {}: answering REBOOTSTRAP_REQUIRED",
                    context.connectionId(), apiVersions.data().nodeId(), apiVersions.data().clusterId());
            response = new ApiVersionsResponseData().setErrorCode(Errors.REBOOTSTRAP_REQUIRED.code());
        } else {
            response = new ApiVersionsResponseData()
                    .setErrorCode(Errors.NONE.code())
                    .setApiKeys(advertised())
                    .setFinalizedFeaturesEpoch(ApiVersionsResponse.UNKNOWN_FINALIZED_FEATURES_EPOCH);
        }
        return CompletableFuture.completedFuture(response);
    }

    /** Whether a v5+ request names a cluster and node that are not this one (KIP-1242). */
    private boolean misrouted(ApiVersionsRequest request) {
        String clusterId = request.data().clusterId();
        if (identity == null || request.version() < 5 || clusterId == null) {
            return false;
        }
        NodeIdentity self = identity.get();
        return !self.clusterId().isEmpty()
                && (!clusterId.equals(self.clusterId()) || request.data().nodeId() != self.nodeId());
    }

    /** The ranges of every registered handler, plus this one if it is not registered itself. */
    public ApiVersionCollection advertised() {
        ApiVersionCollection versions = new ApiVersionCollection();
        boolean self = false;
        for (ApiHandler handler : registry.all()) {
            versions.add(new ApiVersion()
                    .setApiKey(handler.apiKey().id)
                    .setMinVersion(handler.minVersion())
                    .setMaxVersion(handler.maxVersion()));
            self |= handler.apiKey() == ApiKeys.API_VERSIONS;
        }
        if (!self) {
            versions.add(new ApiVersion().setApiKey(apiKey().id).setMinVersion(minVersion())
                    .setMaxVersion(maxVersion()));
        }
        return versions;
    }
}
