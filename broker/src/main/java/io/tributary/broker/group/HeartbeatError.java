package io.tributary.broker.group;

import org.apache.kafka.common.protocol.Errors;

/** A ConsumerGroupHeartbeat refused with {@code error}; thrown before the group changes. */
final class HeartbeatError extends RuntimeException {

    private final Errors error;

    HeartbeatError(Errors error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    Errors error() {
        return error;
    }
}
