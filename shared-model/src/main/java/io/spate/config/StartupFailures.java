package io.spate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the exception that stopped a process at start into the one line a user needs. Bad
 * configuration is the common case and gets no stack trace: the line names the key.
 */
public final class StartupFailures {

    /**
     * SmallRye Config's conversion failure (SRCFG00039), e.g. an unparsable duration. Matched by
     * text because the framework offers no typed access to the key and value.
     */
    private static final Pattern CONVERSION =
            Pattern.compile(
                    "The config property (\\S+) with the config value \"(.*?)\" threw an Exception whilst"
                            + " being converted(.*)");

    /** A required key without a value (SRCFG00014). */
    private static final Pattern MISSING =
            Pattern.compile("The config property (\\S+) is required but it could not be found");

    /** A key under the app's prefix that no setting has (SRCFG00050), usually a typo. */
    private static final Pattern UNKNOWN =
            Pattern.compile("SRCFG00050: (\\S+) in \\S+ does not map");

    private StartupFailures() {}

    /**
     * The bad-configuration line for {@code failure}, or null when the failure is not about
     * configuration (then the caller should show the full stack trace: it is a bug or an
     * environment problem, not a typo).
     */
    public static String configurationProblem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BadConfigurationException bad) {
                return bad.getMessage();
            }
        }
        List<String> problems = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                t.getMessage().lines().forEach(line -> describe(line, problems));
            }
            if (!problems.isEmpty()) {
                return new BadConfigurationException(problems).getMessage();
            }
        }
        return null;
    }

    private static void describe(String line, List<String> problems) {
        Matcher conversion = CONVERSION.matcher(line);
        if (conversion.find()) {
            String detail = conversion.group(3).toLowerCase(Locale.ROOT);
            problems.add(
                    conversion.group(1)
                            + " ("
                            + conversion.group(2)
                            + ") "
                            + (detail.contains("duration")
                                    ? "is not a duration (write e.g. 500ms, 5s, 2m)"
                                    : "has the wrong type" + conversion.group(3)));
            return;
        }
        Matcher missing = MISSING.matcher(line);
        if (missing.find()) {
            problems.add(missing.group(1) + " is required");
            return;
        }
        Matcher unknown = UNKNOWN.matcher(line);
        if (unknown.find()) {
            problems.add(unknown.group(1) + " is not a setting of this process (a typo?)");
        }
    }
}
