package io.spate.coordinator.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.spate.rpc.AuthToken;
import io.spate.rpc.proto.CoordinatorGatewayGrpc;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * With {@code spate.auth.token} set, every HTTP request must carry {@code Authorization: Bearer
 * <token>} or get 401 with a JSON error, whatever its path spelling or content type.
 *
 * <p>Two kinds of request pass without the token. Health probes ({@code /q/health} and below),
 * recognised on the raw path only when it has nothing a router could decode or normalise into
 * another path. And real gRPC calls to a method of the coordinator's service (HTTP/2, POST, {@code
 * application/grpc*}, {@code /<service>/<method>} exactly): those can only reach the gRPC server,
 * whose {@link AuthTokenGrpcInterceptor} refuses them with UNAUTHENTICATED, a status a gRPC client
 * understands. A request that merely claims {@code application/grpc} is checked like any other.
 */
@Singleton
final class BearerTokenFilter {

    /** Before every route, including Quarkus' own /q/ endpoints. */
    private static final int PRIORITY = 1000;

    static final String UNAUTHORIZED =
            "missing or wrong Authorization: Bearer <spate.auth.token> header";

    /**
     * A health path as probes send it. Anything with {@code %}, {@code ;}, {@code .} or an empty
     * segment is not exempt: a decoder or normaliser downstream could turn it into another path.
     */
    private static final Pattern HEALTH_PATH = Pattern.compile("/q/health(/[A-Za-z0-9_-]+)*");

    private static final Set<String> GRPC_METHOD_PATHS =
            CoordinatorGatewayGrpc.getServiceDescriptor().getMethods().stream()
                    .map(m -> "/" + m.getFullMethodName())
                    .collect(Collectors.toUnmodifiableSet());

    void register(@Observes Filters filters, AuthToken token) {
        if (token.enabled()) {
            filters.register(rc -> check(rc, token), PRIORITY);
        }
    }

    private static void check(RoutingContext rc, AuthToken token) {
        HttpServerRequest request = rc.request();
        if (token.accepts(request.getHeader(HttpHeaders.AUTHORIZATION))
                || isHealthProbe(request)
                || isGrpcCall(request)) {
            rc.next();
            return;
        }
        rc.response()
                .setStatusCode(401)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("WWW-Authenticate", "Bearer")
                .end(new JsonObject().put("errors", List.of(UNAUTHORIZED)).encode());
    }

    static boolean isHealthProbe(HttpServerRequest request) {
        String path = request.path();
        return path != null && HEALTH_PATH.matcher(path).matches();
    }

    /**
     * Exactly what Quarkus' gRPC route takes (HTTP/2 and {@code application/grpc*}), narrowed to
     * POSTs of the coordinator's own methods, so nothing that passes here reaches a REST resource.
     */
    static boolean isGrpcCall(HttpServerRequest request) {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return request.version() == HttpVersion.HTTP_2
                && request.method() == HttpMethod.POST
                && contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/grpc")
                && GRPC_METHOD_PATHS.contains(request.path());
    }
}
