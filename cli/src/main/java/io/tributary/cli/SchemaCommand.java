package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary schema ...}: the schema registry on the node's HTTP listener, through its REST API. */
@Command(name = "schema", description = "Manage schemas in the schema registry.",
        subcommands = {SchemaCommand.Subjects.class, SchemaCommand.Versions.class, SchemaCommand.Get.class,
            SchemaCommand.Register.class, SchemaCommand.Check.class, SchemaCommand.Delete.class,
            SchemaCommand.Compatibility.class})
final class SchemaCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a schema command is required");
    }

    /** What every schema command shares: the registry's URL and the output format. */
    abstract static class RegistryBase extends Base {
        @Option(names = "--registry", paramLabel = "URL",
                description = "The schema registry (default: TRIBUTARY_REGISTRY_URL, else http://127.0.0.1:8081).")
        String registry;

        @Option(names = "--format", description = "table or json (default: ${DEFAULT-VALUE}).", defaultValue = "table")
        Output.Format format;

        RegistryClient registry() {
            String url = registry != null ? registry : System.getenv("TRIBUTARY_REGISTRY_URL");
            return new RegistryClient(url == null || url.isBlank() ? "http://127.0.0.1:8081" : url,
                    Duration.ofMillis(root().timeoutMs));
        }

        static String subjectPath(String subject) {
            return "/subjects/" + RegistryClient.encode(subject);
        }

        /** Prints {@code json} as JSON, or {@code text} for a person. */
        int print(JsonNode json, String text) {
            if (format == Output.Format.json) {
                Output.json(out(), json);
            } else {
                out().println(text);
            }
            return ExitCodes.OK;
        }
    }

    /** A schema given on the command line or in a file, with its type. */
    abstract static class SchemaInput extends RegistryBase {
        @Option(names = "--file", paramLabel = "PATH", description = "Read the schema from this file.")
        Path file;

        @Option(names = "--schema", paramLabel = "TEXT", description = "The schema text itself.")
        String text;

        @Option(names = "--type", description = "AVRO, JSON or PROTOBUF (default: from the file's extension "
                + "(.avsc, .json, .proto), else AVRO).")
        String type;

        ObjectNode body() {
            if ((file == null) == (text == null)) {
                throw usage("give the schema with exactly one of --file and --schema");
            }
            String schema;
            try {
                schema = file != null ? Files.readString(file, StandardCharsets.UTF_8) : text;
            } catch (IOException e) {
                throw CliException.failed("cannot read " + file + ": " + e.getMessage(), null);
            }
            ObjectNode body = Output.JSON.createObjectNode().put("schema", schema);
            body.put("schemaType", schemaType());
            return body;
        }

        private String schemaType() {
            if (type != null) {
                return type.toUpperCase(java.util.Locale.ROOT);
            }
            String name = file == null ? "" : file.getFileName().toString();
            return name.endsWith(".proto") ? "PROTOBUF" : name.endsWith(".json") ? "JSON" : "AVRO";
        }
    }

    @Command(name = "subjects", description = "List the subjects.")
    static final class Subjects extends RegistryBase {
        @Option(names = "--deleted", description = "Include soft-deleted subjects.")
        boolean deleted;

        @Option(names = "--prefix", description = "Only subjects starting with this.")
        String prefix;

        @Override
        int execute() {
            String q = "?deleted=" + deleted
                    + (prefix == null ? "" : "&subjectPrefix=" + RegistryClient.encode(prefix));
            JsonNode subjects = registry().get("/subjects" + q);
            List<String> lines = new ArrayList<>();
            subjects.forEach(s -> lines.add(s.asText()));
            return print(subjects, String.join("\n", lines));
        }
    }

    @Command(name = "versions", description = "List the versions of a subject.")
    static final class Versions extends RegistryBase {
        @Parameters(paramLabel = "SUBJECT")
        String subject;

        @Override
        int execute() {
            JsonNode versions = registry().get(subjectPath(subject) + "/versions");
            List<String> lines = new ArrayList<>();
            versions.forEach(v -> lines.add(v.asText()));
            return print(versions, String.join("\n", lines));
        }
    }

    @Command(name = "get", description = "Show a subject's version (default: latest), or a schema by --id.")
    static final class Get extends RegistryBase {
        @Parameters(paramLabel = "SUBJECT", arity = "0..1")
        String subject;

        @Option(names = "--version", defaultValue = "latest", description = "Version number or latest.")
        String version;

        @Option(names = "--id", description = "A schema id instead of a subject.")
        Integer id;

        @Override
        int execute() {
            if ((subject == null) == (id == null)) {
                throw usage("give a SUBJECT or --id");
            }
            JsonNode s = id != null ? registry().get("/schemas/ids/" + id)
                    : registry().get(subjectPath(subject) + "/versions/" + RegistryClient.encode(version));
            if (format == Output.Format.json) {
                return print(s, null);
            }
            if (s.has("subject")) {
                out().println("Subject: " + s.get("subject").asText() + "  version: " + s.get("version").asText()
                        + "  id: " + s.get("id").asText());
            }
            out().println("Type:    " + s.path("schemaType").asText("AVRO"));
            out().println(s.path("schema").asText());
            return ExitCodes.OK;
        }
    }

    @Command(name = "register", description = "Register a schema under a subject; prints its id.")
    static final class Register extends SchemaInput {
        @Parameters(paramLabel = "SUBJECT")
        String subject;

        @Override
        int execute() {
            JsonNode r = registry().post(subjectPath(subject) + "/versions", body());
            return print(r, "Registered under " + subject + " with id " + r.path("id").asText() + ".");
        }
    }

    @Command(name = "check", description = "Check a schema against a subject's versions (its compatibility level).")
    static final class Check extends SchemaInput {
        @Parameters(paramLabel = "SUBJECT")
        String subject;

        @Override
        int execute() {
            JsonNode r = registry().post("/compatibility" + subjectPath(subject) + "/versions?verbose=true", body());
            boolean ok = r.path("is_compatible").asBoolean();
            List<String> lines = new ArrayList<>();
            lines.add(ok ? "Compatible." : "Incompatible:");
            r.path("messages").forEach(m -> lines.add("  " + m.asText()));
            print(r, String.join("\n", lines));
            return ok ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    @Command(name = "delete", description = "Delete a subject, or one --version of it (soft unless --permanent).")
    static final class Delete extends RegistryBase {
        @Parameters(paramLabel = "SUBJECT")
        String subject;

        @Option(names = "--version", description = "Only this version (a number or latest).")
        String version;

        @Option(names = "--permanent", description = "Delete permanently (after a soft delete).")
        boolean permanent;

        @Override
        int execute() {
            String path = subjectPath(subject) + (version == null ? "" : "/versions/" + RegistryClient.encode(version))
                    + (permanent ? "?permanent=true" : "");
            JsonNode r = registry().delete(path);
            return print(r, "Deleted " + subject + (r.isArray() ? " versions " : " version ") + r + ".");
        }
    }

    @Command(name = "compatibility", description = "Show or --set the compatibility level (global without SUBJECT).")
    static final class Compatibility extends RegistryBase {
        @Parameters(paramLabel = "SUBJECT", arity = "0..1")
        String subject;

        @Option(names = "--set", paramLabel = "LEVEL",
                description = "NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, "
                        + "FULL_TRANSITIVE.")
        String level;

        @Override
        int execute() {
            String path = subject == null ? "/config" : "/config/" + RegistryClient.encode(subject);
            if (level != null) {
                JsonNode r = registry().put(path, Output.JSON.createObjectNode().put("compatibility", level));
                return print(r, "Compatibility of " + (subject == null ? "the registry" : subject) + " set to "
                        + r.path("compatibility").asText() + ".");
            }
            JsonNode r = registry().get(path + (subject == null ? "" : "?defaultToGlobal=true"));
            return print(r, r.path("compatibilityLevel").asText());
        }
    }
}
