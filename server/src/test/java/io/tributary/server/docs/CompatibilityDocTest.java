package io.tributary.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.server.Tributary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

/**
 * docs/compatibility.md must be exactly what the running code advertises. To regenerate after
 * adding a handler: {@code bin/test -pl server -Dtest=CompatibilityDocTest -Dtributary.docs.update=true}.
 */
class CompatibilityDocTest {

    @Test
    void committedDocumentMatchesTheRegisteredHandlers() throws Exception {
        Path doc = Path.of("..", "docs", "compatibility.md");
        try (Tributary node = Tributary.embedded().start()) {
            String expected = CompatibilityDoc.render(node.apis());
            assertThat(expected).contains("| 18 | ApiVersions |").contains("| 0 | Produce |");
            if (Boolean.getBoolean("tributary.docs.update")) {
                CompatibilityDoc.write(doc, node.apis());
            }
            assertThat(node.apis()).anyMatch(h -> h.apiKey() == ApiKeys.API_VERSIONS);
            assertThat(Files.exists(doc)).as("docs/compatibility.md exists").isTrue();
            assertThat(Files.readString(doc, StandardCharsets.UTF_8))
                    .as("docs/compatibility.md is stale: regenerate it (see this test's javadoc)")
                    .isEqualTo(expected);
        }
    }
}
