package io.spate.jobspec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.spate.transform.TransformCatalog;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads and validates a job spec (src-docs/contracts.md §4) from YAML or JSON. Every problem is
 * reported at once in one {@link JobSpecException}: syntax errors with line and column, everything
 * else with its path in the spec.
 */
public final class JobSpecParser {

    /** Deeper than any real spec; keeps a hostile one from costing stack or time. */
    public static final int MAX_NESTING_DEPTH = 64;

    /** The most characters a spec may have, whatever the caller's own size cap. */
    public static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

    private static final StreamReadConstraints CONSTRAINTS =
            StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxDocumentLength(MAX_CODE_POINTS)
                    .build();

    // Duplicate keys are an error, not "last one wins": a spec with two `config`s is a mistake.
    private static final ObjectMapper YAML =
            YAMLMapper.builder(
                            YAMLFactory.builder()
                                    .loaderOptions(loaderOptions())
                                    .streamReadConstraints(CONSTRAINTS)
                                    .build())
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .build();
    private static final ObjectMapper JSON =
            JsonMapper.builder(JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build())
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .build();

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setMaxAliasesForCollections(0);
        options.setAllowRecursiveKeys(false);
        return options;
    }

    private JobSpecParser() {}

    /** Parses, validates, and fills in defaults. */
    public static JobSpec parse(String text, JobSpecFormat format) throws JobSpecException {
        return parse(new StringReader(text), format);
    }

    /**
     * Parses from {@code text}, which the caller may make interruptible: an {@link
     * java.io.InterruptedIOException} from it ends the parse as a syntax error.
     */
    public static JobSpec parse(Reader text, JobSpecFormat format) throws JobSpecException {
        JsonNode tree;
        ObjectMapper mapper = format == JobSpecFormat.JSON ? JSON : YAML;
        try (JsonParser parser = noAliases(mapper.createParser(text))) {
            tree = mapper.readTree(parser);
            if (tree == null) {
                tree = mapper.missingNode();
            }
        } catch (JsonProcessingException e) {
            throw new JobSpecException(List.of(syntaxError(e)));
        } catch (IOException e) {
            throw new JobSpecException(List.of("spec: " + e.getMessage()));
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

    /**
     * Jackson reads a YAML alias ({@code *name}) as the string "name", not as what it names: a spec
     * with aliases would silently mean something else, and an alias bomb is best refused at its
     * first alias.
     */
    private static JsonParser noAliases(JsonParser parser) {
        if (!(parser instanceof YAMLParser yaml)) {
            return parser;
        }
        return new JsonParserDelegate(parser) {
            @Override
            public JsonToken nextToken() throws IOException {
                JsonToken token = super.nextToken();
                if (yaml.isCurrentAlias()) {
                    throw new JsonParseException(
                            yaml,
                            "YAML aliases (*"
                                    + yaml.getText()
                                    + ") are not supported in a job spec; write the value out");
                }
                return token;
            }
        };
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
