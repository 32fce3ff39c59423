package io.spate.rpc.endpoint;

/**
 * An ask to an endpoint that stopped (or whose start failed). Mapped to gRPC {@code UNAVAILABLE}
 * and HTTP 503: the caller may try again, elsewhere or later.
 */
public final class EndpointNotRunningException extends IllegalStateException {

    public EndpointNotRunningException(String endpoint) {
        super(endpoint + " is not running");
    }
}
