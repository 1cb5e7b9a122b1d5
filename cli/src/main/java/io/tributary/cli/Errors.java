package io.tributary.cli;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/** Turns client exceptions into {@link CliException}s that say what went wrong and what to do. Stateless. */
final class Errors {

    private Errors() {}

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** @param bootstrap the addresses used, for messages about reaching the cluster */
    static CliException translate(Throwable error, String bootstrap) {
        Throwable e = unwrap(error);
        if (e instanceof CliException c) {
            return c;
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof TimeoutException) {
            return new CliException(ExitCodes.UNREACHABLE,
                    "no answer from the cluster at " + bootstrap + " in time: " + msg,
                    "Check that the cluster is up and the address is right, or raise --timeout.", e);
        }
        if (e instanceof TopicExistsException) {
            return new CliException(ExitCodes.FAILED, msg, "Use --if-not-exists to succeed when it exists.", e);
        }
        if (e instanceof UnknownTopicOrPartitionException) {
            return new CliException(ExitCodes.FAILED, "topic or partition does not exist: " + msg,
                    "'tributary topic list' shows the topics.", e);
        }
        if (e instanceof UnsupportedVersionException) {
            return new CliException(ExitCodes.FAILED, "the cluster does not support this operation yet: " + msg,
                    "docs/compatibility.md lists the APIs the broker serves.", e);
        }
        if (e instanceof CoordinatorNotAvailableException || e instanceof GroupIdNotFoundException
                || e instanceof GroupNotEmptyException) {
            return new CliException(ExitCodes.FAILED, msg, "'tributary group list' shows the groups.", e);
        }
        if (e instanceof InvalidConfigurationException || e instanceof InvalidPartitionsException
                || e instanceof InvalidReplicationFactorException || e instanceof InvalidTopicException) {
            return new CliException(ExitCodes.FAILED, msg, null, e);
        }
        if (e instanceof AuthenticationException || e instanceof AuthorizationException) {
            return new CliException(ExitCodes.FAILED, "not allowed: " + msg, null, e);
        }
        if (e instanceof ApiException || e instanceof KafkaException) {
            return new CliException(ExitCodes.FAILED, msg, null, e);
        }
        return new CliException(ExitCodes.FAILED, e.getClass().getSimpleName() + ": " + msg,
                "--verbose shows the stack trace.", e);
    }
}
