package io.tributary.broker;

import io.tributary.broker.replica.IsrUpdater;
import io.tributary.broker.replica.Replication;
import io.tributary.broker.replica.fetcher.FetcherSettings;
import io.tributary.broker.replica.fetcher.ReplicaFetcherManager;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.controller.Controller;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Time;

/** Builds a broker's {@link Replication} from its configuration (Kafka's {@code replica.*} keys). */
final class ReplicationWiring {

    private ReplicationWiring() {}

    static Replication replication(int nodeId, BrokerConfigView config, Controller controller,
            Supplier<MetadataImage> image, LongSupplier brokerEpoch, Time time) {
        FetcherSettings d = FetcherSettings.DEFAULTS;
        String listener = config.value("inter.broker.listener.name").map(String::trim).filter(v -> !v.isEmpty())
                .map(v -> v.toUpperCase(Locale.ROOT)).orElse(null);
        FetcherSettings settings = new FetcherSettings(
                intValue(config, "replica.fetch.wait.max.ms", d.maxWaitMs()),
                intValue(config, "replica.fetch.min.bytes", d.minBytes()),
                intValue(config, "replica.fetch.max.bytes", d.partitionMaxBytes()),
                intValue(config, "replica.fetch.response.max.bytes", d.responseMaxBytes()),
                intValue(config, "replica.fetch.backoff.ms", (int) d.backoffMs()),
                intValue(config, "replica.socket.timeout.ms", d.socketTimeoutMs()),
                listener);
        long lag = config.value("replica.lag.time.max.ms").map(String::trim).map(Long::parseLong).orElse(30_000L);
        boolean unsafe = config.value("tributary.unsafe.ack.before.replication").map(String::trim)
                .map(Boolean::parseBoolean).orElse(false);
        return new Replication(new ReplicaFetcherManager(nodeId, settings, image, brokerEpoch, time),
                new IsrUpdater(nodeId, controller, brokerEpoch), lag, unsafe);
    }

    private static int intValue(BrokerConfigView config, String name, int dflt) {
        return config.value(name).map(String::trim).map(Integer::parseInt).orElse(dflt);
    }
}
