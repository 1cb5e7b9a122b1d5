package io.tributary.broker.fetch;

import io.tributary.broker.BrokerContext;
import io.tributary.broker.BrokerMetrics;
import io.tributary.codec.FileRegionRecords;
import io.tributary.metadata.TopicImage;
import io.tributary.network.api.ApiHandler;
import io.tributary.network.api.RequestContext;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * Wraps the Fetch handler to report what each finished response carries, per topic, to
 * {@link BrokerMetrics}. A region's record count is the offset span of its batches, which the log
 * read found through the index; nothing is read from the file for it (offsets a compaction removed
 * count too). Thread-safety: stateless apart from the delegate.
 */
public final class FetchMetrics implements ApiHandler {

    private final ApiHandler delegate;
    private final BrokerContext broker;

    private FetchMetrics(ApiHandler delegate, BrokerContext broker) {
        this.delegate = delegate;
        this.broker = broker;
    }

    /** {@code fetch} itself when the broker records no metrics, else a reporting wrapper. */
    public static ApiHandler metered(ApiHandler fetch, BrokerContext broker) {
        return broker.metrics() == BrokerMetrics.NONE ? fetch : new FetchMetrics(fetch, broker);
    }

    @Override
    public ApiKeys apiKey() {
        return delegate.apiKey();
    }

    @Override
    public short minVersion() {
        return delegate.minVersion();
    }

    @Override
    public short maxVersion() {
        return delegate.maxVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context, AbstractRequest request) {
        boolean replica = request instanceof org.apache.kafka.common.requests.FetchRequest f && f.replicaId() >= 0;
        return delegate.handle(context, request).thenApply(body -> {
            if (!replica && body instanceof FetchResponseData response) { // replication is not consumer traffic
                report(response);
            }
            return body;
        });
    }

    private void report(FetchResponseData response) {
        for (FetchResponseData.FetchableTopicResponse topic : response.responses()) {
            String name = topic.topic();
            if (name == null || name.isEmpty()) {
                name = broker.image().topic(topic.topicId()).map(TopicImage::name).orElse(null);
            }
            if (name == null) {
                continue;
            }
            for (FetchResponseData.PartitionData p : topic.partitions()) {
                if (p.records() instanceof FileRegionRecords records && records.sizeInBytes() > 0) {
                    broker.metrics().recordsOut(name, Math.max(0, records.offsetSpan()), records.sizeInBytes());
                }
            }
        }
    }
}
