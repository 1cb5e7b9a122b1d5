package io.tributary.network;

import io.tributary.network.api.ApiHandler;
import io.tributary.network.api.HandlerRegistry;
import io.tributary.network.api.RequestContext;
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

/**
 * Answers ApiVersions with the version ranges of the handlers in the registry, this one included,
 * so what is advertised is exactly what is served. Follows Apache Kafka:
 *
 * <ul>
 *   <li>a request of a version this handler does not serve arrives as a v0 request flagged as
 *       unsupported (see {@code RequestDecoder}) and gets UNSUPPORTED_VERSION with this handler's
 *       own range only (KIP-511), so the client retries at a version both sides know;
 *   <li>v3+ requests whose client software name or version do not match Kafka's pattern get
 *       INVALID_REQUEST.
 * </ul>
 *
 * <p>Supported and finalized features are empty for now.
 *
 * <p>Thread-safety: stateless apart from the registry, which is read-only once frozen.
 */
public final class ApiVersionsHandler implements ApiHandler {

    private final HandlerRegistry registry;

    public ApiVersionsHandler(HandlerRegistry registry) {
        this.registry = registry;
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
        } else {
            response = new ApiVersionsResponseData()
                    .setErrorCode(Errors.NONE.code())
                    .setApiKeys(advertised())
                    .setFinalizedFeaturesEpoch(ApiVersionsResponse.UNKNOWN_FINALIZED_FEATURES_EPOCH);
        }
        return CompletableFuture.completedFuture(response);
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
