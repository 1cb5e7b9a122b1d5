package io.tributary.network.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tributary.network.KafkaWire;
import io.tributary.network.LeakDetection;
import io.tributary.network.MockHandler;
import io.tributary.network.PipelineTestContext;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Crafted frames whose counts (of array elements, of tagged fields) are negative, larger than the
 * frame, or above the limits of Kafka 4.4 ({@value MessageUtil#MAX_ARRAY_LENGTH} elements,
 * {@value MessageUtil#MAX_TAGGED_FIELD_COUNT} tagged fields) close the connection, checked before
 * anything is allocated for them, and never reach a handler. Counts at the limits are read.
 */
class DecodeLimitsTest {

    private static final short METADATA_V12 = 12;

    private final ListAppender<ILoggingEvent> decoderLog = new ListAppender<>();
    private final Logger decoder = (Logger) LoggerFactory.getLogger(RequestDecoder.class);
    private MockHandler metadata;
    private PipelineTestContext context;

    @BeforeEach
    void setUp() {
        LeakDetection.enable();
        decoderLog.start();
        decoder.addAppender(decoderLog);
        decoder.setAdditive(false);
        decoder.setLevel(Level.INFO);
        metadata = MockHandler.answering(ApiKeys.METADATA, (c, r) -> new MetadataResponseData());
        context = new PipelineTestContext(metadata);
    }

    @AfterEach
    void tearDown() {
        decoder.detachAppender(decoderLog);
        decoder.setAdditive(true);
        decoder.setLevel(null);
        context.close();
        LeakDetection.assertNoLeaks();
    }

    @Test
    void aNegativeCountOfHeaderTaggedFieldsClosesTheConnection() {
        assertClosed(header(varint(-1)), "tagged fields");
    }

    @Test
    void moreHeaderTaggedFieldsThanBytesLeftCloseTheConnection() {
        assertClosed(concat(header(varint(50)), new byte[10]), "50 tagged fields");
    }

    @Test
    void moreHeaderTaggedFieldsThanKafkaAllowsCloseTheConnectionEvenWhenTheFrameHoldsThem() {
        int count = MessageUtil.MAX_TAGGED_FIELD_COUNT + 1;
        byte[] payload = concat(header(varint(count)), new byte[2 * count], emptyMetadataBody());
        assertThatThrownBy(() -> RequestHeader.parse(ByteBuffer.wrap(payload)))
                .as("kafka-clients' own header parser refuses it too").isInstanceOf(RuntimeException.class);

        assertClosed(payload, count + " tagged fields");
    }

    @Test
    void asManyHeaderTaggedFieldsAsKafkaAllowsAreRead() {
        int count = MessageUtil.MAX_TAGGED_FIELD_COUNT;
        byte[] payload = concat(header(varint(count)), new byte[2 * count], emptyMetadataBody());

        context.sendBytes(KafkaWire.framed(payload));

        assertThat(context.correlationIds()).containsExactly(77);
        assertThat(metadata.calls()).hasSize(1);
    }

    @Test
    void anArrayLongerThanTheBytesLeftClosesTheConnection() {
        byte[] body = concat(varint(100_000 + 1), new byte[20]);
        assertClosed(concat(header(varint(0)), body), "Tried to allocate a collection of size 100000");
    }

    @Test
    void anArrayOfMoreElementsThanKafkaAllowsClosesTheConnectionEvenWhenTheFrameHoldsThem() {
        int count = MessageUtil.MAX_ARRAY_LENGTH + 1;
        byte[] body = concat(varint(count + 1), new byte[count + 2]);
        assertThat(body.length).isLessThan(PipelineTestContext.MAX_REQUEST_BYTES - 100);

        assertClosed(concat(header(varint(0)), body),
                "exceeds the maximum allowed size of " + MessageUtil.MAX_ARRAY_LENGTH);
    }

    @Test
    void aNegativeCountOfBodyTaggedFieldsClosesTheConnection() {
        byte[] body = concat(new byte[] {1, 0, 0}, varint(-1));
        assertClosed(concat(header(varint(0)), body), "Invalid negative number of tagged fields");
    }

    @Test
    void moreBodyTaggedFieldsThanKafkaAllowsCloseTheConnectionEvenWhenTheFrameHoldsThem() {
        int count = MessageUtil.MAX_TAGGED_FIELD_COUNT + 1;
        byte[] body = concat(new byte[] {1, 0, 0}, varint(count), new byte[2 * count]);
        assertClosed(concat(header(varint(0)), body),
                "exceeds the maximum allowed count of " + MessageUtil.MAX_TAGGED_FIELD_COUNT);
    }

    private void assertClosed(byte[] payload, String reason) {
        context.sendBytes(KafkaWire.framed(payload));

        assertThat(context.responses()).isEmpty();
        assertThat(context.channel.isActive()).as("connection closed").isFalse();
        assertThat(metadata.calls()).as("no handler saw the request").isEmpty();
        assertThat(decoderLog.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.startsWith("Closing connection") && m.contains(reason));
    }

    /** A v2 request header of Metadata v12, correlation id 77, ending with the given tagged-field count. */
    private static byte[] header(byte[] taggedFieldCount) {
        byte[] clientId = "limits".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(10 + clientId.length);
        b.putShort(ApiKeys.METADATA.id).putShort(METADATA_V12).putInt(77);
        b.putShort((short) clientId.length).put(clientId);
        return concat(b.array(), taggedFieldCount);
    }

    /** Metadata v12: no topics, two booleans, no tagged fields. */
    private static byte[] emptyMetadataBody() {
        return new byte[] {1, 0, 0, 0};
    }

    /** An unsigned varint; negative values are their 32-bit two's complement, as Kafka reads them back. */
    private static byte[] varint(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int v = value;
        while ((v & 0xffffff80) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
