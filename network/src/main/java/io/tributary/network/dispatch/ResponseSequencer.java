package io.tributary.network.dispatch;

import io.tributary.network.codec.OutboundResponse;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Puts the outcomes of one connection's requests back into request order. Each request takes a
 * {@link Slot} when it is read; handlers may complete slots in any order, and the sequencer emits
 * outcomes to its {@link Sink} strictly in slot order, as soon as every earlier slot is complete.
 *
 * <p>A {@link Outcome.Silent} outcome (produce with acks=0) writes nothing but still holds its
 * place until complete, so it never lets a later response overtake an earlier one. A {@link
 * Outcome.Close} outcome closes the connection once every earlier response has been written; later
 * outcomes are dropped.
 *
 * <p>Invariants: {@link #inFlight()} is the number of slots taken and not yet emitted; each slot is
 * completed at most once; after {@link #close()} nothing more is emitted.
 *
 * <p>Thread-safety: not thread-safe. One instance per connection, confined to its event loop.
 */
public final class ResponseSequencer {

    /** What to do with one request's slot. */
    public sealed interface Outcome {
        /** Write this response. */
        record Respond(OutboundResponse response) implements Outcome {}

        /** Write nothing (no response expected). */
        record Silent() implements Outcome {}

        /** Close the connection after the responses before this one. */
        record Close() implements Outcome {}

        Outcome SILENT = new Silent();
        Outcome CLOSE = new Close();
    }

    /** Where emitted outcomes go. */
    public interface Sink {
        void write(OutboundResponse response);

        void flush();

        void close();
    }

    /** A place in the response order, handed out per request. */
    public static final class Slot {
        private Outcome outcome;

        private Slot() {}
    }

    private final ArrayDeque<Slot> pending = new ArrayDeque<>();
    private final Sink sink;
    private boolean closed;

    public ResponseSequencer(Sink sink) {
        this.sink = sink;
    }

    /** Takes the next place in the response order. */
    public Slot register() {
        Slot slot = new Slot();
        if (!closed) {
            pending.addLast(slot);
        }
        return slot;
    }

    /** Records a slot's outcome and emits every outcome that is now next in order. */
    public void complete(Slot slot, Outcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        if (slot.outcome != null) {
            throw new IllegalStateException("slot completed twice");
        }
        slot.outcome = outcome;
        if (closed) {
            return;
        }
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peekFirst().outcome != null) {
            Outcome next = pending.pollFirst().outcome;
            if (next instanceof Outcome.Respond respond) {
                sink.write(respond.response());
                wrote = true;
            } else if (next instanceof Outcome.Close) {
                if (wrote) {
                    sink.flush();
                }
                close();
                sink.close();
                return;
            }
        }
        if (wrote) {
            sink.flush();
        }
    }

    /** Slots taken and not yet emitted. */
    public int inFlight() {
        return pending.size();
    }

    /** Drops all pending slots; later completions are ignored. Called when the connection closes. */
    public void close() {
        closed = true;
        pending.clear();
    }

    public boolean isClosed() {
        return closed;
    }
}
