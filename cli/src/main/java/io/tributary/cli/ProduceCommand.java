package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tributary produce TOPIC}: one record per input line, from stdin or {@code --file}.
 *
 * <p>Text lines are values, or {@code key<SEP>value} with {@code --key-separator SEP}. With
 * {@code --format json} each line is an object {@code {"key":..., "value":..., "headers":{...},
 * "partition":N}} (a value that is not a string is sent as its JSON text).
 */
@Command(name = "produce", description = "Send lines from stdin (or --file) to a topic, one record per line.")
final class ProduceCommand extends Base {

    enum InputFormat { text, json }

    @Parameters(paramLabel = "TOPIC") String topic;
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read this file instead of stdin.")
    Path file;
    @Option(names = {"-K", "--key-separator"}, paramLabel = "SEP",
            description = "Split each text line at the first SEP into key and value.")
    String keySeparator;
    @Option(names = {"-H", "--header"}, paramLabel = "KEY=VALUE",
            description = "A header for every record (repeatable).")
    List<String> headers = new ArrayList<>();
    @Option(names = "--format", defaultValue = "text",
            description = "Input lines: text or json (default: ${DEFAULT-VALUE}).")
    InputFormat format;
    @Option(names = {"-p", "--partition"}, paramLabel = "N", description = "Send every record to this partition.")
    Integer partition;
    @Option(names = "--rate", paramLabel = "N", description = "At most N records per second.")
    Double rate;
    @Option(names = "--acks", defaultValue = "all", description = "0, 1 or all (default: ${DEFAULT-VALUE}).")
    String acks;
    @Option(names = "--progress", negatable = true,
            description = "Show a progress bar on stderr (default: when stderr is a terminal).")
    Boolean progress;

    @Override
    int execute() throws Exception {
        if (rate != null && rate <= 0) {
            throw usage("--rate must be positive");
        }
        if (keySeparator != null && keySeparator.isEmpty()) {
            throw usage("--key-separator must not be empty");
        }
        Map<String, String> fixedHeaders = keyValues(headers, "--header");
        InputStream in;
        long total = -1;
        if (file != null) {
            try {
                in = Files.newInputStream(file);
                total = Files.size(file);
            } catch (NoSuchFileException e) {
                throw new CliException(ExitCodes.USAGE, "no such file: " + file, null);
            }
        } else {
            in = System.in;
        }
        CountingInputStream counting = new CountingInputStream(in);
        Properties extra = new Properties();
        extra.put(ProducerConfig.ACKS_CONFIG, acks);
        boolean showProgress = progress != null ? progress : Terminal.isTerminal(2);
        AtomicLong sent = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long startNanos = System.nanoTime();
        long intervalNanos = rate == null ? 0 : (long) (1e9 / rate);
        long next = System.nanoTime();
        long lineNo = 0;
        ProgressBar bar = showProgress ? new ProgressBar(err(), counting::count, total) : null;
        try (KafkaProducer<byte[], byte[]> producer = clients().producer(extra);
                BufferedReader reader = new BufferedReader(new InputStreamReader(counting, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null && failure.get() == null) {
                lineNo++;
                if (line.isEmpty() && format == InputFormat.json) {
                    continue;
                }
                ProducerRecord<byte[], byte[]> record = record(line, lineNo, fixedHeaders);
                if (intervalNanos > 0) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    next = Math.max(next + intervalNanos, System.nanoTime() - intervalNanos);
                }
                producer.send(record, (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        sent.incrementAndGet();
                        if (bar != null) {
                            bar.record();
                        }
                    }
                });
            }
            producer.flush();
        } finally {
            if (bar != null) {
                bar.finish();
            }
        }
        if (failure.get() != null) {
            CliException c = Errors.translate(failure.get(), clients().bootstrap().servers());
            throw new CliException(c.exitCode(), "sent " + sent.get() + " records, then: " + c.getMessage(),
                    c.hint(), failure.get());
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        PrintWriter err = err();
        err.printf(java.util.Locale.ROOT, "Produced %d records to %s in %.2f s.%n", sent.get(), topic, seconds);
        err.flush();
        return ExitCodes.OK;
    }

    private ProducerRecord<byte[], byte[]> record(String line, long lineNo, Map<String, String> fixedHeaders) {
        byte[] key = null;
        byte[] value;
        Integer p = partition;
        List<org.apache.kafka.common.header.Header> hs = new ArrayList<>();
        if (format == InputFormat.json) {
            JsonNode node;
            try {
                node = Output.JSON.readTree(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new CliException(ExitCodes.FAILED, "line " + lineNo + " is not JSON: " + e.getOriginalMessage(),
                        "With --format json each line is {\"key\":...,\"value\":...,\"headers\":{...}}.");
            }
            if (!node.isObject()) {
                throw new CliException(ExitCodes.FAILED, "line " + lineNo + " is not a JSON object",
                        "With --format json each line is {\"key\":...,\"value\":...,\"headers\":{...}}.");
            }
            key = bytes(node.get("key"));
            value = bytes(node.get("value"));
            JsonNode h = node.get("headers");
            if (h != null && h.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    hs.add(new RecordHeader(e.getKey(), bytes(e.getValue())));
                }
            }
            if (node.hasNonNull("partition")) {
                p = node.get("partition").asInt();
            }
        } else if (keySeparator != null) {
            int at = line.indexOf(keySeparator);
            if (at < 0) {
                throw new CliException(ExitCodes.FAILED,
                        "line " + lineNo + " has no key separator '" + keySeparator + "'",
                        "Each line must be KEY" + keySeparator + "VALUE with --key-separator.");
            }
            key = line.substring(0, at).getBytes(StandardCharsets.UTF_8);
            value = line.substring(at + keySeparator.length()).getBytes(StandardCharsets.UTF_8);
        } else {
            value = line.getBytes(StandardCharsets.UTF_8);
        }
        fixedHeaders.forEach((k, v) -> hs.add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        return new ProducerRecord<>(topic, p, null, key, value, hs);
    }

    private static byte[] bytes(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return (node.isTextual() ? node.asText() : node.toString()).getBytes(StandardCharsets.UTF_8);
    }

    /** Counts the bytes read, for the progress bar of a file. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private final AtomicLong count = new AtomicLong();

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count.get();
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }

}
