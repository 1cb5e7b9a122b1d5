package io.tributary.metadata.controller;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.controller.ConfigOperations.Change;
import io.tributary.metadata.controller.Controller.BrokerHeartbeat;
import io.tributary.metadata.controller.Controller.BrokerRegistration;
import io.tributary.metadata.controller.Controller.HeartbeatReply;
import io.tributary.metadata.controller.TopicOperations.NewPartitions;
import io.tributary.metadata.controller.TopicOperations.NewTopic;
import io.tributary.metadata.quorum.QuorumInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

/**
 * Controller calls as messages between nodes: a call is one JSON object naming the operation and
 * its arguments; the answer is {@code {"ok": result}} or {@code {"error": code, "message": text}}
 * with Kafka's error code, which the caller turns back into the same exception. {@link #serve}
 * runs a call against the active controller; {@link RemoteController} makes them. Thread-safe.
 */
public final class ControllerRpc {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(new SimpleModule()
                    .addSerializer(Uuid.class, new UuidSerializer())
                    .addDeserializer(Uuid.class, new UuidDeserializer())
                    .addSerializer(ApiError.class, new ApiErrorSerializer())
                    .addDeserializer(ApiError.class, new ApiErrorDeserializer()));

    private ControllerRpc() {}

    /** One controller call. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = CreateTopics.class, name = "create-topics"),
        @JsonSubTypes.Type(value = DeleteTopics.class, name = "delete-topics"),
        @JsonSubTypes.Type(value = CreatePartitions.class, name = "create-partitions"),
        @JsonSubTypes.Type(value = AlterConfigs.class, name = "alter-configs"),
        @JsonSubTypes.Type(value = IncrementalAlterConfigs.class, name = "incremental-alter-configs"),
        @JsonSubTypes.Type(value = RegisterBroker.class, name = "register-broker"),
        @JsonSubTypes.Type(value = Heartbeat.class, name = "heartbeat"),
        @JsonSubTypes.Type(value = AllocateProducerIds.class, name = "allocate-producer-ids"),
        @JsonSubTypes.Type(value = DescribeQuorum.class, name = "describe-quorum"),
        @JsonSubTypes.Type(value = AlterPartitionCall.class, name = "alter-partition"),
        @JsonSubTypes.Type(value = AlterReassignments.class, name = "alter-reassignments"),
        @JsonSubTypes.Type(value = ElectLeaders.class, name = "elect-leaders"),
    })
    sealed interface Call {

        /** Runs this call against {@code controller}; the result as it travels back. */
        CompletableFuture<?> run(Controller controller);
    }

    record CreateTopics(List<NewTopic> topics, boolean validateOnly) implements Call {
        public CompletableFuture<?> run(Controller c) {
            return c.createTopics(topics, validateOnly);
        }
    }

    record DeleteTopics(List<TopicDeletion.Ref> refs) implements Call {
        public CompletableFuture<?> run(Controller c) {
            return c.deleteTopics(refs);
        }
    }

    record CreatePartitions(List<NewPartitions> requests, boolean validateOnly) implements Call {
        public CompletableFuture<?> run(Controller c) {
            return c.createPartitions(requests, validateOnly);
        }
    }

    /** One resource's configs, with its type as Kafka's resource type id. */
    record ResourceConfigs(byte type, String name, Map<String, String> configs) {}

    record ResourceChanges(byte type, String name, List<Change> changes) {}

    /** One resource's result. */
    record ResourceResult(byte type, String name, ApiError error) {}

    record AlterConfigs(List<ResourceConfigs> resources, boolean validateOnly, Set<String> staticKeys)
            implements Call {
        public CompletableFuture<?> run(Controller c) {
            Map<ConfigResource, Map<String, String>> configs = new LinkedHashMap<>();
            resources.forEach(r -> configs.put(resource(r.type(), r.name()), r.configs()));
            return c.alterConfigs(configs, validateOnly, staticKeys).thenApply(ControllerRpc::resourceResults);
        }
    }

    record IncrementalAlterConfigs(List<ResourceChanges> resources, boolean validateOnly, Set<String> staticKeys)
            implements Call {
        public CompletableFuture<?> run(Controller c) {
            Map<ConfigResource, List<Change>> changes = new LinkedHashMap<>();
            resources.forEach(r -> changes.put(resource(r.type(), r.name()), r.changes()));
            return c.incrementalAlterConfigs(changes, validateOnly, staticKeys)
                    .thenApply(ControllerRpc::resourceResults);
        }
    }

    record RegisterBroker(BrokerRegistration registration) implements Call {
        public CompletableFuture<?> run(Controller c) {
            return c.registerBroker(registration);
        }
    }

    record Heartbeat(BrokerHeartbeat heartbeat) implements Call {
        public CompletableFuture<?> run(Controller c) {
            return c.heartbeat(heartbeat);
        }
    }

    record AllocateProducerIds(int brokerId, int count) implements Call {
        public CompletableFuture<?> run(Controller c) {
            return c.allocateProducerIds(brokerId, count);
        }
    }

    record AlterPartitionCall(Controller.AlterPartition request) implements Call {
        public CompletableFuture<?> run(Controller c) {
            return c.alterPartition(request);
        }
    }

    record AlterReassignments(List<Reassignments.Request> requests, boolean allowReplicationFactorChange)
            implements Call {
        public CompletableFuture<?> run(Controller c) {
            return c.alterPartitionReassignments(requests, allowReplicationFactorChange);
        }
    }

    record ElectLeaders(LeaderElections.Type type, List<LeaderElections.Target> targets) implements Call {
        public CompletableFuture<?> run(Controller c) {
            return c.electLeaders(type, targets);
        }
    }

    record DescribeQuorum() implements Call {
        public CompletableFuture<?> run(Controller c) {
            return c.describeQuorum();
        }
    }

    static ConfigResource resource(byte type, String name) {
        return new ConfigResource(ConfigResource.Type.forId(type), name);
    }

    static List<ResourceResult> resourceResults(Map<ConfigResource, ApiError> results) {
        List<ResourceResult> out = new ArrayList<>();
        results.forEach((r, e) -> out.add(new ResourceResult(r.type().id(), r.name(), e)));
        return out;
    }

    static Map<ConfigResource, ApiError> resourceMap(List<ResourceResult> results) {
        Map<ConfigResource, ApiError> out = new LinkedHashMap<>();
        results.forEach(r -> out.put(resource(r.type(), r.name()), r.error()));
        return out;
    }

    /** Serves one encoded call against {@code controller} (null: this node has none); the encoded answer. */
    public static CompletableFuture<ByteBuffer> serve(ByteBuffer request, Controller controller) {
        Call call;
        try {
            call = JSON.readValue(bytes(request), Call.class);
        } catch (IOException e) {
            return CompletableFuture.completedFuture(error(new ApiError(Errors.INVALID_REQUEST,
                    "malformed controller call: " + e.getMessage())));
        }
        if (controller == null) {
            return CompletableFuture.completedFuture(error(new ApiError(Errors.NOT_CONTROLLER,
                    "this node runs no controller")));
        }
        CompletableFuture<?> result;
        try {
            result = call.run(controller);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((value, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                return error(ApiError.fromThrowable(cause));
            }
            ObjectNode ok = JSON.createObjectNode();
            ok.set("ok", JSON.valueToTree(value));
            return ByteBuffer.wrap(write(ok));
        });
    }

    static ByteBuffer encode(Call call) {
        return ByteBuffer.wrap(write(call));
    }

    /** The result of an answer to a call, as {@code type}; a failed call throws its Kafka exception. */
    static <T> T decode(ByteBuffer answer, TypeReference<T> type) {
        return decode(answer, JSON.getTypeFactory().constructType(type));
    }

    static <T> T decode(ByteBuffer answer, JavaType type) {
        try {
            JsonNode node = JSON.readTree(bytes(answer));
            if (node.has("error")) {
                Errors error = Errors.forCode((short) node.get("error").asInt());
                String message = node.hasNonNull("message") ? node.get("message").asText() : error.message();
                ApiException e = error.exception(message);
                throw e != null ? e : new IllegalStateException(message);
            }
            return JSON.convertValue(node.get("ok"), type);
        } catch (IOException e) {
            throw new UncheckedIOException("malformed controller answer", e);
        }
    }

    private static ByteBuffer error(ApiError error) {
        ObjectNode node = JSON.createObjectNode();
        node.put("error", error.error().code());
        node.put("message", error.message());
        return ByteBuffer.wrap(write(node));
    }

    private static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    static final TypeReference<Map<String, ApiError>> BY_NAME = new TypeReference<>() {};
    static final TypeReference<List<TopicDeletion.Result>> DELETIONS = new TypeReference<>() {};
    static final TypeReference<List<ResourceResult>> RESOURCES = new TypeReference<>() {};
    static final TypeReference<Long> LONG = new TypeReference<>() {};
    static final TypeReference<HeartbeatReply> HEARTBEAT = new TypeReference<>() {};
    static final TypeReference<QuorumInfo> QUORUM = new TypeReference<>() {};
    static final TypeReference<PartitionImage> PARTITION = new TypeReference<>() {};
    static final TypeReference<List<Reassignments.Result>> REASSIGNMENTS = new TypeReference<>() {};
    static final TypeReference<List<LeaderElections.Result>> ELECTIONS = new TypeReference<>() {};

    private static final class UuidSerializer extends JsonSerializer<Uuid> {
        @Override
        public void serialize(Uuid value, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(value.toString());
        }
    }

    private static final class UuidDeserializer extends JsonDeserializer<Uuid> {
        @Override
        public Uuid deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return Uuid.fromString(p.getValueAsString());
        }
    }

    private static final class ApiErrorSerializer extends JsonSerializer<ApiError> {
        @Override
        public void serialize(ApiError value, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartObject();
            g.writeNumberField("code", value.error().code());
            g.writeStringField("message", value.isSuccess() ? null : value.message());
            g.writeEndObject();
        }
    }

    private static final class ApiErrorDeserializer extends JsonDeserializer<ApiError> {
        @Override
        public ApiError deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonNode node = p.readValueAsTree();
            Errors error = Errors.forCode((short) node.get("code").asInt());
            JsonNode message = node.get("message");
            return new ApiError(error, message == null || message.isNull() ? null : message.asText());
        }
    }
}
