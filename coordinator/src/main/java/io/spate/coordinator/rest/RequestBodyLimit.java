package io.spate.coordinator.rest;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.spate.coordinator.config.CoordinatorSettings;
import io.vertx.core.buffer.Buffer;
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

/**
 * Caps a REST request's body at {@code spate.jobs.max-spec-size}: 413 with a JSON error, decided
 * from Content-Length before a byte is read, else by counting the bytes as they come. Never holds
 * more than the cap in memory. The body read here is handed on in the routing context, where the
 * REST layer takes it instead of reading the request again. Over HTTP/2 the REST layer reads the
 * body itself, bounded by its Content-Length (required there: 411 without). gRPC calls are left
 * alone (their messages have gRPC's own limit).
 *
 * <p>After a 413 on HTTP/1.1 the rest of the body is read and dropped, for at most {@link
 * #DRAIN_BYTES} or {@link #DRAIN_MILLIS}, before the connection is closed: most clients (curl
 * without {@code Expect: 100-continue}, Apache HttpClient, Java's) write the whole body before they
 * read an answer and see only a reset if the server closes while they write. Dropping costs no
 * memory; the bounds keep a client from holding the connection open by sending forever.
 */
@Singleton
final class RequestBodyLimit {

    /** After the token check (1000): a caller without the token learns nothing about limits. */
    private static final int PRIORITY = 900;

    /** Bytes of a refused body read and dropped before the connection is closed. */
    static final long DRAIN_BYTES = 64L * 1024 * 1024;

    /** Time a refused body may take to arrive before the connection is closed. */
    static final long DRAIN_MILLIS = 10_000;

    private static final Set<HttpMethod> WITH_BODY =
            Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    void register(@Observes Filters filters, CoordinatorSettings settings) {
        CoordinatorSettings.SpecLimits limits = settings.specLimits();
        filters.register(rc -> limit(rc, limits), PRIORITY);
    }

    private static void limit(RoutingContext rc, CoordinatorSettings.SpecLimits limits) {
        HttpServerRequest request = rc.request();
        if (!WITH_BODY.contains(request.method()) || isGrpc(request)) {
            rc.next();
            return;
        }
        if (JarUploadLimit.isUpload(request)) {
            rc.next(); // a jar has its own, larger bound: JarUploadLimit's
            return;
        }
        long max = limits.maxSpecSize();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = Long.MAX_VALUE;
            }
            if (declared > max) {
                tooLarge(rc, "is " + declared + " bytes", limits);
                return;
            }
        }
        if (request.isEnded()) {
            rc.next();
            return;
        }
        if (request.version() == HttpVersion.HTTP_2) {
            // The REST layer pauses the request it is handed, which Vert.x refuses for an HTTP/2
            // request already read (Quarkus #34393): so over HTTP/2 the REST layer reads the body
            // itself, bounded by the Content-Length checked above, which Netty holds the stream
            // to. Without one there is nothing to bound it by before reading.
            if (length == null) {
                refuse(
                        rc,
                        411,
                        "body: an HTTP/2 request needs a Content-Length (at most "
                                + limits.maxSpecSizeText()
                                + ", "
                                + CoordinatorSettings.MAX_SPEC_SIZE
                                + ")");
                return;
            }
            rc.next();
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(
                chunk -> {
                    if (refused[0]) {
                        return;
                    }
                    if (body.length() + (long) chunk.length() > max) {
                        refused[0] = true;
                        tooLarge(rc, "is more than " + max + " bytes", limits);
                        return;
                    }
                    body.appendBuffer(chunk);
                });
        request.endHandler(
                v -> {
                    if (!refused[0]) {
                        rc.setBody(body);
                        rc.next();
                    }
                });
        request.resume();
    }

    /** What Quarkus' gRPC route takes: those never reach a REST resource. */
    private static boolean isGrpc(HttpServerRequest request) {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return request.version() == HttpVersion.HTTP_2
                && contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/grpc");
    }

    private static void tooLarge(
            RoutingContext rc, String size, CoordinatorSettings.SpecLimits limits) {
        refuse(
                rc,
                413,
                "body: the job spec "
                        + size
                        + "; "
                        + CoordinatorSettings.MAX_SPEC_SIZE
                        + " is "
                        + limits.maxSpecSizeText());
    }

    /** Answers {@code status} with the JSON error before the body is read; drops the body. */
    static void refuse(RoutingContext rc, int status, String error) {
        HttpServerRequest request = rc.request();
        boolean http1 = request.version() != HttpVersion.HTTP_2;
        var response = rc.response().setStatusCode(status);
        response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (http1) {
            // The rest of the body is not read: the connection cannot carry another request.
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(new JsonObject().put("errors", List.of(error)).encode())
                .onComplete(
                        done -> {
                            if (http1) {
                                drainThenClose(rc);
                            } else {
                                response.reset();
                            }
                        });
    }

    private static void drainThenClose(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (request.isEnded()) {
            request.connection().close();
            return;
        }
        long[] dropped = {0};
        long timer = rc.vertx().setTimer(DRAIN_MILLIS, id -> request.connection().close());
        request.handler(
                chunk -> {
                    dropped[0] += chunk.length();
                    if (dropped[0] > DRAIN_BYTES) {
                        rc.vertx().cancelTimer(timer);
                        request.connection().close();
                    }
                });
        request.endHandler(
                v -> {
                    rc.vertx().cancelTimer(timer);
                    request.connection().close();
                });
        request.resume();
    }
}
