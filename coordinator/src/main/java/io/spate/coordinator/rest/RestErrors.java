package io.spate.coordinator.rest;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error answer is Flink's: {@code {"errors": ["<message>"]}} as {@code application/json},
 * never an HTML page or an empty body. The REST layer's own refusals (no such resource 404, wrong
 * method 405, unsupported Content-Type 415, a bad parameter 400) and anything unexpected (500) are
 * mapped here; a request no route takes and a failure of the HTTP layer (the body past {@code
 * quarkus.http.limits.max-body-size}: 413) are answered by the router's handlers registered here.
 * The errors the resources raise themselves (job spec validation, unknown job, ...) keep their
 * mappers ({@link JobsResource}), which are of the same shape.
 */
@Singleton
final class RestErrors {

    private static final Logger LOG = Logger.getLogger(RestErrors.class);

    static final String INTERNAL = "internal server error (the coordinator's log has the cause)";

    // ------------------------------------------------------------- REST layer

    @ServerExceptionMapper
    Response webApplication(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "REST request failed with %d", status);
        }
        return json(status, requestMessage(status, e.getMessage(), request));
    }

    /** 404 and 405 name what was asked for; the others say what was wrong with it. */
    private static String requestMessage(int status, String detail, HttpServerRequest request) {
        return switch (status) {
            case 404 -> "not found: " + request.path();
            case 405 -> "method not allowed: " + request.method() + " " + request.path();
            default -> message(status, detail);
        };
    }

    @ServerExceptionMapper
    Response unexpected(Throwable e) {
        LOG.error("REST request failed", e);
        return json(500, INTERNAL);
    }

    private static Response json(int status, String message) {
        return Response.status(status)
                .entity(JobsJson.Errors.of(message))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    // ------------------------------------------------------------- HTTP layer

    void register(@Observes Router router) {
        // First of the failure handlers: before Quarkus' own, which answers HTML or an empty body.
        router.route().order(Integer.MIN_VALUE).failureHandler(RestErrors::failed);
        for (int status : List.of(400, 401, 403, 404, 405, 406, 413, 414, 415, 431, 500, 501)) {
            router.errorHandler(status, rc -> answer(rc, status, rc.failure()));
        }
    }

    private static void failed(RoutingContext rc) {
        int status = rc.statusCode();
        Throwable failure = rc.failure();
        if (status < 400) {
            status =
                    failure instanceof WebApplicationException w && w.getResponse() != null
                            ? w.getResponse().getStatus()
                            : 500;
        }
        answer(rc, status, failure);
    }

    private static void answer(RoutingContext rc, int status, Throwable failure) {
        HttpServerResponse response = rc.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.end();
            return;
        }
        if (status >= 500) {
            if (failure != null) {
                LOG.errorf(failure, "HTTP request %s failed with %d", rc.request().path(), status);
            }
        }
        String message =
                status >= 500
                        ? INTERNAL
                        : requestMessage(
                                status,
                                failure == null ? null : failure.getMessage(),
                                rc.request());
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON)
                .end(new JsonObject().put("errors", List.of(message)).encode());
    }

    /** A message for users: the exception's when it says more than the status line. */
    static String message(int status, String detail) {
        if (detail != null && !detail.isBlank() && !detail.startsWith("HTTP " + status)) {
            return detail;
        }
        return switch (status) {
            case 400 -> "bad request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 406 -> "not acceptable: the REST API answers application/json";
            case 413 -> "payload too large: the body is over quarkus.http.limits.max-body-size";
            case 414 -> "request URI too long";
            case 415 -> "unsupported media type";
            case 431 -> "request header fields too large";
            default -> status >= 500 ? INTERNAL : "HTTP " + status;
        };
    }
}
