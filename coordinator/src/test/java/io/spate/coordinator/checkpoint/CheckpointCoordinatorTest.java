package io.spate.coordinator.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.clock.ManualClock;
import io.spate.coordinator.checkpoint.CheckpointParticipants.Participant;
import io.spate.coordinator.checkpoint.CheckpointParticipants.Phase;
import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Trigger, ack, timeout, decline, retention and the final checkpoint, on a manual clock. */
class CheckpointCoordinatorTest {

    private static final String JOB = "job-1";
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock();
    private final TestingCheckpointStorage storage = new TestingCheckpointStorage();
    private final FakeParticipants tasks = new FakeParticipants();
    private CheckpointCoordinator coordinator;

    /** source (2 subtasks) -> sink (2 subtasks). */
    @BeforeEach
    void setUp() {
        tasks.add("src-0", "src", 0, true);
        tasks.add("src-1", "src", 1, true);
        tasks.add("sink-0", "sink", 0, false);
        tasks.add("sink-1", "sink", 1, false);
        coordinator = newCoordinator(Optional.of(INTERVAL));
    }

    private final List<String> failovers = new ArrayList<>();

    private CheckpointCoordinator newCoordinator(Optional<Duration> interval) {
        return newCoordinator(interval, 3, CheckpointCleanup.UNLESS_FAILED);
    }

    private CheckpointCoordinator newCoordinator(
            Optional<Duration> interval, int tolerable, CheckpointCleanup cleanup) {
        return new CheckpointCoordinator(
                JOB,
                new CheckpointPolicy(
                        interval, TIMEOUT, 3, tolerable, Duration.ofMinutes(1), cleanup),
                storage,
                tasks,
                clock,
                Runnable::run,
                CheckpointMetrics.NONE,
                failovers::add);
    }

    private void decline(long id) {
        assertThat(
                        coordinator.onDecline(
                                DeclineCheckpointRequest.newBuilder()
                                        .setJobId(JOB)
                                        .setExecutionAttemptId("sink-0")
                                        .setCheckpointId(id)
                                        .setReason("no space left on device")
                                        .build()))
                .isTrue();
    }

    /** The id of the latest trigger ("attempt@id"). */
    private long lastTriggeredId() {
        String last = tasks.triggers.getLast();
        return Long.parseLong(last.substring(last.indexOf('@') + 1));
    }

    /** Ticks every 100 ms (as the job master does) until a new checkpoint is triggered. */
    private Duration untilNextTrigger() {
        int before = tasks.triggers.size();
        Duration waited = Duration.ZERO;
        while (tasks.triggers.size() == before) {
            advance(Duration.ofMillis(100));
            waited = waited.plusMillis(100);
            assertThat(waited).as("no trigger within an hour").isLessThan(Duration.ofHours(1));
        }
        return waited;
    }

    private static AcknowledgeCheckpointRequest ack(String attempt, long id) {
        return AcknowledgeCheckpointRequest.newBuilder()
                .setJobId(JOB)
                .setExecutionAttemptId(attempt)
                .setCheckpointId(id)
                .setStateHandle(JOB + "/chk-" + id + "/" + attempt + ".state")
                .setStateSize(100)
                .setAlignmentNanos(attempt.startsWith("sink") ? 2_000_000 : 0)
                .setSyncNanos(3_000_000)
                .setAsyncNanos(5_000_000)
                .build();
    }

    private void ackAll(long id) {
        for (String attempt : tasks.phases.keySet()) {
            assertThat(coordinator.onAcknowledge(ack(attempt, id)))
                    .as("ack of " + attempt)
                    .isTrue();
        }
    }

    private void advance(Duration d) {
        clock.advance(d);
        coordinator.tick();
    }

    @Test
    void triggersAtTheSourcesOnceEveryTaskRunsAndTheIntervalPassed() {
        tasks.phases.put("sink-1", Phase.NOT_RUNNING);
        coordinator.start();
        advance(Duration.ofMillis(999));
        assertThat(tasks.triggers).isEmpty();
        advance(Duration.ofMillis(1));
        assertThat(tasks.triggers).as("a task is still deploying").isEmpty();

        tasks.phases.put("sink-1", Phase.RUNNING);
        advance(INTERVAL);
        assertThat(tasks.triggers).containsExactly("src-0@1", "src-1@1");
        assertThat(coordinator.stats().inProgress()).isEqualTo(1);
    }

    @Test
    void completesWhenEveryTaskAcknowledged_thenNotifiesAndStoresMetadata() {
        coordinator.start();
        advance(INTERVAL);
        coordinator.onAcknowledge(ack("src-0", 1));
        coordinator.onAcknowledge(ack("src-1", 1));
        coordinator.onAcknowledge(ack("sink-0", 1));
        assertThat(tasks.notified).isEmpty();
        clock.advance(Duration.ofMillis(40));
        coordinator.onAcknowledge(ack("sink-1", 1));

        assertThat(tasks.notified).containsExactly("1");
        CompletedCheckpoint done = coordinator.latestCompleted();
        assertThat(done.id()).isEqualTo(1);
        assertThat(done.durationMs()).isEqualTo(40);
        assertThat(done.stateSize()).isEqualTo(400);
        assertThat(done.stateOf("sink", 1).handle()).isEqualTo("job-1/chk-1/sink-1.state");
        assertThat(storage.stored).containsExactly(done);
        CheckpointStats stats = coordinator.stats();
        assertThat(stats.completed()).isEqualTo(1);
        assertThat(stats.inProgress()).isZero();
        assertThat(stats.latestCompletedSize()).isEqualTo(400);
        assertThat(stats.latestAlignmentMs()).isEqualTo(2.0);
        assertThat(stats.latestTasks()).hasSize(4);
        assertThat(stats.latestTasks())
                .allSatisfy(
                        t -> {
                            assertThat(t.size()).isEqualTo(100);
                            assertThat(t.syncNanos()).isEqualTo(3_000_000);
                            assertThat(t.asyncNanos()).isEqualTo(5_000_000);
                        });
    }

    @Test
    void atMostOneInFlight_andDuplicateOrForeignAcksAreIgnored() {
        coordinator.start();
        advance(INTERVAL);
        advance(INTERVAL);
        advance(INTERVAL);
        assertThat(tasks.triggers).containsExactly("src-0@1", "src-1@1");
        assertThat(coordinator.onAcknowledge(ack("src-0", 1))).isTrue();
        assertThat(coordinator.onAcknowledge(ack("src-0", 1))).as("duplicate").isFalse();
        assertThat(coordinator.onAcknowledge(ack("src-1", 7))).as("unknown checkpoint").isFalse();
        assertThat(coordinator.onAcknowledge(ack("old-attempt", 1)))
                .as("not a current attempt")
                .isFalse();
    }

    @Test
    void anOverdueCheckpointFails_andTheNextOneProceeds() {
        coordinator.start();
        advance(INTERVAL);
        coordinator.onAcknowledge(ack("src-0", 1));
        advance(TIMEOUT);
        assertThat(coordinator.stats().failed()).isEqualTo(1);
        assertThat(storage.discarded).containsExactly(1L);
        assertThat(coordinator.onAcknowledge(ack("src-1", 1)))
                .as("late ack of the expired one")
                .isFalse();

        advance(INTERVAL.multipliedBy(2)); // the backoff after one failure
        assertThat(tasks.triggers).endsWith("src-0@2", "src-1@2");
        ackAll(2);
        assertThat(coordinator.latestCompleted().id()).isEqualTo(2);
    }

    @Test
    void aDeclineFailsTheCheckpoint() {
        coordinator.start();
        advance(INTERVAL);
        boolean declined =
                coordinator.onDecline(
                        DeclineCheckpointRequest.newBuilder()
                                .setJobId(JOB)
                                .setExecutionAttemptId("sink-0")
                                .setCheckpointId(1)
                                .setReason("no space")
                                .build());
        assertThat(declined).isTrue();
        assertThat(coordinator.stats().failed()).isEqualTo(1);
        assertThat(coordinator.stats().inProgress()).isZero();
        assertThat(coordinator.latestCompleted()).isNull();
    }

    @Test
    void aRefusedTriggerFailsTheCheckpointAtOnce_andTheNextOneProceeds() {
        tasks.refusing.add("src-1");
        coordinator.start();
        advance(INTERVAL);

        assertThat(coordinator.stats().failed()).isEqualTo(1);
        assertThat(coordinator.stats().inProgress()).isZero();

        tasks.refusing.clear();
        advance(INTERVAL.multipliedBy(2)); // the backoff after one failure
        assertThat(tasks.triggers).endsWith("src-0@2", "src-1@2");
        ackAll(2);
        assertThat(coordinator.latestCompleted().id()).isEqualTo(2);
    }

    @Test
    void aFailedMetadataWriteFailsTheCheckpoint() {
        coordinator.start();
        advance(INTERVAL);
        storage.failNext();
        ackAll(1);
        assertThat(coordinator.stats().failed()).isEqualTo(1);
        assertThat(coordinator.latestCompleted()).isNull();
        assertThat(tasks.notified).as("never announced").isEmpty();
    }

    @Test
    void keepsTheLastThree() {
        coordinator.start();
        for (int id = 1; id <= 5; id++) {
            advance(INTERVAL);
            ackAll(id);
        }
        assertThat(storage.discarded).containsExactly(1L, 2L);
        assertThat(coordinator.latestCompleted().id()).isEqualTo(5);
        assertThat(coordinator.stats().completed()).isEqualTo(5);
    }

    @Test
    void stopAbortsTheOneInFlight_andIdsKeepGrowingAfterARestart() {
        coordinator.start();
        advance(INTERVAL);
        coordinator.stop("task failed");
        assertThat(coordinator.stats().failed()).isEqualTo(1);
        advance(INTERVAL);
        assertThat(tasks.triggers).hasSize(2); // none while stopped

        coordinator.start();
        advance(INTERVAL);
        assertThat(tasks.triggers).endsWith("src-0@2", "src-1@2");
    }

    @Test
    void aTaskWhoseInputEndedBeforeTheBarrierIsAskedDirectly() {
        coordinator.start();
        advance(INTERVAL);
        tasks.phases.put("sink-0", Phase.INPUT_ENDED);
        coordinator.onTaskInputEnded(tasks.participant("sink-0"));
        assertThat(tasks.triggers).containsExactly("src-0@1", "src-1@1", "sink-0@1");
    }

    @Test
    void onceEveryTasksInputEnded_theFinalCheckpointIsTakenAtOnceAndAnnouncedAsFinal() {
        coordinator =
                newCoordinator(Optional.empty()); // no periodic checkpoints: still a final one
        coordinator.start();
        advance(Duration.ofMinutes(1));
        assertThat(tasks.triggers).isEmpty();
        for (String attempt : List.copyOf(tasks.phases.keySet())) {
            tasks.phases.put(attempt, Phase.INPUT_ENDED);
            coordinator.onTaskInputEnded(tasks.participant(attempt));
        }
        assertThat(tasks.triggers).containsExactly("src-0@1", "src-1@1", "sink-0@1", "sink-1@1");
        ackAll(1);
        assertThat(tasks.notified).containsExactly("1 final");
        advance(Duration.ofMinutes(1));
        assertThat(tasks.triggers).as("nothing after the final one").hasSize(4);
    }

    @Test
    void aCheckpointInFlightWhenAllInputsEnd_isFollowedByTheFinalOne() {
        coordinator.start();
        advance(INTERVAL);
        coordinator.onAcknowledge(ack("src-0", 1));
        coordinator.onAcknowledge(ack("src-1", 1));
        for (String attempt : List.copyOf(tasks.phases.keySet())) {
            tasks.phases.put(attempt, Phase.INPUT_ENDED);
            coordinator.onTaskInputEnded(tasks.participant(attempt));
        }
        coordinator.onAcknowledge(ack("sink-0", 1));
        coordinator.onAcknowledge(ack("sink-1", 1));
        assertThat(tasks.notified).containsExactly("1");
        assertThat(tasks.triggers).endsWith("src-0@2", "src-1@2", "sink-0@2", "sink-1@2");
        ackAll(2);
        assertThat(tasks.notified).containsExactly("1", "2 final");
    }

    @Test
    void restoredCountsAndShowsTheCheckpoint() {
        coordinator.start();
        advance(INTERVAL);
        ackAll(1);
        coordinator.restoredFrom(coordinator.latestCompleted());
        assertThat(coordinator.stats().restored()).isEqualTo(1);
        assertThat(coordinator.stats().latestRestoredId()).isEqualTo(1);
    }

    @Test
    void oneFailureMoreThanToleratedFailsTheJobOver_namingTheCountAndTheLastCause() {
        coordinator.start();
        advance(INTERVAL);
        for (int failure = 1; failure <= 3; failure++) {
            decline(lastTriggeredId());
            assertThat(failovers).as("failure " + failure + " is tolerated").isEmpty();
            untilNextTrigger();
        }
        decline(lastTriggeredId());

        assertThat(failovers).hasSize(1);
        assertThat(failovers.getFirst())
                .startsWith("checkpoints failed 4 times in a row")
                .contains("checkpoints.tolerableFailedCheckpoints: 3")
                .contains("no space left on device");
        int triggers = tasks.triggers.size();
        advance(Duration.ofMinutes(10));
        assertThat(tasks.triggers).as("stopped until restarted").hasSize(triggers);
        assertThat(coordinator.stats().failed()).isEqualTo(4);
    }

    @Test
    void aTaskThatIsNotReadyDropsTheCheckpointWithoutCountingOrBackingOff() {
        coordinator = newCoordinator(Optional.of(INTERVAL), 0, CheckpointCleanup.UNLESS_FAILED);
        coordinator.start();
        advance(INTERVAL);
        for (int round = 0; round < 5; round++) {
            assertThat(
                            coordinator.onDecline(
                                    DeclineCheckpointRequest.newBuilder()
                                            .setJobId(JOB)
                                            .setExecutionAttemptId("sink-0")
                                            .setCheckpointId(lastTriggeredId())
                                            .setReason(
                                                    "input ended and consumers are still reading")
                                            .setTaskNotReady(true)
                                            .build()))
                    .isTrue();
            assertThat(untilNextTrigger()).as("no back-off").isEqualTo(INTERVAL);
        }
        assertThat(failovers).as("not failures, even with no tolerance").isEmpty();
        decline(lastTriggeredId());
        assertThat(failovers).as("a real failure still counts").hasSize(1);
    }

    @Test
    void zeroToleratedFailsOverAtTheFirstFailure() {
        coordinator = newCoordinator(Optional.of(INTERVAL), 0, CheckpointCleanup.UNLESS_FAILED);
        coordinator.start();
        advance(INTERVAL);
        decline(1);
        assertThat(failovers).hasSize(1);
    }

    @Test
    void aCompletedCheckpointResetsTheCount_andARestartDoesToo() {
        coordinator.start();
        advance(INTERVAL);
        for (int round = 0; round < 2; round++) {
            declineThreeTimes();
            ackAll(lastTriggeredId());
            untilNextTrigger();
        }
        declineThreeTimes();
        coordinator.stop("failover");
        coordinator.start();
        advance(INTERVAL);
        declineThreeTimes();
        assertThat(failovers).as("never more than 3 in a row").isEmpty();
        decline(lastTriggeredId());
        assertThat(failovers).hasSize(1);
    }

    /** Three failures in a row, each followed by the next trigger after its backoff. */
    private void declineThreeTimes() {
        for (int failure = 0; failure < 3; failure++) {
            decline(lastTriggeredId());
            untilNextTrigger();
        }
    }

    @Test
    void theWaitAfterFailuresDoublesUpToTheCap_andResetsOnSuccess() {
        coordinator = newCoordinator(Optional.of(INTERVAL), 100, CheckpointCleanup.UNLESS_FAILED);
        coordinator.start();
        advance(INTERVAL);
        List<Long> waitsSeconds = new ArrayList<>();
        for (int failure = 0; failure < 8; failure++) {
            decline(lastTriggeredId());
            waitsSeconds.add(untilNextTrigger().toSeconds());
        }
        assertThat(waitsSeconds).containsExactly(2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);

        ackAll(lastTriggeredId());
        assertThat(untilNextTrigger()).isEqualTo(INTERVAL);
        decline(lastTriggeredId());
        assertThat(untilNextTrigger()).as("one failure again").isEqualTo(INTERVAL.multipliedBy(2));
    }

    @Test
    void aFinalCheckpointWhoseMetadataCannotBeWrittenIsRetriedWithBackoff_notInAHotLoop() {
        coordinator = newCoordinator(Optional.empty());
        coordinator.start();
        storage.failAll(); // the disk is full
        for (String attempt : List.copyOf(tasks.phases.keySet())) {
            tasks.phases.put(attempt, Phase.INPUT_ENDED);
            coordinator.onTaskInputEnded(tasks.participant(attempt));
        }
        // Ten minutes of job master ticks; every triggered round is acknowledged at once.
        int rounds = 0;
        for (int tick = 0; tick < 6000 && failovers.isEmpty(); tick++) {
            if (coordinator.hasPending()) {
                rounds++;
                ackAll(lastTriggeredId());
            }
            advance(Duration.ofMillis(100));
        }

        assertThat(rounds).as("1 + the 3 tolerated retries").isEqualTo(4);
        assertThat(failovers).hasSize(1);
        assertThat(failovers.getFirst())
                .contains("failed 4 times")
                .contains("writing its metadata failed")
                .contains("disk full");
        assertThat(tasks.notified).as("never announced").isEmpty();
        assertThat(coordinator.stats().failed()).isEqualTo(4);
    }

    @Test
    void aFinishedOrCanceledJobsCheckpointsAreRemoved() {
        coordinator.start();
        advance(INTERVAL);
        ackAll(1);
        coordinator.jobEnded(false);
        assertThat(storage.discardedJobs).containsExactly(JOB);
    }

    @Test
    void aFailedJobKeepsItsLatestCheckpointOnly() {
        coordinator.start();
        for (int id = 1; id <= 3; id++) {
            advance(INTERVAL);
            ackAll(id);
        }
        coordinator.jobEnded(true);
        assertThat(storage.discardedJobs).isEmpty();
        assertThat(storage.discarded).containsExactly(1L, 2L);
        assertThat(coordinator.latestCompleted().id()).isEqualTo(3);
    }

    @Test
    void cleanupAlwaysAndNever() {
        coordinator = newCoordinator(Optional.of(INTERVAL), 3, CheckpointCleanup.ALWAYS);
        coordinator.jobEnded(true);
        assertThat(storage.discardedJobs).containsExactly(JOB);
        coordinator = newCoordinator(Optional.of(INTERVAL), 3, CheckpointCleanup.NEVER);
        coordinator.jobEnded(false);
        assertThat(storage.discardedJobs).hasSize(1);
        assertThat(storage.discarded).isEmpty();
    }

    /**
     * Tasks by attempt id with a phase each; records triggers as "attempt@id" and notifications.
     */
    private static final class FakeParticipants implements CheckpointParticipants {
        final Map<String, Phase> phases = new LinkedHashMap<>();
        final Map<String, Participant> base = new LinkedHashMap<>();
        final List<String> triggers = new ArrayList<>();
        final List<String> notified = new ArrayList<>();
        final Set<String> refusing = new HashSet<>();

        void add(String attempt, String vertex, int subtask, boolean source) {
            base.put(attempt, new Participant(attempt, vertex, subtask, source, Phase.RUNNING));
            phases.put(attempt, Phase.RUNNING);
        }

        Participant participant(String attempt) {
            Participant p = base.get(attempt);
            return new Participant(
                    attempt, p.vertexId(), p.subtaskIndex(), p.source(), phases.get(attempt));
        }

        @Override
        public List<Participant> participants() {
            return base.keySet().stream().map(this::participant).toList();
        }

        @Override
        public CompletableFuture<Void> trigger(Participant task, long id, long timestampMs) {
            triggers.add(task.attemptId() + "@" + id);
            return refusing.contains(task.attemptId())
                    ? CompletableFuture.failedFuture(new IllegalStateException("task ended"))
                    : CompletableFuture.completedFuture(null);
        }

        @Override
        public void notifyComplete(long id, boolean finalCheckpoint) {
            notified.add(id + (finalCheckpoint ? " final" : ""));
        }
    }
}
