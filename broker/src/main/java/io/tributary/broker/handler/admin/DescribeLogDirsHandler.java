package io.tributary.broker.handler.admin;

import io.tributary.broker.BrokerContext;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.broker.replica.Partition;
import io.tributary.network.api.RequestContext;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeLogDirsRequest;

/**
 * DescribeLogDirs (v1-5), what {@code kafka-log-dirs --describe} and the Admin client's
 * {@code describeLogDirs} / {@code describeReplicaLogDirs} ask each broker: every configured log
 * directory (absolute path) with the hosted partitions in it, all of them when the request's
 * topic list is null, else only the named partitions. A partition's size is the bytes of its
 * segments; its offset lag is 0 and it is never a future log (there is no log-directory move).
 * From v4 each directory carries the total and usable bytes of its file system; a directory
 * whose file system cannot be read is KAFKA_STORAGE_ERROR. No directory is ever cordoned (v5).
 *
 * <p>Stateless: it reads the hosted partitions' sizes at the time of the request.
 */
public final class DescribeLogDirsHandler extends TypedHandler<DescribeLogDirsRequest> {

    private final BrokerContext broker;
    private final List<Path> logDirs;

    /** @param logDirs the broker's configured log directories */
    public DescribeLogDirsHandler(BrokerContext broker, List<Path> logDirs) {
        super(ApiKeys.DESCRIBE_LOG_DIRS, 1, 5, DescribeLogDirsRequest.class);
        this.broker = broker;
        this.logDirs = List.copyOf(logDirs);
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, DescribeLogDirsRequest request) {
        return CompletableFuture.completedFuture(describe(request.data()));
    }

    private DescribeLogDirsResponseData describe(DescribeLogDirsRequestData data) {
        Set<TopicPartition> wanted = wanted(data);
        Map<Path, Map<String, List<DescribeLogDirsPartition>>> byDir = new HashMap<>();
        for (Partition p : broker.replicaManager().partitions().values()) {
            TopicPartition tp = p.topicPartition();
            if ((wanted != null && !wanted.contains(tp)) || p.logDirectory() == null) {
                continue;
            }
            Path dir = p.logDirectory().toAbsolutePath().getParent();
            byDir.computeIfAbsent(dir, d -> new TreeMap<>()).computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                    .add(new DescribeLogDirsPartition().setPartitionIndex(tp.partition())
                            .setPartitionSize(p.logSize()).setOffsetLag(0).setIsFutureKey(false));
        }
        DescribeLogDirsResponseData out = new DescribeLogDirsResponseData().setErrorCode(Errors.NONE.code());
        for (Path configured : logDirs) {
            Path dir = configured.toAbsolutePath();
            DescribeLogDirsResult result = new DescribeLogDirsResult().setLogDir(dir.toString());
            try {
                FileStore store = Files.getFileStore(dir);
                result.setTotalBytes(store.getTotalSpace()).setUsableBytes(store.getUsableSpace());
            } catch (IOException e) {
                out.results().add(result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code()));
                continue;
            }
            byDir.getOrDefault(dir, Map.of()).forEach((topic, partitions) -> {
                partitions.sort((a, b) -> Integer.compare(a.partitionIndex(), b.partitionIndex()));
                result.topics().add(new DescribeLogDirsTopic().setName(topic).setPartitions(partitions));
            });
            out.results().add(result.setErrorCode(Errors.NONE.code()));
        }
        return out;
    }

    /** The partitions asked for, or null for all of them. */
    private static Set<TopicPartition> wanted(DescribeLogDirsRequestData data) {
        if (data.topics() == null) {
            return null;
        }
        Set<TopicPartition> out = new HashSet<>();
        for (DescribableLogDirTopic t : data.topics()) {
            for (int partition : t.partitions()) {
                out.add(new TopicPartition(t.topic(), partition));
            }
        }
        return out;
    }
}
