package io.spate.checkpoint;

/**
 * The layout of {@code spate.checkpoints.dir}, shared by the coordinator (metadata, retention) and
 * the executors (task state), which must agree on it across processes:
 *
 * <pre>
 *   &lt;job id&gt;/chk-&lt;n&gt;/&lt;vertex id&gt;-&lt;subtask&gt;.state   a task's state (its "state handle")
 *   &lt;job id&gt;/chk-&lt;n&gt;/_metadata                     the checkpoint, written last
 * </pre>
 *
 * Paths are relative and '/'-separated; ids are reduced to {@code [A-Za-z0-9._-]}.
 */
public final class CheckpointPaths {

    public static final String METADATA = "_metadata";

    private CheckpointPaths() {}

    /** {@code <job>/chk-<n>}: everything of checkpoint {@code n}. */
    public static String checkpointDir(String jobId, long checkpointId) {
        return sanitize(jobId) + "/chk-" + checkpointId;
    }

    /** The state handle of a subtask's file for checkpoint {@code n}. */
    public static String stateHandle(
            String jobId, long checkpointId, String vertexId, int subtask) {
        return checkpointDir(jobId, checkpointId)
                + "/"
                + sanitize(vertexId)
                + "-"
                + subtask
                + ".state";
    }

    /** {@code <job>/chk-<n>/_metadata}. */
    public static String metadata(String jobId, long checkpointId) {
        return checkpointDir(jobId, checkpointId) + "/" + METADATA;
    }

    /** Replaces every character outside {@code [A-Za-z0-9._-]} by {@code _}. */
    public static String sanitize(String id) {
        StringBuilder out = new StringBuilder(id.length());
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok =
                    c >= 'a' && c <= 'z'
                            || c >= 'A' && c <= 'Z'
                            || c >= '0' && c <= '9'
                            || c == '.'
                            || c == '_'
                            || c == '-';
            out.append(ok ? c : '_');
        }
        // "." and ".." would climb the tree.
        return out.isEmpty() || out.toString().equals(".") || out.toString().equals("..")
                ? "_" + out
                : out.toString();
    }
}
