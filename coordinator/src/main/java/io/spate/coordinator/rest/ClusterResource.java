package io.spate.coordinator.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.mutiny.Uni;
import io.spate.coordinator.dispatcher.DispatcherVerticle;
import io.spate.coordinator.dispatcher.JobCounts;
import io.spate.coordinator.resourcemanager.ClusterOverview;
import io.spate.coordinator.resourcemanager.ExecutorView;
import io.spate.coordinator.resourcemanager.ResourceManagerVerticle;
import io.spate.rpc.endpoint.Endpoint;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /overview}, {@code GET /taskmanagers} and {@code GET /config} (src-docs/contracts.md
 * §3, Flink's field names). Reads the resource manager's state by asking its verticle, never
 * directly.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class ClusterResource {

    private final ResourceManagerVerticle resourceManager;
    private final DispatcherVerticle dispatcher;
    private final String version;

    ClusterResource(
            ResourceManagerVerticle resourceManager,
            DispatcherVerticle dispatcher,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        this.resourceManager = resourceManager;
        this.dispatcher = dispatcher;
        this.version = version;
    }

    @GET
    @Path("overview")
    public Uni<Overview> overview() {
        return Uni.combine()
                .all()
                .unis(
                        Endpoint.backToCaller(resourceManager.overview()),
                        Endpoint.backToCaller(dispatcher.jobCounts()))
                .with((cluster, counts) -> Overview.of(cluster, counts, version));
    }

    @GET
    @Path("taskmanagers")
    public Uni<TaskManagers> taskManagers() {
        return Endpoint.backToCaller(resourceManager.executors())
                .map(list -> new TaskManagers(list.stream().map(TaskManager::of).toList()));
    }

    /**
     * Flink's dashboard configuration ({@code GET /config}): Spate's version stands in Flink's
     * version fields; of the dashboard features only cancelling a job is there.
     */
    @GET
    @Path("config")
    public DashboardConfig config() {
        java.util.TimeZone zone = java.util.TimeZone.getDefault();
        return new DashboardConfig(
                3000,
                zone.getID(),
                zone.getOffset(System.currentTimeMillis()),
                version,
                "spate-" + version,
                new Features(false, true, false, false));
    }

    public record DashboardConfig(
            @JsonProperty("refresh-interval") long refreshInterval,
            @JsonProperty("timezone-name") String timezoneName,
            @JsonProperty("timezone-offset") int timezoneOffset,
            @JsonProperty("flink-version") String flinkVersion,
            @JsonProperty("flink-revision") String flinkRevision,
            @JsonProperty("features") Features features) {}

    public record Features(
            @JsonProperty("web-submit") boolean webSubmit,
            @JsonProperty("web-cancel") boolean webCancel,
            @JsonProperty("web-rescale") boolean webRescale,
            @JsonProperty("web-history") boolean webHistory) {}

    public record Overview(
            @JsonProperty("taskmanagers") int taskmanagers,
            @JsonProperty("slots-total") int slotsTotal,
            @JsonProperty("slots-available") int slotsAvailable,
            @JsonProperty("jobs-running") int jobsRunning,
            @JsonProperty("jobs-finished") int jobsFinished,
            @JsonProperty("jobs-cancelled") int jobsCancelled,
            @JsonProperty("jobs-failed") int jobsFailed,
            @JsonProperty("spate-version") String spateVersion) {

        static Overview of(ClusterOverview cluster, JobCounts jobs, String version) {
            return new Overview(
                    cluster.executors(),
                    cluster.slotsTotal(),
                    cluster.slotsFree(),
                    jobs.running(),
                    jobs.finished(),
                    jobs.cancelled(),
                    jobs.failed(),
                    version);
        }
    }

    public record TaskManagers(@JsonProperty("taskmanagers") List<TaskManager> taskmanagers) {}

    /** One executor; {@code timeSinceLastHeartbeat} is milliseconds since its last answer. */
    public record TaskManager(
            @JsonProperty("id") String id,
            @JsonProperty("path") String path,
            @JsonProperty("dataPort") int dataPort,
            @JsonProperty("slotsNumber") int slotsNumber,
            @JsonProperty("freeSlots") int freeSlots,
            @JsonProperty("timeSinceLastHeartbeat") long timeSinceLastHeartbeat) {

        static TaskManager of(ExecutorView e) {
            return new TaskManager(
                    e.id(),
                    e.grpcAddress(),
                    e.dataPort(),
                    e.slots(),
                    e.freeSlots(),
                    e.millisSinceLastHeartbeat());
        }
    }
}
