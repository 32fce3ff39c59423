package io.spate.coordinator.rest;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Flink's clients call the REST API under {@code /v1/} ({@code flink list -m host:port} asks for
 * {@code /v1/jobs/overview}): every coordinator path answers there too, the same. A request whose
 * normalised path starts with {@code /v1/} is rerouted once to the path without it, query kept.
 *
 * <p>It cannot get around a check. It runs after the token check ({@code BearerTokenFilter},
 * priority 1000), which looks at every path, {@code /v1/...} included; and a reroute goes through
 * the router again from its first route, so the token check, the body limits ({@link
 * RequestBodyLimit}, {@link JarUploadLimit}) and the resources see the unprefixed path exactly as
 * if it had been sent so. Quarkus' own {@code /q/} endpoints are not served under {@code /v1/} (so
 * no health path's exemption is ever reached through it), and a request is rerouted once only:
 * {@code /v1/v1/jobs} is not a path. {@code /V1/} (Flink's paths are case-sensitive) or {@code
 * /v1%2F} are not the prefix either: they are unknown paths.
 */
@Singleton
final class ApiVersionPrefix {

    /** After the token check (1000), before the jar (950) and body (900) limits. */
    private static final int PRIORITY = 990;

    static final String PREFIX = "/v1";

    private static final String REROUTED = "spate.v1-rerouted";

    void register(@Observes Filters filters) {
        filters.register(ApiVersionPrefix::reroute, PRIORITY);
    }

    private static void reroute(RoutingContext rc) {
        String target = unprefixed(rc.normalizedPath());
        if (target == null || rc.get(REROUTED) != null) {
            rc.next();
            return;
        }
        rc.put(REROUTED, Boolean.TRUE);
        String query = rc.request().query();
        rc.reroute(query == null ? target : target + "?" + query);
    }

    /** The path without {@code /v1}, or null when it is not under the prefix or is Quarkus'. */
    static String unprefixed(String path) {
        if (path == null || !path.startsWith(PREFIX + "/")) {
            return null;
        }
        String target = path.substring(PREFIX.length());
        if (target.equals("/q") || target.startsWith("/q/")) {
            return null;
        }
        return target;
    }
}
