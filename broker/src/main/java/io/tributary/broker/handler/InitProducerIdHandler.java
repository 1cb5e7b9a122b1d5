package io.tributary.broker.handler;

import io.tributary.broker.BrokerContext;
import io.tributary.network.api.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.InitProducerIdRequest;

/**
 * InitProducerId for idempotent producers: every call gets a fresh producer id with epoch 0, as
 * Apache Kafka does without a transactional id. A transactional id needs the transaction
 * coordinator, which this broker does not offer yet: such a request gets UNSUPPORTED_VERSION, a
 * fatal error for the client rather than one it would retry forever.
 */
public final class InitProducerIdHandler extends TypedHandler<InitProducerIdRequest> {

    private final BrokerContext broker;

    public InitProducerIdHandler(BrokerContext broker) {
        super(ApiKeys.INIT_PRODUCER_ID, 0, 6, InitProducerIdRequest.class);
        this.broker = broker;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, InitProducerIdRequest request) {
        if (request.data().transactionalId() != null) {
            return CompletableFuture.completedFuture(new InitProducerIdResponseData()
                    .setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                    .setProducerId(-1).setProducerEpoch((short) -1));
        }
        return broker.producerIds().nextProducerId().thenApply(id -> new InitProducerIdResponseData()
                .setErrorCode(Errors.NONE.code())
                .setProducerId(id)
                .setProducerEpoch((short) 0));
    }
}
