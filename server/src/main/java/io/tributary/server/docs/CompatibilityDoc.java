package io.tributary.server.docs;

import io.tributary.network.api.ApiHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Renders docs/compatibility.md from the handlers a node actually registers, so the document
 * cannot drift from what ApiVersions advertises. A test compares the committed file with a fresh
 * rendering; {@link #main} rewrites it.
 */
public final class CompatibilityDoc {

    private CompatibilityDoc() {}

    public static String render(Collection<ApiHandler> handlers) {
        List<ApiHandler> sorted = handlers.stream().sorted(Comparator.comparingInt(h -> h.apiKey().id)).toList();
        StringBuilder sb = new StringBuilder();
        sb.append("# Kafka protocol compatibility\n\n");
        sb.append("Generated from the request handlers Tributary registers (the same registry its ApiVersions\n");
        sb.append("response is built from). Regenerate it as the javadoc of CompatibilityDocTest says; a test\n");
        sb.append("fails when this file and the code disagree.\n\n");
        sb.append("Versions are those of `org.apache.kafka:kafka-clients` ").append(kafkaVersion())
                .append(", whose message classes Tributary uses.\n\n");
        sb.append("| API key | Name | Tributary versions | kafka-clients versions |\n");
        sb.append("| ---: | --- | --- | --- |\n");
        for (ApiHandler h : sorted) {
            ApiKeys k = h.apiKey();
            sb.append("| ").append(k.id).append(" | ").append(name(k)).append(" | ")
                    .append(h.minVersion()).append("–").append(h.maxVersion()).append(" | ")
                    .append(k.oldestVersion()).append("–").append(k.latestVersion()).append(" |\n");
        }
        sb.append("\nEvery other API key is not advertised. A request for an API key this broker does not\n");
        sb.append("serve, or for a version outside the range above, closes the connection (ApiVersions\n");
        sb.append("itself answers UNSUPPORTED_VERSION with its own range, as KIP-511 describes).\n");
        sb.append("An ApiVersions v5+ request that names a cluster id and node id other than this node's\n");
        sb.append("gets REBOOTSTRAP_REQUIRED (KIP-1242), as from Apache Kafka 4.4.\n");
        return sb.toString();
    }

    private static String name(ApiKeys k) {
        StringBuilder sb = new StringBuilder();
        for (String part : k.name().split("_")) {
            sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return sb.toString();
    }

    /** The version kafka-clients records in its jar (what its own, internal, AppInfoParser reads). */
    private static String kafkaVersion() {
        Properties props = new Properties();
        try (InputStream in = ApiKeys.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props.getProperty("version", "unknown");
    }

    public static void write(Path file, Collection<ApiHandler> handlers) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(handlers), StandardCharsets.UTF_8);
    }
}
