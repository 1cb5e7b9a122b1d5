package io.tributary.it.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** Which send failures count as definite (certainly not written). */
class RecordingProducerTest {

    @Test
    void rejectionsThatCannotHaveWrittenAreDefinite() {
        assertThat(RecordingProducer.definite(new RecordTooLargeException("too large"))).isTrue();
        assertThat(RecordingProducer.definite(new TopicAuthorizationException("denied"))).isTrue();
    }

    @Test
    void timeoutsDisconnectionsAndAppendedButUnreplicatedAreIndeterminate() {
        assertThat(RecordingProducer.definite(new TimeoutException("expired"))).isFalse();
        assertThat(RecordingProducer.definite(new NetworkException("gone"))).isFalse();
        assertThat(RecordingProducer.definite(new NotEnoughReplicasAfterAppendException("appended"))).isFalse();
        assertThat(RecordingProducer.definite(new KafkaException("Producer is closed forcefully."))).isFalse();
    }
}
