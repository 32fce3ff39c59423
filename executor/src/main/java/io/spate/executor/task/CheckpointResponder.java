package io.spate.executor.task;

import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.DeclineCheckpointRequest;

/**
 * Where a task sends the outcome of its snapshots (Flink: CheckpointResponder): the messages are
 * complete but for the fencing, which the executor adds. Called on the task thread (declines) or a
 * checkpoint writer thread (acknowledgements after the file is written): implementations hand over
 * to their own thread and return at once.
 */
public interface CheckpointResponder {

    /** Drops everything: for tasks run without a coordinator (tests). */
    CheckpointResponder NONE =
            new CheckpointResponder() {
                @Override
                public void acknowledge(Task task, AcknowledgeCheckpointRequest ack) {}

                @Override
                public void decline(Task task, DeclineCheckpointRequest decline) {}
            };

    void acknowledge(Task task, AcknowledgeCheckpointRequest ack);

    void decline(Task task, DeclineCheckpointRequest decline);
}
