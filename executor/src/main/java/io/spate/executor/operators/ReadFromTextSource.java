package io.spate.executor.operators;

import io.spate.record.Row;
import java.io.BufferedReader;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code ReadFromText} source: every line (UTF-8; split at {@code \n}, {@code \r} or {@code
 * \r\n}, terminators dropped) of {@code path} once. A directory means its regular files (not
 * recursive), sorted by name; file k of that list goes to subtask {@code k mod p}. Emits {@code
 * {line}}. State: the file index and the line number within it ({@link #position()}), checkpointed
 * as {@code [file index: int][lines read: long][file name: UTF]}; a restored source re-reads its
 * file up to that line and fails if the file at that index has another name.
 */
public final class ReadFromTextSource implements SourceOperator {

    private final Output out;
    private final Path path;
    private final int subtask;
    private final int parallelism;
    private final Row row;
    private List<Path> files = List.of();
    private int fileIndex;
    private long lineNumber;
    private BufferedReader reader;
    private long skipLines; // restored: lines of files[fileIndex] already emitted
    private String restoredFile; // restored: the name files[fileIndex] must have, or null

    public ReadFromTextSource(OperatorContext context, Output out) {
        this.out = out;
        this.path = Path.of(context.spec().config().getString("path"));
        this.subtask = context.subtaskIndex();
        this.parallelism = context.parallelism();
        this.row = new Row(context.spec().outputSchema().orElseThrow());
    }

    /** The files this subtask reads, in order. */
    public static List<Path> filesOf(Path path, int subtask, int parallelism) throws IOException {
        List<Path> all;
        if (Files.isDirectory(path)) {
            try (Stream<Path> listing = Files.list(path)) {
                all =
                        listing.filter(Files::isRegularFile)
                                .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                                .toList();
            }
        } else if (Files.isRegularFile(path)) {
            all = List.of(path);
        } else {
            throw new NoSuchFileException(
                    path.toString(), null, "ReadFromText: path is neither a file nor a directory");
        }
        List<Path> mine = new ArrayList<>();
        for (int k = subtask; k < all.size(); k += parallelism) {
            mine.add(all.get(k));
        }
        return mine;
    }

    /** {@code [file index, line number]}: where reading resumes. */
    public long[] position() {
        return new long[] {fileIndex, lineNumber};
    }

    @Override
    public void snapshotState(long checkpointId, DataOutput out) throws IOException {
        out.writeInt(fileIndex);
        out.writeLong(lineNumber);
        out.writeUTF(fileIndex < files.size() ? files.get(fileIndex).getFileName().toString() : "");
    }

    @Override
    public void restoreState(DataInput in) throws IOException {
        fileIndex = in.readInt();
        lineNumber = in.readLong();
        skipLines = lineNumber;
        String name = in.readUTF();
        restoredFile = name.isEmpty() ? null : name;
    }

    @Override
    public void open() throws IOException {
        files = filesOf(path, subtask, parallelism);
        if (restoredFile != null
                && (fileIndex >= files.size()
                        || !files.get(fileIndex).getFileName().toString().equals(restoredFile))) {
            throw new IOException(
                    "ReadFromText: restored position is line "
                            + lineNumber
                            + " of "
                            + restoredFile
                            + " (file "
                            + fileIndex
                            + " of this subtask), but the input under "
                            + path
                            + " changed");
        }
    }

    @Override
    public Progress emitBatch(int maxRecords) throws Exception {
        for (int n = 0; n < maxRecords; ) {
            if (reader == null) {
                if (fileIndex >= files.size()) {
                    return n == 0 ? Progress.END : Progress.MORE;
                }
                reader = Files.newBufferedReader(files.get(fileIndex), StandardCharsets.UTF_8);
                lineNumber = 0;
                for (; skipLines > 0; skipLines--) {
                    if (reader.readLine() == null) {
                        throw new IOException(
                                "ReadFromText: "
                                        + files.get(fileIndex)
                                        + " has fewer lines than the restored position");
                    }
                    lineNumber++;
                }
            }
            String line = reader.readLine();
            if (line == null) {
                reader.close();
                reader = null;
                fileIndex++;
                lineNumber = 0;
                continue;
            }
            lineNumber++;
            out.emit(row.setString(0, line));
            n++;
        }
        return Progress.MORE;
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
