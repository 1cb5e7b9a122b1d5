package io.tributary.network;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Catches Netty's leak reports. Netty reports a leaked buffer when a later allocation finds it
 * garbage-collected but unreleased, so {@link #assertNoLeaks()} collects garbage and allocates
 * before looking. Runs with paranoid detection (every buffer tracked; set in the surefire config
 * and enforced here). It can miss a leak whose buffer is not yet collected, never invent one.
 */
public final class LeakDetection {

    private static final ListAppender<ILoggingEvent> APPENDER = install();

    private LeakDetection() {}

    private static synchronized ListAppender<ILoggingEvent> install() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        return appender;
    }

    /**
     * Makes sure detection is on and forgets earlier reports; call before the code under test
     * allocates, so a report is attributed to the test (or a test shortly before) that leaked.
     */
    public static void enable() {
        assertThat(APPENDER.isStarted()).isTrue();
        synchronized (APPENDER) {
            APPENDER.list.clear();
        }
    }

    public static void assertNoLeaks() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            for (int j = 0; j < 64; j++) {
                ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                buf.release();
            }
        }
        List<String> leaks;
        synchronized (APPENDER) {
            leaks = APPENDER.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("LEAK")).toList();
        }
        assertThat(leaks).as("Netty leak reports").isEmpty();
    }
}
