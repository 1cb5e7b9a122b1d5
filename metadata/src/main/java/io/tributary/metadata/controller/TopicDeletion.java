package io.tributary.metadata.controller;

import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.TopicImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

/**
 * DeleteTopics as the controller decides it: resolves each requested name or id against the
 * image, answers duplicates and malformed entries as Kafka does, and removes the topics the
 * request designates. A pure function of the image.
 */
public final class TopicDeletion {

    private TopicDeletion() {}

    /** One requested deletion: by name (id zero) or by id (name null), or malformed (both or neither). */
    public record Ref(String name, Uuid id) {

        public Ref {
            id = id == null ? Uuid.ZERO_UUID : id;
        }

        boolean byName() {
            return name != null && Uuid.ZERO_UUID.equals(id);
        }

        boolean byId() {
            return name == null && !Uuid.ZERO_UUID.equals(id);
        }
    }

    /** The answer for one request entry. */
    public record Result(String name, Uuid id, ApiError error) {}

    /** Resolves {@code refs} against {@code image} and removes the topics they designate. */
    public static ControllerResult<List<Result>> delete(MetadataImage image, ControllerConfig config, List<Ref> refs) {
        Map<String, Integer> names = new HashMap<>();
        Map<Uuid, Integer> ids = new HashMap<>();
        for (Ref r : refs) {
            if (r.byName()) {
                names.merge(r.name(), 1, Integer::sum);
            } else if (r.byId()) {
                ids.merge(r.id(), 1, Integer::sum);
            }
        }
        Set<Uuid> idsByIdRef = new HashSet<>(); // existing topics designated by a unique id
        for (Ref r : refs) {
            if (r.byId() && ids.get(r.id()) == 1) {
                image.topic(r.id()).ifPresent(t -> idsByIdRef.add(t.id()));
            }
        }
        Map<String, Uuid> targets = new LinkedHashMap<>(); // the topics to delete: name -> id
        List<Slot> slots = new ArrayList<>();
        Set<Ref> answered = new HashSet<>();
        for (Ref r : refs) {
            if ((r.byName() || r.byId()) && !answered.add(r)) {
                continue;
            }
            slots.add(slot(image, r, names, ids, idsByIdRef, targets));
        }
        ControllerResult<Map<String, ApiError>> deleted =
                TopicOperations.deleteTopics(image, config, List.copyOf(targets.keySet()));
        List<Result> results = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            String name = slot.target();
            results.add(name == null ? slot.done()
                    : new Result(name, targets.get(name), Objects.requireNonNull(deleted.response().get(name))));
        }
        return new ControllerResult<>(deleted.records(), results);
    }

    private static Slot slot(MetadataImage image, Ref r, Map<String, Integer> names, Map<Uuid, Integer> ids,
            Set<Uuid> idsByIdRef, Map<String, Uuid> targets) {
        if (r.byName()) {
            if (names.get(r.name()) > 1) {
                return Slot.done(new Result(r.name(), Uuid.ZERO_UUID, invalid("Duplicate topic name.")));
            }
            TopicImage t = image.topic(r.name()).orElse(null);
            if (t == null) {
                return Slot.done(new Result(r.name(), Uuid.ZERO_UUID, new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION)));
            }
            if (idsByIdRef.contains(t.id())) {
                return Slot.done(new Result(r.name(), t.id(),
                        invalid("The provided topic name maps to an ID that was already supplied.")));
            }
            targets.put(t.name(), t.id());
            return Slot.target(t.name());
        }
        if (r.byId()) {
            if (ids.get(r.id()) > 1) {
                return Slot.done(new Result(null, r.id(), invalid("Duplicate topic id.")));
            }
            TopicImage t = image.topic(r.id()).orElse(null);
            if (t == null) {
                return Slot.done(new Result(null, r.id(), new ApiError(Errors.UNKNOWN_TOPIC_ID)));
            }
            if (names.containsKey(t.name())) {
                return Slot.done(new Result(null, r.id(), invalid("Duplicate topic id.")));
            }
            targets.put(t.name(), t.id());
            return Slot.target(t.name());
        }
        if (r.name() == null) {
            return Slot.done(new Result(null, Uuid.ZERO_UUID, invalid("Neither topic name nor id were specified.")));
        }
        return Slot.done(new Result(r.name(), r.id(), invalid("You may not specify both topic name and topic id.")));
    }

    /** A response position: a finished result, or the name of a topic whose deletion decides it. */
    private record Slot(Result done, String target) {

        static Slot done(Result result) {
            return new Slot(result, null);
        }

        static Slot target(String name) {
            return new Slot(null, name);
        }
    }

    private static ApiError invalid(String message) {
        return new ApiError(Errors.INVALID_REQUEST, message);
    }
}
