package io.tributary.network.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.network.ManualTime;
import io.tributary.network.MockHandler;
import io.tributary.network.PipelineTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The request latency a {@link RequestDispatcher} reports runs from the frame being read to the
 * answer, both ends read from the clock the network layer is given: here a {@link ManualTime}
 * that moves only when the test says so, so the latency is exact.
 */
class RequestDispatcherMetricsTest {

    private static final short CLUSTER_V1 = 1;

    private final ManualTime time = new ManualTime();
    private final List<Completed> completed = new ArrayList<>();
    private PipelineTestContext context;

    /** One {@code requestCompleted} call. */
    private record Completed(ApiKeys api, short version, long latencyNanos, boolean failed) {}

    @AfterEach
    void tearDown() {
        if (context != null) {
            context.close();
        }
    }

    private MockHandler start() {
        MockHandler cluster = MockHandler.deferred(ApiKeys.DESCRIBE_CLUSTER);
        context = new PipelineTestContext(time, (api, version, latencyNanos, failed) ->
                completed.add(new Completed(api, version, latencyNanos, failed)), 100, cluster);
        context.send(ApiKeys.DESCRIBE_CLUSTER, CLUSTER_V1, 5, new DescribeClusterRequestData());
        assertThat(cluster.calls()).hasSize(1);
        return cluster;
    }

    @Test
    void latencyIsTheTimeTheInjectedClockMovedWhileTheRequestWaited() {
        MockHandler cluster = start();
        time.sleep(250);

        cluster.calls().get(0).response().complete(new DescribeClusterResponseData());

        assertThat(context.correlationIds()).containsExactly(5);
        assertThat(completed).containsExactly(
                new Completed(ApiKeys.DESCRIBE_CLUSTER, CLUSTER_V1, TimeUnit.MILLISECONDS.toNanos(250), false));
    }

    @Test
    void aFailedRequestIsTimedOnTheSameClock() {
        MockHandler cluster = start();
        time.sleep(40);

        cluster.calls().get(0).response().completeExceptionally(new ClusterAuthorizationException("no"));

        assertThat(context.correlationIds()).containsExactly(5);
        assertThat(completed).containsExactly(
                new Completed(ApiKeys.DESCRIBE_CLUSTER, CLUSTER_V1, TimeUnit.MILLISECONDS.toNanos(40), true));
    }

    @Test
    void aRequestAnsweredBeforeTheClockMovesTookNoTime() {
        MockHandler cluster = start();

        cluster.calls().get(0).response().complete(new DescribeClusterResponseData());

        assertThat(completed).extracting(Completed::latencyNanos).containsExactly(0L);
    }
}
