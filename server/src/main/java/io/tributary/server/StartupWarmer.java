package io.tributary.server;

import io.tributary.metadata.codec.MetadataBatchCodec;

/**
 * Runs the slowest one-time initialisations of a start on a background thread while the main
 * thread sets up logging, configuration and the logs, so that on a machine with two or more cores
 * they overlap instead of following each other: Jackson's metadata-record (de)serializers, the
 * Kafka protocol's message schemas ({@code ApiKeys}) and Netty's epoll native library.
 *
 * <p>Nothing here changes behaviour: every step is a class initialisation or a cache fill the main
 * thread would otherwise do itself when it first gets there (it then finds the work done, or waits
 * on the JVM's class-initialisation lock until it is). A failure is ignored; the main thread meets
 * and reports it where it would have anyway.
 */
final class StartupWarmer {

    private StartupWarmer() {}

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
            MetadataBatchCodec.warmUp();
            initialise("org.apache.kafka.common.protocol.ApiKeys");
            initialise("io.netty.channel.epoll.Epoll");
        } catch (RuntimeException | LinkageError e) {
            // the main thread does the same work and reports what fails
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
