package io.spate.jobspec;

import java.util.Locale;
import java.util.Optional;

/** The two notations of a job spec; YAML is the usual one, JSON what programs send. */
public enum JobSpecFormat {
    YAML,
    JSON;

    /** The format of a request body by its Content-Type ({@code application/yaml}, ...). */
    public static Optional<JobSpecFormat> forContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String mime = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (mime) {
            case "application/json" -> Optional.of(JSON);
            case "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml" ->
                    Optional.of(YAML);
            default -> Optional.empty();
        };
    }

    /** JSON for a {@code .json} file, YAML otherwise. */
    public static JobSpecFormat forFileName(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
    }
}
