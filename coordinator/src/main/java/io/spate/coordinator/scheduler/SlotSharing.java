package io.spate.coordinator.scheduler;

import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.JobVertex;

/**
 * Flink's slot sharing with one sharing group per job: a slot holds one subtask of <em>every</em>
 * vertex, so a job needs as many slots as its largest parallelism, and subtask i of every vertex
 * goes to slot i.
 *
 * <p>Why: a slot is then a whole slice of the pipeline, so the slot count a user has to provide is
 * just the parallelism, and a FORWARD edge (subtask i to subtask i) always stays inside one slot,
 * hence one executor: its channel is local, never a socket.
 */
public final class SlotSharing {

    private SlotSharing() {}

    /** The slots a job needs: its largest vertex parallelism. */
    public static int slotsNeeded(JobGraph graph) {
        return graph.vertices().stream().mapToInt(JobVertex::parallelism).max().orElse(0);
    }

    /** The slot (0-based, into the job's allocated slots) of a subtask of any vertex. */
    public static int slotOf(int subtaskIndex) {
        return subtaskIndex;
    }
}
