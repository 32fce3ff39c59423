package io.spate.executor.state;

import io.spate.record.FieldType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** How a state key or value is written into a snapshot and read back. */
public interface StateSerializer<T> {

    void write(T value, DataOutput out) throws IOException;

    T read(DataInput in) throws IOException;

    /** Longest string a snapshot may hold: a corrupt length must not allocate gigabytes. */
    int MAX_STRING_BYTES = 64 << 20;

    StateSerializer<Long> LONG =
            new StateSerializer<>() {
                @Override
                public void write(Long value, DataOutput out) throws IOException {
                    out.writeLong(value);
                }

                @Override
                public Long read(DataInput in) throws IOException {
                    return in.readLong();
                }
            };

    StateSerializer<Double> DOUBLE =
            new StateSerializer<>() {
                @Override
                public void write(Double value, DataOutput out) throws IOException {
                    out.writeDouble(value);
                }

                @Override
                public Double read(DataInput in) throws IOException {
                    return in.readDouble();
                }
            };

    StateSerializer<Boolean> BOOLEAN =
            new StateSerializer<>() {
                @Override
                public void write(Boolean value, DataOutput out) throws IOException {
                    out.writeBoolean(value);
                }

                @Override
                public Boolean read(DataInput in) throws IOException {
                    return in.readBoolean();
                }
            };

    /** {@code [length: int][UTF-8]}: no 64 KiB limit as writeUTF has. */
    StateSerializer<String> STRING =
            new StateSerializer<>() {
                @Override
                public void write(String value, DataOutput out) throws IOException {
                    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                }

                @Override
                public String read(DataInput in) throws IOException {
                    int length = in.readInt();
                    if (length < 0 || length > MAX_STRING_BYTES) {
                        throw new IOException("state holds a string of " + length + " bytes");
                    }
                    byte[] utf8 = new byte[length];
                    in.readFully(utf8);
                    return new String(utf8, StandardCharsets.UTF_8);
                }
            };

    /** The serializer of a key of a record field's type (String, Long, Double or Boolean). */
    @SuppressWarnings("unchecked")
    static StateSerializer<Object> forField(FieldType type) {
        StateSerializer<?> s =
                switch (type) {
                    case STRING -> STRING;
                    case LONG -> LONG;
                    case DOUBLE -> DOUBLE;
                    case BOOLEAN -> BOOLEAN;
                };
        return (StateSerializer<Object>) s;
    }
}
