package io.tributary.network.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.network.codec.OutboundResponse;
import io.tributary.network.dispatch.ResponseSequencer.Outcome;
import io.tributary.network.dispatch.ResponseSequencer.Slot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

class ResponseSequencerTest {

    /** Records what the sequencer emits: correlation ids, "flush" and "close". */
    private static final class RecordingSink implements ResponseSequencer.Sink {
        final List<Integer> written = new ArrayList<>();
        int flushes;
        boolean closed;

        @Override
        public void write(OutboundResponse response) {
            assertThat(closed).as("write after close").isFalse();
            written.add(response.correlationId());
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final RecordingSink sink = new RecordingSink();
    private final ResponseSequencer sequencer = new ResponseSequencer(sink);

    @Test
    void emitsOnlyOnceEveryEarlierSlotIsComplete() {
        Slot a = sequencer.register();
        Slot b = sequencer.register();
        Slot c = sequencer.register();

        sequencer.complete(c, respond(3));
        sequencer.complete(b, respond(2));
        assertThat(sink.written).isEmpty();
        assertThat(sequencer.inFlight()).isEqualTo(3);

        sequencer.complete(a, respond(1));
        assertThat(sink.written).containsExactly(1, 2, 3);
        assertThat(sink.flushes).isEqualTo(1);
        assertThat(sequencer.inFlight()).isZero();
    }

    @Test
    void aSilentSlotWritesNothingButHoldsItsPlace() {
        Slot silent = sequencer.register();
        Slot after = sequencer.register();

        sequencer.complete(after, respond(2));
        assertThat(sink.written).isEmpty();
        sequencer.complete(silent, Outcome.SILENT);

        assertThat(sink.written).containsExactly(2);
    }

    @Test
    void closeComesAfterEarlierResponsesAndDropsLaterOnes() {
        Slot first = sequencer.register();
        Slot closing = sequencer.register();
        Slot later = sequencer.register();

        sequencer.complete(later, respond(3));
        sequencer.complete(closing, Outcome.CLOSE);
        sequencer.complete(first, respond(1));

        assertThat(sink.written).containsExactly(1);
        assertThat(sink.closed).isTrue();
        assertThat(sequencer.isClosed()).isTrue();
        assertThat(sequencer.inFlight()).isZero();
    }

    @Test
    void completionsAfterCloseAreIgnored() {
        Slot slot = sequencer.register();
        sequencer.close();

        sequencer.complete(slot, respond(1));
        sequencer.complete(sequencer.register(), respond(2));

        assertThat(sink.written).isEmpty();
        assertThat(sequencer.inFlight()).isZero();
    }

    @Test
    void aSlotCannotBeCompletedTwice() {
        Slot slot = sequencer.register();
        sequencer.complete(slot, respond(1));

        assertThatThrownBy(() -> sequencer.complete(slot, respond(1))).isInstanceOf(IllegalStateException.class);
    }

    @Property(tries = 300)
    void anyCompletionOrderYieldsRequestOrder(@ForAll("outcomes") List<Boolean> silent, @ForAll long seed) {
        RecordingSink recording = new RecordingSink();
        ResponseSequencer subject = new ResponseSequencer(recording);
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < silent.size(); i++) {
            slots.add(subject.register());
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < silent.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));

        for (int i : order) {
            subject.complete(slots.get(i), silent.get(i) ? Outcome.SILENT : respond(i));
            assertThat(recording.written).isSorted();
        }

        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < silent.size(); i++) {
            if (!silent.get(i)) {
                expected.add(i);
            }
        }
        assertThat(recording.written).isEqualTo(expected);
        assertThat(subject.inFlight()).isZero();
    }

    @Provide
    Arbitrary<List<Boolean>> outcomes() {
        return Arbitraries.of(true, false, false, false).list().ofMaxSize(40);
    }

    private static Outcome respond(int correlationId) {
        return new Outcome.Respond(new OutboundResponse(correlationId, ApiKeys.DESCRIBE_CLUSTER, (short) 0,
                new DescribeClusterResponseData()));
    }
}
