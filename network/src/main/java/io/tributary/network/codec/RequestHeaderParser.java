package io.tributary.network.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.utils.internals.ByteUtils;

/**
 * Parses the request headers of one connection (versions 0 to 2: api key, api version,
 * correlation id, client id, tagged fields) as {@link RequestHeader#parse} does, leaving the
 * buffer at the request body, but without decoding the client id again while the connection keeps
 * sending the same one: a client uses one id per connection, so after the first request the id's
 * bytes are compared with the last ones and the last {@code String} is reused.
 *
 * <p>As in Kafka, a null client id (any negative length) reads as the empty one and unknown tagged
 * fields are skipped. A header that does not parse (unknown api key, a length past the frame) throws
 * {@link InvalidRequestException}; so does a count of tagged fields that is negative, larger than
 * the bytes left in the frame or above Kafka's {@link MessageUtil#MAX_TAGGED_FIELD_COUNT}, the
 * limits Kafka 4.4's generated readers apply.
 *
 * <p>Thread-safety: one instance per connection, used by its event loop only.
 */
final class RequestHeaderParser {
    private byte[] lastClientId = new byte[0];
    private String lastClientIdString = "";

    /** Reads the header at {@code buffer}'s position, advancing it to the body. */
    RequestHeader parse(ByteBuffer buffer) {
        short apiKey = -1;
        try {
            apiKey = buffer.getShort();
            short apiVersion = buffer.getShort();
            short headerVersion = ApiKeys.forId(apiKey).requestHeaderVersion(apiVersion);
            int correlationId = buffer.getInt();
            String clientId = headerVersion >= 1 ? clientId(buffer) : "";
            if (headerVersion >= 2) {
                skipTaggedFields(buffer);
            }
            RequestHeaderData data = new RequestHeaderData()
                    .setRequestApiKey(apiKey)
                    .setRequestApiVersion(apiVersion)
                    .setCorrelationId(correlationId)
                    .setClientId(clientId);
            return new RequestHeader(data, headerVersion);
        } catch (RuntimeException e) {
            throw new InvalidRequestException("Error parsing request header; the api key read was " + apiKey + ": "
                    + e.getMessage(), e);
        }
    }

    private String clientId(ByteBuffer buffer) {
        short length = buffer.getShort();
        if (length < 0) {
            return "";
        }
        if (length > buffer.remaining()) {
            throw new InvalidRequestException("Client id length " + length + " with " + buffer.remaining()
                    + " bytes left in the frame");
        }
        int at = buffer.position();
        buffer.position(at + length);
        if (length == lastClientId.length && sameBytes(buffer, at, lastClientId)) {
            return lastClientIdString;
        }
        byte[] bytes = new byte[length];
        buffer.get(at, bytes);
        lastClientId = bytes;
        lastClientIdString = new String(bytes, StandardCharsets.UTF_8);
        return lastClientIdString;
    }

    private static boolean sameBytes(ByteBuffer buffer, int at, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (buffer.get(at + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    private static void skipTaggedFields(ByteBuffer buffer) {
        int count = ByteUtils.readUnsignedVarint(buffer);
        if (count < 0 || count > buffer.remaining() || count > MessageUtil.MAX_TAGGED_FIELD_COUNT) {
            throw new InvalidRequestException("Header with " + count + " tagged fields (at most "
                    + MessageUtil.MAX_TAGGED_FIELD_COUNT + ") and " + buffer.remaining() + " bytes left in the frame");
        }
        for (int i = 0; i < count; i++) {
            ByteUtils.readUnsignedVarint(buffer); // tag
            int size = ByteUtils.readUnsignedVarint(buffer);
            if (size < 0 || size > buffer.remaining()) {
                throw new InvalidRequestException("Tagged field of " + size + " bytes with " + buffer.remaining()
                        + " bytes left in the frame");
            }
            buffer.position(buffer.position() + size);
        }
    }
}
