package io.spate.executor.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The bytes of a task's state file: one header, one section per chain operator, a checksum. All
 * integers big-endian ({@link DataOutputStream}); strings as {@code writeUTF}.
 *
 * <pre>
 * [magic: int 'SPST'][version: short = 1][checkpoint id: long][vertex id: UTF][subtask: int]
 * [operators: int]
 *   per operator, head first:
 *   [position: int][name: UTF][length: int][state: length bytes]   (the operator's own format)
 * [crc32 of everything before: int]
 * </pre>
 *
 * Pure functions, any thread. No Java serialization: each operator writes its state with {@code
 * DataOutput} calls and reads it back the same way.
 */
public final class StateFileFormat {

    static final int MAGIC = 0x53505354; // "SPST"
    static final short VERSION = 1;

    /** A section larger than this is refused as corrupt rather than allocated. */
    static final int MAX_SECTION_BYTES = Integer.MAX_VALUE - 64;

    private StateFileFormat() {}

    public static byte[] encode(TaskStateSnapshot snapshot) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (int) snapshot.stateBytes());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            out.writeLong(snapshot.checkpointId());
            out.writeUTF(snapshot.vertexId());
            out.writeInt(snapshot.subtask());
            out.writeInt(snapshot.operators().size());
            for (OperatorState operator : snapshot.operators()) {
                out.writeInt(operator.position());
                out.writeUTF(operator.name());
                out.writeInt(operator.state().length);
                out.write(operator.state());
            }
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param source names the bytes in error messages (e.g. the file)
     * @throws IOException naming {@code source} and what is wrong: not a state file, another
     *     version, truncated, checksum mismatch
     */
    public static TaskStateSnapshot decode(byte[] data, String source) throws IOException {
        if (data.length < 4 + 2 + 4) {
            throw new IOException(source + ": not a Spate state file (" + data.length + " bytes)");
        }
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 4);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        try {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IOException(
                        source
                                + ": not a Spate state file (magic "
                                + Integer.toHexString(magic)
                                + ")");
            }
            short version = in.readShort();
            if (version != VERSION) {
                throw new IOException(
                        source
                                + ": state file version "
                                + version
                                + ", this executor reads "
                                + VERSION);
            }
            int stored = readStoredCrc(data);
            if (stored != (int) crc.getValue()) {
                throw new IOException(
                        source + ": checksum mismatch, the file is corrupt or truncated");
            }
            long checkpointId = in.readLong();
            String vertexId = in.readUTF();
            int subtask = in.readInt();
            int count = in.readInt();
            if (count < 0) {
                throw new IOException(source + ": negative operator count " + count);
            }
            List<OperatorState> operators = new ArrayList<>(Math.min(count, 64));
            for (int i = 0; i < count; i++) {
                int position = in.readInt();
                String name = in.readUTF();
                int length = in.readInt();
                if (length < 0 || length > in.available() - 4) {
                    throw new IOException(
                            source
                                    + ": operator "
                                    + name
                                    + " claims "
                                    + length
                                    + " bytes of state");
                }
                byte[] state = new byte[length];
                in.readFully(state);
                operators.add(new OperatorState(position, name, state));
            }
            if (in.available() != 4) {
                throw new IOException(
                        source + ": " + (in.available() - 4) + " unexpected trailing bytes");
            }
            return new TaskStateSnapshot(checkpointId, vertexId, subtask, operators);
        } catch (EOFException e) {
            throw new IOException(source + ": truncated state file", e);
        }
    }

    private static int readStoredCrc(byte[] data) {
        int n = data.length;
        return (data[n - 4] & 0xff) << 24
                | (data[n - 3] & 0xff) << 16
                | (data[n - 2] & 0xff) << 8
                | (data[n - 1] & 0xff);
    }
}
