package io.spate.jobspec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spate.config.Durations;
import io.spate.transform.ConfigKey;
import io.spate.transform.ConfigType;
import io.spate.transform.TransformCatalog;
import io.spate.transform.TransformDescriptor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published JSON Schema (src-docs/job-spec.schema.json) says what the parser accepts: the same
 * keys, types, config keys, bounds and defaults, so the two cannot drift apart.
 */
class JobSpecSchemaTest {

    private static JsonNode schema;

    @BeforeAll
    static void readSchema() throws Exception {
        schema =
                new ObjectMapper()
                        .readTree(Repo.root().resolve("src-docs/job-spec.schema.json").toFile());
    }

    private static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.textValue()));
        return texts;
    }

    @Test
    void isDraft2020AndNamesTheParsersKeys() {
        JsonNode props = schema.get("properties");
        assertThat(schema.get("$schema").textValue())
                .isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(keys(props)).isEqualTo(JobSpecTreeReader.TOP_LEVEL_KEYS);
        assertThat(texts(schema.get("required"))).containsExactly("name", "pipeline");
        assertThat(keys(props.get("checkpoints").get("properties")))
                .isEqualTo(JobSpecTreeReader.CHECKPOINT_KEYS);
        assertThat(keys(props.get("restart").get("properties")))
                .isEqualTo(JobSpecTreeReader.RESTART_KEYS);
        assertThat(keys(props.get("pipeline").get("properties")))
                .isEqualTo(JobSpecTreeReader.PIPELINE_KEYS);
        assertThat(keys(schema.at("/$defs/transform/properties")))
                .isEqualTo(JobSpecTreeReader.TRANSFORM_KEYS);
        assertThat(props.at("/parallelism/default").intValue())
                .isEqualTo(JobSpec.DEFAULT_PARALLELISM);
        assertThat(props.at("/maxParallelism/default").intValue())
                .isEqualTo(JobSpec.DEFAULT_MAX_PARALLELISM);
        assertThat(props.at("/maxParallelism/maximum").intValue())
                .isEqualTo(io.spate.jobgraph.KeyGroups.MAX_MAX_PARALLELISM);
        assertThat(Durations.parse(props.at("/watermarkInterval/default").textValue()))
                .isEqualTo(JobSpec.DEFAULT_WATERMARK_INTERVAL);
        assertThat(schema.at("/$defs/parallelism/maximum").intValue())
                .isEqualTo(JobGraphCompiler.MAX_PARALLELISM);
        assertThat(Durations.parse(props.at("/bufferTimeout/default").textValue()))
                .isEqualTo(JobSpec.DEFAULT_BUFFER_TIMEOUT);
        assertThat(props.at("/restart/properties/attempts/default").intValue())
                .isEqualTo(RestartSpec.DEFAULT.attempts());
        assertThat(Durations.parse(props.at("/restart/properties/delay/default").textValue()))
                .isEqualTo(RestartSpec.DEFAULT.delay());
    }

    @Test
    void typeEnumIsTheCatalog() {
        assertThat(texts(schema.at("/$defs/transform/properties/type/enum")))
                .isEqualTo(TransformCatalog.BUILT_IN.typeNames());
        List<String> conditioned = new ArrayList<>();
        schema.at("/$defs/transform/allOf")
                .forEach(c -> conditioned.add(c.at("/if/properties/type/const").textValue()));
        assertThat(conditioned).isEqualTo(TransformCatalog.BUILT_IN.typeNames());
    }

    @Test
    void everyTransformsConfigMatchesItsDescriptor() {
        for (TransformDescriptor d : TransformCatalog.BUILT_IN.descriptors()) {
            JsonNode config = schema.get("$defs").get("config." + d.type());
            assertThat(config).as(d.type()).isNotNull();
            assertThat(config.get("additionalProperties").booleanValue()).isFalse();
            assertThat(keys(config.get("properties"))).as(d.type()).isEqualTo(d.configKeyNames());
            List<String> required =
                    d.configKeys().stream()
                            .filter(ConfigKey::required)
                            .map(ConfigKey::name)
                            .toList();
            assertThat(config.has("required") ? texts(config.get("required")) : List.of())
                    .as(d.type())
                    .isEqualTo(required);
            checkKeys(config, d.configKeys(), d.type());
        }
    }

    /** Each key's type, bounds and default, into nested mappings and lists of mappings. */
    private static void checkKeys(JsonNode object, List<ConfigKey> keys, String owner) {
        for (ConfigKey key : keys) {
            JsonNode p = resolve(object.get("properties").get(key.name()));
            String what = owner + "." + key.name();
            switch (key.type()) {
                case LONG -> {
                    assertThat(p.get("type").textValue()).as(what).isEqualTo("integer");
                    assertThat(p.has("minimum") ? p.get("minimum").longValue() : Long.MIN_VALUE)
                            .as(what)
                            .isEqualTo(key.min());
                }
                case STRING -> {
                    if (key.choices().isEmpty()) {
                        assertThat(p.get("type").textValue()).as(what).isEqualTo("string");
                    } else {
                        assertThat(texts(p.get("enum"))).as(what).isEqualTo(key.choices());
                    }
                }
                case BOOLEAN -> assertThat(p.get("type").textValue()).as(what).isEqualTo("boolean");
                case DURATION ->
                        assertThat(p.get("$ref").textValue())
                                .as(what)
                                .isEqualTo("#/$defs/duration");
                case MAPPING -> checkMapping(p, key.fields(), what);
                case STRING_MAP -> {
                    assertThat(p.get("type").textValue()).as(what).isEqualTo("object");
                    // strings: any (an expression), or an enum of them (a field type)
                    JsonNode values = p.get("additionalProperties");
                    assertThat(
                                    values.path("type").asText().equals("string")
                                            || values.path("enum").isArray())
                            .as(what + ": additionalProperties %s", values)
                            .isTrue();
                    assertThat(p.get("minProperties").intValue()).as(what).isEqualTo(1);
                }
                case LIST -> {
                    assertThat(p.get("type").textValue()).as(what).isEqualTo("array");
                    checkMapping(p.get("items"), key.fields(), what + "[]");
                }
            }
            if (key.type() != ConfigType.MAPPING
                    && key.type() != ConfigType.LIST
                    && key.type() != ConfigType.STRING_MAP) {
                Object expected = key.defaultValue().orElse(null);
                Object actual = p.has("default") ? key.type().read(p.get("default")) : null;
                assertThat(actual).as(what + " default").isEqualTo(expected);
            }
        }
    }

    private static void checkMapping(JsonNode p, List<ConfigKey> fields, String what) {
        assertThat(p.get("additionalProperties").booleanValue()).as(what).isFalse();
        assertThat(keys(p.get("properties")))
                .as(what)
                .isEqualTo(fields.stream().map(ConfigKey::name).toList());
        List<String> required =
                fields.stream().filter(ConfigKey::required).map(ConfigKey::name).toList();
        assertThat(p.has("required") ? texts(p.get("required")) : List.of())
                .as(what)
                .isEqualTo(required);
        checkKeys(p, fields, what);
    }

    /** Follows a {@code $ref} to a mapping of $defs (durations stay refs). */
    private static JsonNode resolve(JsonNode p) {
        if (p.has("$ref") && !p.get("$ref").textValue().equals("#/$defs/duration")) {
            return schema.at(p.get("$ref").textValue().substring(1));
        }
        return p;
    }

    @Test
    void durationPatternAgreesWithTheParser() {
        Pattern pattern = Pattern.compile(schema.at("/$defs/duration/oneOf/0/pattern").textValue());
        for (String ok : new String[] {"5ms", "1s", "200ms", "2m", "1h", "7ns", "250us", "150"}) {
            assertThat(pattern.matcher(ok).find()).as(ok).isTrue();
            assertThat(Durations.parse(ok)).isGreaterThanOrEqualTo(Duration.ZERO);
        }
        for (String bad : new String[] {"-5ms", "1.5s", "5d", "soon"}) {
            assertThat(pattern.matcher(bad).find()).as(bad).isFalse();
        }
        assertThat(ConfigType.DURATION.specName()).isEqualTo("duration");
    }

    @ParameterizedTest
    @MethodSource("io.spate.jobspec.ExamplesTest#examples")
    void coversEveryExample(Path example) throws Exception {
        JsonNode spec = new YAMLMapper().readTree(example.toFile());
        List<String> types = texts(schema.at("/$defs/transform/properties/type/enum"));

        assertThat(keys(schema.get("properties"))).containsAll(keys(spec));
        for (JsonNode t : spec.at("/pipeline/transforms")) {
            String type = t.get("type").textValue();
            assertThat(types).contains(type);
            assertThat(keys(schema.at("/$defs/transform/properties"))).containsAll(keys(t));
            if (t.has("config")) {
                assertThat(keys(schema.get("$defs").get("config." + type).get("properties")))
                        .containsAll(keys(t.get("config")));
            }
        }
    }
}
