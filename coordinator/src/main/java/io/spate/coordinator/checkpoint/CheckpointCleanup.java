package io.spate.coordinator.checkpoint;

import java.util.Arrays;
import java.util.Optional;

/**
 * What happens to a job's checkpoint directory when the job ends (spate.checkpoints.cleanup).
 * FINISHED and CANCELED jobs will never restore, so their checkpoints only fill the disk; a FAILED
 * job's last checkpoint is what an operator restarts it from.
 */
public enum CheckpointCleanup {
    /** FINISHED or CANCELED: the job's directory goes; FAILED: only the latest checkpoint stays. */
    UNLESS_FAILED("unless-failed"),
    /** Every ended job's directory goes, FAILED ones too. */
    ALWAYS("always"),
    /** Nothing is removed when a job ends (only retention deletes old checkpoints). */
    NEVER("never");

    private final String key;

    CheckpointCleanup(String key) {
        this.key = key;
    }

    /** The value as written in the configuration. */
    public String key() {
        return key;
    }

    public static Optional<CheckpointCleanup> parse(String text) {
        return Arrays.stream(values()).filter(c -> c.key.equals(text.trim())).findFirst();
    }
}
