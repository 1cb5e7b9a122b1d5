package io.tributary.broker.handler;

import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps exceptions to protocol errors, logging the ones that are the broker's own fault. */
final class Responses {

    private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

    private Responses() {}

    static Errors error(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        Errors error = Errors.forException(cause);
        if (!(cause instanceof ApiException) || error == Errors.UNKNOWN_SERVER_ERROR) {
            LOG.error("Unexpected error serving a request", cause);
        }
        return error;
    }

    static String message(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return cause instanceof ApiException ? cause.getMessage() : null;
    }
}
