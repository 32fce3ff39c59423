package io.spate.jobspec;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.transform.ConfigType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A job spec's top-level {@code jars: [<jarid>, ...]}: the ids {@code POST /jars/upload} answered,
 * {@code <uuid>_<file name>.jar} as Flink makes them. Whether they exist is the coordinator's check
 * at submission; here only their form, which also keeps an id a single file name.
 */
public final class UserJarIds {

    /** A jar id: a UUID, an underscore, the uploaded file's name (safe characters only), .jar. */
    public static final Pattern ID =
            Pattern.compile(
                    "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}_[A-Za-z0-9._-]{1,200}\\.jar");

    private UserJarIds() {}

    static List<String> read(JsonNode node, SpecErrors errors) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(
                    "jars",
                    "expected a list of jar ids (from POST /jars/upload), got "
                            + ConfigType.shortText(node));
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode id = node.get(i);
            if (!id.isTextual() || !ID.matcher(id.textValue()).matches()) {
                errors.add(
                        "jars[" + i + "]",
                        "not a jar id (<uuid>_<name>.jar, as POST /jars/upload answers): "
                                + ConfigType.shortText(id));
            } else if (ids.contains(id.textValue())) {
                errors.add("jars[" + i + "]", "listed twice: " + id.textValue());
            } else {
                ids.add(id.textValue());
            }
        }
        return ids;
    }
}
