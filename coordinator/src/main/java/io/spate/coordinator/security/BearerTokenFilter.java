package io.spate.coordinator.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.spate.rpc.AuthToken;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * With {@code spate.auth.token} set, HTTP requests must carry {@code Authorization: Bearer <token>}
 * or get 401 with a JSON error. Exempt: {@code /q/health*} (probes carry no secrets) and gRPC
 * requests on the shared port, which {@link AuthTokenGrpcInterceptor} checks with a proper gRPC
 * status.
 */
@Singleton
final class BearerTokenFilter {

    /** Before every route, including Quarkus' own /q/ endpoints. */
    private static final int PRIORITY = 1000;

    void register(@Observes Filters filters, AuthToken token) {
        if (token.enabled()) {
            filters.register(rc -> check(rc, token), PRIORITY);
        }
    }

    private static void check(RoutingContext rc, AuthToken token) {
        if (isExempt(rc) || token.accepts(rc.request().getHeader(HttpHeaders.AUTHORIZATION))) {
            rc.next();
            return;
        }
        rc.response()
                .setStatusCode(401)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("WWW-Authenticate", "Bearer")
                .end(
                        new JsonObject()
                                .put(
                                        "errors",
                                        java.util.List.of(
                                                "missing or wrong Authorization: Bearer <spate.auth.token> header"))
                                .encode());
    }

    private static boolean isExempt(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (path.equals("/q/health") || path.startsWith("/q/health/")) {
            return true;
        }
        String contentType = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
        return contentType != null && contentType.startsWith("application/grpc");
    }
}
