package io.spate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.spate.cli.rest.CoordinatorClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./spate run JOB --jar FILE}: the jar is uploaded as Flink's CLI does, then named in jars.
 */
class RunWithJarTest {

    @TempDir Path dir;

    @Test
    void uploadsTheJarAsMultipartJarfileThenSubmitsTheSpecWithItsId() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/jars/upload",
                x -> {
                    seen.put("upload-type", x.getRequestHeaders().getFirst("Content-Type"));
                    seen.put(
                            "upload",
                            new String(
                                    x.getRequestBody().readAllBytes(),
                                    StandardCharsets.ISO_8859_1));
                    byte[] answer =
                            "{\"filename\": \"/data/jars/0b7e1c2a-3f4d-4e5f-8a9b-0c1d2e3f4a5b_fn.jar\", \"status\": \"success\"}"
                                    .getBytes(StandardCharsets.UTF_8);
                    x.sendResponseHeaders(200, answer.length);
                    x.getResponseBody().write(answer);
                    x.close();
                });
        server.createContext(
                "/jobs",
                x -> {
                    seen.put("job-type", x.getRequestHeaders().getFirst("Content-Type"));
                    seen.put(
                            "job",
                            new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    byte[] answer = "{\"jobid\": \"abc\"}".getBytes(StandardCharsets.UTF_8);
                    x.sendResponseHeaders(202, answer.length);
                    x.getResponseBody().write(answer);
                    x.close();
                });
        server.start();
        try {
            Path jar = dir.resolve("fn.jar");
            Files.write(jar, new byte[] {'P', 'K', 3, 4, 42});
            Path spec = dir.resolve("job.yaml");
            byte[] body =
                    """
                    name: j
                    pipeline:
                      transforms:
                        - {type: Sequence, config: {to: 3}}
                        - {type: JavaFunction, config: {class: com.example.Enrich}}
                        - {type: Discard}
                    """
                            .getBytes(StandardCharsets.UTF_8);
            CoordinatorClient client =
                    new CoordinatorClient(
                            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                            Optional.empty());
            String id =
                    JobSubmission.submitWithJars(
                            client,
                            spec,
                            body,
                            List.of(jar),
                            new PrintStream(new ByteArrayOutputStream()));
            assertThat(id).isEqualTo("abc");
            assertThat(seen.get("upload-type")).startsWith("multipart/form-data; boundary=");
            assertThat(seen.get("upload"))
                    .contains(
                            "Content-Disposition: form-data; name=\"jarfile\"; filename=\"fn.jar\"")
                    .contains("PK\u0003\u0004*");
            assertThat(seen.get("job-type")).isEqualTo("application/json");
            JsonNode submitted = new ObjectMapper().readTree(seen.get("job"));
            assertThat(submitted.path("jars").get(0).asText())
                    .isEqualTo("0b7e1c2a-3f4d-4e5f-8a9b-0c1d2e3f4a5b_fn.jar");
            assertThat(submitted.path("pipeline").path("transforms").size()).isEqualTo(3);
        } finally {
            server.stop(0);
        }
    }
}
