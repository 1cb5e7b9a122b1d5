package io.tributary.network.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tributary.network.LeakDetection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import io.tributary.network.ManualTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static final int MAX = 1024;

    private final ManualTime time = new ManualTime();
    private FrameDecoder decoder;
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        LeakDetection.enable();
        decoder = new FrameDecoder(MAX, time);
        channel = new EmbeddedChannel(decoder);
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
        LeakDetection.assertNoLeaks();
    }

    @Test
    void emitsOneFramePerSizePrefixedPayload() {
        ByteBuf input = Unpooled.buffer();
        input.writeBytes(framed("first")).writeBytes(framed("second"));

        channel.writeInbound(input);

        assertThat(payload(channel.readInbound())).isEqualTo("first");
        assertThat(payload(channel.readInbound())).isEqualTo("second");
        assertThat(channel.inboundMessages()).isEmpty();
        assertThat(input.refCnt()).isZero();
    }

    @Test
    void waitsForTheRestOfAFrameSplitAcrossReads() {
        byte[] frame = framed("split across three reads");
        ByteBuf a = Unpooled.wrappedBuffer(frame, 0, 2);
        ByteBuf b = Unpooled.wrappedBuffer(frame, 2, 7);
        ByteBuf c = Unpooled.wrappedBuffer(frame, 9, frame.length - 9);

        channel.writeInbound(a);
        channel.writeInbound(b);
        assertThat(channel.inboundMessages()).isEmpty();
        time.sleep(5);
        channel.writeInbound(c);

        Frame decoded = channel.readInbound();
        assertThat(decoded.receivedNanos()).isEqualTo(time.nanoseconds());
        assertThat(payload(decoded)).isEqualTo("split across three reads");
        assertThat(a.refCnt() + b.refCnt() + c.refCnt()).isZero();
    }

    @Test
    void aFrameSharesTheReceivedBytesUntilItIsReleased() {
        ByteBuf input = Unpooled.directBuffer().writeBytes(framed("no copy"));

        channel.writeInbound(input);
        Frame frame = channel.readInbound();

        assertThat(input.refCnt()).isPositive();
        assertThat(frame.payload().isDirect()).isTrue();
        input.setByte(4, 'N');
        assertThat(StandardCharsets.UTF_8.decode(frame.payload().duplicate()).toString()).isEqualTo("No copy");
        frame.release();
        assertThat(input.refCnt()).isZero();
    }

    @Test
    void acceptsAnEmptyFrameAndOneOfExactlyTheMaximumSize() {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 0}));
        channel.writeInbound(Unpooled.buffer().writeInt(MAX).writeZero(MAX));

        assertThat(payload(channel.readInbound())).isEmpty();
        assertThat(payload(channel.readInbound())).hasSize(MAX);
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void closesTheConnectionOnAnOversizePrefixBeforeReadingTheBody() {
        ByteBuf input = Unpooled.buffer().writeInt(MAX + 1).writeZero(10);

        channel.writeInbound(input);

        assertThat(channel.isActive()).isFalse();
        assertThat(channel.inboundMessages()).isEmpty();
        assertThat(input.refCnt()).isZero();
    }

    @Test
    void closesTheConnectionOnANegativePrefix() {
        channel.writeInbound(Unpooled.buffer().writeInt(-1).writeZero(3));

        assertThat(channel.isActive()).isFalse();
        assertThat(channel.inboundMessages()).isEmpty();
    }

    @Test
    void discardsBytesArrivingInTheSameReadAfterABadPrefix() {
        ByteBuf input = Unpooled.buffer().writeInt(Integer.MAX_VALUE).writeBytes(framed("ignored"));

        channel.writeInbound(input);

        assertThat(channel.inboundMessages()).isEmpty();
        assertThat(input.refCnt()).isZero();
    }

    @Test
    void doesNotAllocateTheAnnouncedSizeOfAnIncompleteFrame() {
        FrameDecoder large = new FrameDecoder(FrameDecoder.DEFAULT_MAX_FRAME_BYTES, time);
        EmbeddedChannel ch = new EmbeddedChannel(large);
        ch.writeInbound(Unpooled.buffer().writeInt(FrameDecoder.DEFAULT_MAX_FRAME_BYTES).writeZero(100));

        assertThat(ch.inboundMessages()).isEmpty();
        assertThat(large.cumulationCapacity()).isLessThan(64 * 1024);
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void releasesAPartialFrameWhenTheConnectionCloses() {
        ByteBuf partial = Unpooled.directBuffer().writeInt(100).writeZero(50);
        channel.writeInbound(partial);
        assertThat(channel.inboundMessages()).isEmpty();

        channel.close();

        assertThat(partial.refCnt()).isZero();
        assertThat(decoder.cumulationCapacity()).isZero();
    }

    private static byte[] framed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array();
    }

    /** The frame's bytes as text; releases the frame. */
    private static String payload(Object frame) {
        Frame f = (Frame) frame;
        try {
            return StandardCharsets.UTF_8.decode(f.payload().duplicate()).toString();
        } finally {
            f.release();
        }
    }
}
