package io.tributary.network.codec;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * A response body ready to be framed: {@link ResponseEncoder} adds the size prefix and the
 * response header of version {@code apiKey.responseHeaderVersion(version)}. Immutable, though the
 * body may reference records (file regions) whose backing segment must stay open until written.
 */
public record OutboundResponse(int correlationId, ApiKeys apiKey, short version, ApiMessage body) {

    public short headerVersion() {
        return apiKey.responseHeaderVersion(version);
    }
}
