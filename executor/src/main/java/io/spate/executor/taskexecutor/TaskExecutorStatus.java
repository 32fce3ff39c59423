package io.spate.executor.taskexecutor;

import jakarta.inject.Singleton;

/**
 * What health checks and metrics may read of the task executor from any thread: the verticle
 * publishes here after every change, readers never touch the verticle's state.
 */
@Singleton
public class TaskExecutorStatus {

    private volatile boolean running;
    private volatile boolean registered;
    private volatile String coordinatorSession = "";
    private volatile String lastFailure = "not started";
    private volatile int slotsTotal;
    private volatile int slotsFree;
    private volatile long registrationAttempts;

    void running(boolean running) {
        this.running = running;
    }

    void registration(boolean registered, String coordinatorSession, String lastFailure) {
        this.registered = registered;
        this.coordinatorSession = coordinatorSession;
        this.lastFailure = lastFailure;
    }

    void slots(int total, int free) {
        this.slotsTotal = total;
        this.slotsFree = free;
    }

    void registrationAttempts(long attempts) {
        this.registrationAttempts = attempts;
    }

    public boolean running() {
        return running;
    }

    public boolean registered() {
        return registered;
    }

    public String coordinatorSession() {
        return coordinatorSession;
    }

    public String lastFailure() {
        return lastFailure;
    }

    public int slotsTotal() {
        return slotsTotal;
    }

    public int slotsFree() {
        return slotsFree;
    }

    public long registrationAttempts() {
        return registrationAttempts;
    }
}
