package io.tributary.network.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestHeaderParser} reads what kafka-clients' {@link RequestHeader#parse} reads, fails
 * where it fails, and hands out the same client id string while a connection repeats the id.
 */
class RequestHeaderParserTest {

    @Test
    void readsEveryHeaderVersionWithTheBodyLeftInPlace() {
        RequestHeaderParser parser = new RequestHeaderParser();
        for (ApiKeys api : ApiKeys.values()) {
            for (short v = api.oldestVersion(); v <= api.latestVersion(true); v++) {
                RequestHeaderData data = new RequestHeaderData().setRequestApiKey(api.id).setRequestApiVersion(v)
                        .setCorrelationId(v * 31 + api.id).setClientId("client-é-" + api.id);
                short headerVersion = api.requestHeaderVersion(v);
                if (headerVersion >= 2) {
                    data.unknownTaggedFields().add(new RawTaggedField(7, new byte[] {1, 2, 3}));
                }
                ByteBuffer frame = frame(data, headerVersion, 5);
                RequestHeader header = parser.parse(frame);
                assertThat(header.apiKey()).isEqualTo(api);
                assertThat(header.apiVersion()).isEqualTo(v);
                assertThat(header.headerVersion()).isEqualTo(headerVersion);
                assertThat(header.correlationId()).isEqualTo(v * 31 + api.id);
                assertThat(header.clientId()).isEqualTo(headerVersion >= 1 ? "client-é-" + api.id : "");
                assertThat(frame.remaining()).as("the body's bytes").isEqualTo(5);
            }
        }
    }

    @Test
    void aRepeatedClientIdIsTheSameStringAndANewOneIsRead() {
        RequestHeaderParser parser = new RequestHeaderParser();
        String first = parser.parse(frame("app-1")).clientId();
        assertThat(parser.parse(frame("app-1")).clientId()).isSameAs(first);
        assertThat(parser.parse(frame("app-2")).clientId()).isEqualTo("app-2");
        assertThat(parser.parse(frame("app-1")).clientId()).isEqualTo("app-1");
        assertThat(parser.parse(frame("app")).clientId()).isEqualTo("app");
        assertThat(parser.parse(frame(null)).clientId()).isEmpty();
        assertThat(parser.parse(frame("")).clientId()).isEmpty();
    }

    @Test
    void malformedHeadersAreInvalidRequests() {
        RequestHeaderParser parser = new RequestHeaderParser();
        ByteBuffer valid = frame("abc");
        for (int cut = 0; cut < valid.remaining(); cut++) {
            ByteBuffer truncated = valid.duplicate().limit(cut);
            assertThatThrownBy(() -> parser.parse(truncated)).isInstanceOf(InvalidRequestException.class);
        }
        ByteBuffer unknownApi = ByteBuffer.allocate(8).putShort((short) 9999).putShort((short) 0).putInt(1).flip();
        assertThatThrownBy(() -> parser.parse(unknownApi)).isInstanceOf(InvalidRequestException.class);
        ByteBuffer negativeLength = frame("");
        negativeLength.putShort(8, (short) -2);
        assertThat(parser.parse(negativeLength).clientId()).as("any negative length: null, as in Kafka")
                .isEmpty();
        ByteBuffer longTag = ByteBuffer.allocate(20).putShort(ApiKeys.METADATA.id).putShort((short) 12).putInt(1)
                .putShort((short) 0).put((byte) 1).put((byte) 0).put((byte) 100).flip();
        assertThatThrownBy(() -> parser.parse(longTag)).isInstanceOf(InvalidRequestException.class);
    }

    /**
     * Kafka's parser and this one agree on every header prefix followed by arbitrary bytes, for a
     * connection's sequence of frames (so the client id cache is in play, with ids that repeat),
     * whether the frame is a heap buffer, a direct one or a slice starting inside a larger buffer.
     */
    @Property(tries = 1000)
    void agreesWithKafkasParser(@ForAll("connections") List<byte[]> frames, @ForAll("kinds") int kind) {
        RequestHeaderParser parser = new RequestHeaderParser();
        for (byte[] bytes : frames) {
            ByteBuffer ours = buffer(bytes, kind);
            int start = ours.position();
            ByteBuffer theirs = ByteBuffer.wrap(bytes);
            RequestHeader expected;
            try {
                expected = RequestHeader.parse(theirs);
            } catch (InvalidRequestException e) {
                assertThatThrownBy(() -> parser.parse(ours)).isInstanceOf(InvalidRequestException.class);
                continue;
            }
            RequestHeader actual = parser.parse(ours);
            assertThat(actual.apiKey()).isEqualTo(expected.apiKey());
            assertThat(actual.apiVersion()).isEqualTo(expected.apiVersion());
            assertThat(actual.headerVersion()).isEqualTo(expected.headerVersion());
            assertThat(actual.correlationId()).isEqualTo(expected.correlationId());
            assertThat(actual.clientId()).isEqualTo(expected.clientId());
            assertThat(ours.position() - start).isEqualTo(theirs.position());
        }
    }

    /** Up to 6 frames, each with one of three client ids or random bytes where the id would be. */
    @Provide
    Arbitrary<List<byte[]>> connections() {
        Arbitrary<ApiKeys> api = Arbitraries.of(ApiKeys.values());
        Arbitrary<Short> version = Arbitraries.shorts().between((short) -1, (short) 20);
        Arbitrary<byte[]> clientId = Arbitraries.of("app", "app-2", "ap\u00e9").map(id -> {
            byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(2 + utf8.length + 1).putShort((short) utf8.length).put(utf8).put((byte) 0)
                    .array(); // the id, then no tagged fields
        });
        Arbitrary<byte[]> randomTail = Arbitraries.shorts().between((short) -3, (short) 12).flatMap(len ->
                Arbitraries.bytes().array(byte[].class).ofMaxSize(24).map(rest ->
                        ByteBuffer.allocate(2 + rest.length).putShort(len).put(rest).array()));
        Arbitrary<byte[]> tail = Arbitraries.frequencyOf(
                Tuple.of(3, clientId), Tuple.of(1, randomTail));
        Arbitrary<byte[]> frame = Combinators.combine(api, version, tail).as((a, v, rest) ->
                ByteBuffer.allocate(8 + rest.length).putShort(a.id).putShort(v).putInt(42).put(rest).array());
        return frame.list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<Integer> kinds() {
        return Arbitraries.integers().between(0, 2);
    }

    /** {@code bytes} as a heap buffer (0), a direct buffer (1) or a slice 5 bytes into a larger one (2). */
    private static ByteBuffer buffer(byte[] bytes, int kind) {
        return switch (kind) {
            case 0 -> ByteBuffer.wrap(bytes);
            case 1 -> ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            default -> ByteBuffer.allocate(bytes.length + 9).position(5).put(bytes).flip().position(5)
                    .slice().limit(bytes.length);
        };
    }

    private static ByteBuffer frame(String clientId) {
        RequestHeaderData data = new RequestHeaderData().setRequestApiKey(ApiKeys.METADATA.id)
                .setRequestApiVersion((short) 12).setCorrelationId(3).setClientId(clientId);
        return frame(data, ApiKeys.METADATA.requestHeaderVersion((short) 12), 0);
    }

    private static ByteBuffer frame(RequestHeaderData data, short headerVersion, int bodyBytes) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = data.size(cache, headerVersion);
        ByteBuffer b = ByteBuffer.allocate(size + bodyBytes);
        data.write(new ByteBufferAccessor(b), cache, headerVersion);
        b.put(new byte[bodyBytes]).flip();
        return b;
    }
}
