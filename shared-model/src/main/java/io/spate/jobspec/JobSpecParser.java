package io.spate.jobspec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spate.transform.TransformCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads and validates a job spec (src-docs/contracts.md §4) from YAML or JSON. Every problem is
 * reported at once in one {@link JobSpecException}: syntax errors with line and column, everything
 * else with its path in the spec.
 */
public final class JobSpecParser {

    // Duplicate keys are an error, not "last one wins": a spec with two `config`s is a mistake.
    private static final ObjectMapper YAML =
            YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private JobSpecParser() {}

    /** Parses, validates, and fills in defaults. */
    public static JobSpec parse(String text, JobSpecFormat format) throws JobSpecException {
        JsonNode tree;
        try {
            tree = (format == JobSpecFormat.JSON ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            throw new JobSpecException(List.of(syntaxError(e)));
        }
        SpecErrors errors = new SpecErrors();
        JobSpecTreeReader reader = new JobSpecTreeReader(TransformCatalog.BUILT_IN, errors);
        Optional<JobSpec> spec = reader.read(tree);
        if (spec.isPresent() && !spec.get().transforms().isEmpty()) {
            new PipelineResolver(
                            spec.get(),
                            TransformCatalog.BUILT_IN,
                            errors,
                            reader.brokenTransforms())
                    .resolve();
        }
        errors.throwIfAny();
        return spec.orElseThrow();
    }

    public static JobSpec parse(byte[] utf8, JobSpecFormat format) throws JobSpecException {
        return parse(new String(utf8, StandardCharsets.UTF_8), format);
    }

    /** Reads a {@code .yaml}/{@code .yml} or {@code .json} file. */
    public static JobSpec parse(Path file) throws JobSpecException, IOException {
        return parse(
                Files.readString(file), JobSpecFormat.forFileName(file.getFileName().toString()));
    }

    private static String syntaxError(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where =
                at == null || at.getLineNr() < 1
                        ? "spec"
                        : "line " + at.getLineNr() + ", column " + at.getColumnNr();
        String message =
                e.getOriginalMessage() == null
                        ? e.getClass().getSimpleName()
                        : e.getOriginalMessage();
        return where + ": " + message.replaceAll("\\s+", " ").trim();
    }
}
