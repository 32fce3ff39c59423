package io.spate.coordinator.rest;

/** A job spec sent with a Content-Type that is neither YAML nor JSON (REST: 415). */
final class UnsupportedSpecFormatException extends RuntimeException {

    UnsupportedSpecFormatException(String contentType) {
        super(
                "Content-Type "
                        + (contentType == null || contentType.isBlank()
                                ? "missing"
                                : "'" + contentType + "' not supported")
                        + ": send the job spec as application/yaml (or application/x-yaml, text/yaml) or application/json",
                null,
                false,
                false);
    }
}
