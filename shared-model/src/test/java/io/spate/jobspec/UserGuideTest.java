package io.spate.jobspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The YAML in src-docs/job-spec.md does what the page says. */
class UserGuideTest {

    private static List<String> blocks(String language) throws Exception {
        String page = Files.readString(Repo.root().resolve("src-docs/job-spec.md"));
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(page);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void namedSpecsCompileAndTheErrorExampleGivesTheErrorsShown() throws Exception {
        List<String> yaml = blocks("yaml");
        assertThat(yaml).hasSize(6);
        for (String spec : yaml.subList(0, 5)) {
            assertThat(
                            JobGraphCompiler.compile(JobSpecParser.parse(spec, JobSpecFormat.YAML))
                                    .vertices())
                    .isNotEmpty();
        }
        JobSpecException e =
                catchThrowableOfType(
                        JobSpecException.class,
                        () -> JobSpecParser.parse(yaml.get(5), JobSpecFormat.YAML));
        List<String> shown = new ArrayList<>();
        new ObjectMapper()
                .readTree(blocks("json").getFirst())
                .get("errors")
                .forEach(n -> shown.add(n.textValue()));
        assertThat(e.errors()).isEqualTo(shown);
    }
}
