package io.spate.coordinator.rest;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.spate.coordinator.config.CoordinatorConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Guards {@code POST /jars/upload} before a byte of the jar is read: 403 when user code is not
 * allowed ({@link JarsResource}), 413 when the declared Content-Length is beyond {@code
 * spate.jobs.max-jar-size} (plus room for the multipart framing). A body without a length is
 * bounded by {@code quarkus.http.limits.max-body-size}, which follows the same key, and the stored
 * file's size is checked again. Event loop; answers without blocking.
 */
@Singleton
final class JarUploadLimit {

    /** After the token check (1000), before the spec body limit (900). */
    private static final int PRIORITY = 950;

    /** Multipart headers and boundaries around the file. */
    static final long FRAMING_BYTES = 64 * 1024;

    static boolean isUpload(HttpServerRequest request) {
        String path = request.path();
        return request.method() == HttpMethod.POST
                && path != null
                && (path.equals("/jars/upload") || path.equals("/v1/jars/upload"));
    }

    void register(@Observes Filters filters, CoordinatorConfig config) {
        boolean allowed =
                config.auth().token().filter(t -> !t.isBlank()).isPresent()
                        || config.jobs().userCode();
        long max = config.jobs().maxJarSize().asLongValue();
        filters.register(
                rc -> {
                    if (!isUpload(rc.request())) {
                        rc.next();
                        return;
                    }
                    check(rc, allowed, max);
                },
                PRIORITY);
    }

    private static void check(RoutingContext rc, boolean allowed, long max) {
        if (!allowed) {
            RequestBodyLimit.refuse(rc, 403, JarsResource.FORBIDDEN);
            return;
        }
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = Long.MAX_VALUE;
            }
            if (declared > max + FRAMING_BYTES) {
                RequestBodyLimit.refuse(
                        rc,
                        413,
                        "jarfile: the upload is "
                                + declared
                                + " bytes; spate.jobs.max-jar-size is "
                                + max
                                + " bytes");
                return;
            }
        }
        rc.next();
    }
}
