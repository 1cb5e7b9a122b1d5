package io.tributary.broker.group;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a consumer-protocol group subscribes to: topic names, and regular expressions
 * ({@code SubscribedTopicRegex}, RE2/J syntax, matching whole topic names, as Kafka evaluates them)
 * resolved against the metadata image. A regex is resolved when a member first brings it, and all
 * the group's regexes again when the metadata has changed since their last resolution and that
 * resolution is at least {@link #REGEX_REFRESH_INTERVAL_MS} old (Kafka's batching of refreshes);
 * a resolution that changes bumps the group epoch. Internal topics ({@code __consumer_offsets},
 * {@code __transaction_state}, ...) never match: a pattern such as {@code .*} must not hand a
 * consumer the coordinators' own records. (Apache Kafka's broker filters regex matches only through
 * its authorizer's DESCRIBE check; Tributary has no authorizer.)
 *
 * <p>Not thread-safe: runs on the shard's thread.
 */
final class ConsumerSubscriptions {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerSubscriptions.class);

    /** The shortest time between two refreshes of one group's regexes, as in Kafka. */
    static final long REGEX_REFRESH_INTERVAL_MS = 10_000;

    private final TopicLookup topics;
    private final Time time;

    ConsumerSubscriptions(TopicLookup topics, Time time) {
        this.topics = topics;
        this.time = time;
    }

    /** Refuses a regex RE2/J cannot compile, with Kafka's INVALID_REGULAR_EXPRESSION and message. */
    static void validateRegex(String regex) {
        if (regex == null || regex.isEmpty()) {
            return;
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new HeartbeatError(Errors.INVALID_REGULAR_EXPRESSION, String.format(
                    "SubscribedTopicRegex `%s` is not a valid regular expression: %s.", regex, e.getDescription()));
        }
    }

    /**
     * Forgets regexes no member uses any more, resolves the ones not resolved yet and, when due,
     * re-resolves them all. Returns whether some regex now matches other topics than before.
     */
    boolean refreshRegexes(ConsumerGroup group) {
        Set<String> used = new TreeSet<>();
        group.members().values().forEach(m -> {
            if (m.subscribedRegex() != null) {
                used.add(m.subscribedRegex());
            }
        });
        Map<String, ConsumerGroup.ResolvedRegex> resolved = group.resolvedRegexes();
        forgetUnusedRegexes(group);
        if (used.isEmpty()) {
            return false;
        }
        long version = topics.version();
        long now = time.milliseconds();
        boolean unresolved = !resolved.keySet().containsAll(used);
        long lastVersion = resolved.values().stream().mapToLong(ConsumerGroup.ResolvedRegex::version).min()
                .orElse(Long.MIN_VALUE);
        long lastRefresh = resolved.values().stream().mapToLong(ConsumerGroup.ResolvedRegex::timestampMs).max()
                .orElse(Long.MIN_VALUE);
        boolean due = lastVersion < version && now >= lastRefresh + REGEX_REFRESH_INTERVAL_MS;
        if (!unresolved && !due) {
            return false;
        }
        Map<String, Set<String>> matches = resolve(used);
        boolean changed = false;
        for (Map.Entry<String, Set<String>> e : matches.entrySet()) {
            ConsumerGroup.ResolvedRegex before = resolved.get(e.getKey());
            Set<String> old = before == null ? Set.of() : before.topics();
            if (!old.equals(e.getValue())) {
                changed = true;
                LOG.info("Regex {} of consumer group {} now matches {}", e.getKey(), group.groupId(),
                        new TreeSet<>(e.getValue()));
            }
            resolved.put(e.getKey(), new ConsumerGroup.ResolvedRegex(e.getValue(), version, now));
        }
        return changed;
    }

    /** Drops the resolutions of regexes no member subscribes with any more. */
    static void forgetUnusedRegexes(ConsumerGroup group) {
        Set<String> used = new HashSet<>();
        group.members().values().forEach(m -> used.add(m.subscribedRegex()));
        group.resolvedRegexes().keySet().retainAll(used);
    }

    /** The topics each regex matches now, internal topics left out. */
    Map<String, Set<String>> resolve(Set<String> regexes) {
        Map<String, Pattern> patterns = new HashMap<>();
        Map<String, Set<String>> out = new HashMap<>();
        for (String regex : regexes) {
            out.put(regex, new HashSet<>());
            try {
                patterns.put(regex, Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                // refused when a member sent it; one read back from an older record matches nothing
                LOG.warn("Ignoring regular expression '{}': {}", regex, e.getDescription());
            }
        }
        for (String name : topics.names()) {
            if (Topic.isInternal(name)) {
                continue;
            }
            patterns.forEach((regex, p) -> {
                if (p.matcher(name).matches()) {
                    out.get(regex).add(name);
                }
            });
        }
        return out;
    }

    /** The topic names the member subscribes to: its names and what its regex resolved to. */
    Set<String> topicNames(ConsumerGroup group, ConsumerGroupMember m) {
        if (m.subscribedRegex() == null) {
            return new TreeSet<>(m.subscribedTopics());
        }
        Set<String> out = new TreeSet<>(m.subscribedTopics());
        ConsumerGroup.ResolvedRegex r = group.resolvedRegexes().get(m.subscribedRegex());
        if (r != null) {
            out.addAll(r.topics());
        }
        return out;
    }

    /**
     * Records the existing topics the group subscribes to, with their ids and partition counts;
     * returns whether they changed (a topic appeared, vanished, was recreated or grew), which bumps
     * the group epoch.
     */
    boolean refreshTopicMetadata(ConsumerGroup group) {
        Map<String, TopicLookup.Topic> now = new TreeMap<>();
        for (ConsumerGroupMember m : group.members().values()) {
            for (String t : topicNames(group, m)) {
                topics.byName(t).ifPresent(topic -> now.put(t, topic));
            }
        }
        if (now.equals(group.subscribedTopics())) {
            return false;
        }
        group.subscribedTopics(now);
        return true;
    }
}
