package io.spate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.cli.rest.CoordinatorClient;
import io.spate.jobspec.JobSpec;
import io.spate.jobspec.JobSpecException;
import io.spate.jobspec.JobSpecFormat;
import io.spate.jobspec.JobSpecParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a job spec file and submits it; a refused spec becomes a {@link SpateCli.UsageException}.
 */
final class JobSubmission {

    private JobSubmission() {}

    static byte[] read(Path spec) {
        if (!Files.isRegularFile(spec)) {
            throw new SpateCli.UsageException("job spec " + spec + " does not exist");
        }
        try {
            return Files.readAllBytes(spec);
        } catch (IOException e) {
            throw new SpateCli.UsageException(
                    "cannot read job spec " + spec + ": " + e.getMessage());
        }
    }

    /**
     * Validates the spec here, so a bad one costs no cluster start (exit 2, every error listed).
     * The coordinator validates again: it is the authority.
     */
    static JobSpec validate(Path spec, byte[] body, PrintStream err) {
        try {
            return JobSpecParser.parse(
                    body, JobSpecFormat.forFileName(spec.getFileName().toString()));
        } catch (JobSpecException e) {
            err.println("spate: job spec " + spec + " is invalid:");
            e.errors().forEach(line -> err.println("  " + line));
            throw new SpateCli.UsageException(e.errors().size() + " error(s) in " + spec);
        }
    }

    /** The output paths of the spec's WriteToFiles sinks, for the summary. */
    static List<String> outputPaths(JobSpec spec) {
        return spec.transforms().stream()
                .filter(t -> t.type().equals("WriteToFiles"))
                .map(t -> t.config().getString("path"))
                .toList();
    }

    static String contentType(Path spec) {
        return spec.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")
                ? "application/json"
                : "application/yaml";
    }

    /**
     * Uploads {@code jars}, adds their ids to the spec's top-level {@code jars} and submits it (as
     * JSON); returns the job id.
     */
    static String submitWithJars(
            CoordinatorClient client, Path spec, byte[] body, List<Path> jars, PrintStream err)
            throws IOException {
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                throw new SpateCli.UsageException("jar " + jar + " does not exist");
            }
        }
        com.fasterxml.jackson.databind.ObjectMapper reader =
                contentType(spec).equals("application/json")
                        ? new com.fasterxml.jackson.databind.ObjectMapper()
                        : new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
        JsonNode tree = reader.readTree(body);
        if (!(tree instanceof com.fasterxml.jackson.databind.node.ObjectNode root)) {
            throw new SpateCli.UsageException("job spec " + spec + " is not a mapping");
        }
        com.fasterxml.jackson.databind.node.ArrayNode ids =
                root.get("jars") instanceof com.fasterxml.jackson.databind.node.ArrayNode a
                        ? a
                        : root.putArray("jars");
        for (Path jar : jars) {
            String id = client.uploadJar(jar);
            err.println("spate: uploaded " + jar + " as " + id);
            ids.add(id);
        }
        byte[] json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(root);
        return submit(client, spec, json, "application/json", err);
    }

    /** Submits and returns the job id; prints every error of a refused spec. */
    static String submit(CoordinatorClient client, Path spec, byte[] body, PrintStream err)
            throws IOException {
        return submit(client, spec, body, contentType(spec), err);
    }

    private static String submit(
            CoordinatorClient client, Path spec, byte[] body, String contentType, PrintStream err)
            throws IOException {
        CoordinatorClient.Answer answer = client.submit(body, contentType);
        if (answer.status() == 400) {
            err.println("spate: job spec " + spec + " is invalid:");
            for (JsonNode e : answer.body().path("errors")) {
                err.println("  " + e.asText());
            }
            throw new SpateCli.UsageException(
                    answer.body().path("errors").size() + " error(s) in " + spec);
        }
        if (!answer.ok()) {
            throw new IOException("POST /jobs answered " + answer.status() + ": " + answer.body());
        }
        return answer.body().path("jobid").asText();
    }
}
