package io.tributary.server;

import io.netty.channel.epoll.Epoll;
import io.tributary.metadata.codec.MetadataBatchCodec;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the slowest one-time initialisations of a start on a background thread while the main
 * thread sets up logging, configuration and the logs, so that on a machine with two or more cores
 * they overlap instead of following each other: the JDK's memory mapping of files, the metadata
 * records' JSON codec, the Kafka protocol's message schemas ({@code ApiKeys}), Netty's epoll
 * native library, and the error tables the first client connection needs (Netty's errno strings,
 * Kafka's {@code Errors}, which builds one exception of each kind).
 *
 * <p>Nothing here changes behaviour: every step is a class initialisation or a cache fill the main
 * thread would otherwise do itself when it first gets there (it then finds the work done, or waits
 * on the JVM's class-initialisation lock until it is). A failure is ignored; the main thread meets
 * and reports it where it would have anyway.
 *
 * <p>Invariant: no step logs before the main thread has set up the logging ({@link #loggingReady()}).
 * SLF4J hands a logger asked for during its set-up a substitute that queues what is logged and
 * replays it afterwards with a warning on standard error; Netty logs as it initialises, so its step
 * waits. On a slow start (a cold page cache) the set-up takes long enough for that race to show.
 */
final class StartupWarmer {

    private static final CountDownLatch LOGGING_READY = new CountDownLatch(1);

    private StartupWarmer() {}

    /** Called by the main thread once the logging is set up; lets the steps that log go ahead. */
    static void loggingReady() {
        LOGGING_READY.countDown();
    }

    /** Starts the daemon thread {@code tributary-warm-up}; returns at once. */
    static void start() {
        Thread t = new Thread(StartupWarmer::run, "tributary-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        t.start();
    }

    private static void run() {
        try {
            // in the order the main thread needs them
            mapOnce();
            MetadataBatchCodec.warmUp();
            initialise("org.apache.kafka.common.protocol.ApiKeys");
            LOGGING_READY.await();
            boolean epoll = Epoll.isAvailable(); // loads Netty's epoll native library
            // what a client's first connection meets: every error code, the accept's errno strings
            initialise("org.apache.kafka.common.protocol.Errors");
            if (epoll) { // the native library registers what the errno table calls
                initialise("io.netty.channel.unix.Errors");
            }
        } catch (RuntimeException | LinkageError e) {
            // the main thread does the same work and reports what fails
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // nobody interrupts this thread; if so, it just stops
        }
    }

    /**
     * The JDK's first {@code FileChannel.map} creates the reflective constructor of its mapped
     * buffers, which spins method-handle classes (tens of milliseconds in the interpreter); the
     * main thread's first map is that of the first log segment's index. An empty read-only
     * mapping of a file every JDK has takes the same path and maps nothing.
     */
    private static void mapOnce() {
        Path any = Path.of(System.getProperty("java.home"), "release");
        try (FileChannel channel = FileChannel.open(any, StandardOpenOption.READ)) {
            channel.map(FileChannel.MapMode.READ_ONLY, 0, 0);
        } catch (IOException | RuntimeException e) {
            // nothing to warm here: the main thread's first map pays for it
        }
    }

    private static void initialise(String className) {
        try {
            Class.forName(className, true, StartupWarmer.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            // not on the class path: nothing to warm
        }
    }
}
