package io.spate.executor.network.netty;

import java.io.IOException;

/** A peer broke the data-plane protocol (credit overrun, unknown receiver, sequence gap...). */
public final class DataProtocolException extends IOException {
    public DataProtocolException(String message) {
        super(message);
    }
}
