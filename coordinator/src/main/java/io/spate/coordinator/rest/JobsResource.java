package io.spate.coordinator.rest;

import io.smallrye.mutiny.Uni;
import io.spate.coordinator.dispatcher.DispatcherVerticle;
import io.spate.coordinator.dispatcher.JobAlreadyEndedException;
import io.spate.coordinator.dispatcher.JobNotFoundException;
import io.spate.jobgraph.JobGraph;
import io.spate.jobspec.JobGraphCompiler;
import io.spate.jobspec.JobSpecException;
import io.spate.jobspec.JobSpecFormat;
import io.spate.jobspec.JobSpecParser;
import io.spate.rpc.endpoint.Endpoint;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The jobs API (src-docs/contracts.md §3): submit, list, inspect, cancel. Parses and compiles a
 * submitted spec here, so a bad one is refused before anything reaches the dispatcher; everything
 * else asks the dispatcher verticle. Errors are {@code {"errors": [...]}} with 400, 404, 409, 413
 * (from {@link RequestBodyLimit}), 415 or 503.
 */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
public final class JobsResource {

    private final DispatcherVerticle dispatcher;
    private final SpecWorkers specWorkers;
    private final io.spate.coordinator.usercode.UserCodeCheck userCode;

    JobsResource(
            DispatcherVerticle dispatcher,
            SpecWorkers specWorkers,
            io.spate.coordinator.usercode.UserCodeCheck userCode) {
        this.dispatcher = dispatcher;
        this.specWorkers = specWorkers;
        this.userCode = userCode;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Submit a job spec (YAML or JSON by Content-Type)")
    @APIResponse(responseCode = "202", description = "accepted: {\"jobid\"}")
    @APIResponse(responseCode = "400", description = "invalid spec: {\"errors\": [every problem]}")
    @APIResponse(responseCode = "413", description = "body larger than spate.jobs.max-spec-size")
    @APIResponse(responseCode = "415", description = "Content-Type is neither YAML nor JSON")
    @APIResponse(
            responseCode = "503",
            description =
                    "too many specs being parsed, or parsing took past spate.jobs.parse-timeout")
    public Uni<Response> submit(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        JobSpecFormat format =
                JobSpecFormat.forContentType(contentType)
                        .orElseThrow(() -> new UnsupportedSpecFormatException(contentType));
        // A hostile spec can cost real time to parse: never on the event loop, and bounded.
        Context caller = Vertx.currentContext();
        Uni<JobGraph> graph =
                Uni.createFrom()
                        .completionStage(
                                () ->
                                        specWorkers.run(
                                                () -> {
                                                    var spec =
                                                            JobSpecParser.parse(
                                                                    new InterruptibleReader(body),
                                                                    format);
                                                    // Jars and Java functions: checked against
                                                    // the uploaded jars, no class loaded.
                                                    return userCode.check(
                                                            spec, JobGraphCompiler.compile(spec));
                                                }));
        if (caller != null) {
            graph = graph.emitOn(task -> caller.runOnContext(v -> task.run()));
        }
        return graph.flatMap(g -> Endpoint.backToCaller(dispatcher.submit(g)))
                .map(id -> Response.accepted(new JobsJson.Submitted(id)).build());
    }

    /** A spec's text that stops being readable once its parse thread is interrupted. */
    private static final class InterruptibleReader extends FilterReader {
        InterruptibleReader(byte[] utf8) {
            super(new InputStreamReader(new ByteArrayInputStream(utf8), StandardCharsets.UTF_8));
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("parsing abandoned");
            }
            return super.read(buffer, offset, length);
        }
    }

    @GET
    @Path("overview")
    @Operation(summary = "Every running and remembered job")
    public Uni<JobsJson.JobsOverview> overview() {
        return Endpoint.backToCaller(dispatcher.jobs())
                .map(
                        list -> {
                            long now = System.currentTimeMillis();
                            return new JobsJson.JobsOverview(
                                    list.stream()
                                            .map(s -> JobsJson.JobOverview.of(s, now))
                                            .toList());
                        });
    }

    @GET
    @Path("{jobid}")
    @Operation(summary = "A job with its vertices, their status and metrics")
    @APIResponse(responseCode = "404", description = "unknown job")
    public Uni<JobsJson.Job> job(@PathParam("jobid") String jobId) {
        return Endpoint.backToCaller(dispatcher.details(jobId))
                .map(d -> JobsJson.Job.of(d, System.currentTimeMillis()));
    }

    @PATCH
    @Path("{jobid}")
    @Operation(summary = "Cancel a job (mode=cancel)")
    @APIResponse(responseCode = "202", description = "the job is cancelling")
    @APIResponse(responseCode = "400", description = "mode is not cancel")
    @APIResponse(responseCode = "404", description = "unknown job")
    @APIResponse(responseCode = "409", description = "the job has already ended")
    public Uni<Response> cancel(
            @PathParam("jobid") String jobId,
            @Parameter(description = "only 'cancel'") @QueryParam("mode") String mode) {
        if (!"cancel".equals(mode)) {
            return Uni.createFrom()
                    .item(
                            Response.status(Response.Status.BAD_REQUEST)
                                    .entity(
                                            JobsJson.Errors.of(
                                                    "mode: expected 'cancel', got "
                                                            + (mode == null
                                                                    ? "nothing"
                                                                    : "'" + mode + "'")))
                                    .type(MediaType.APPLICATION_JSON)
                                    .build());
        }
        return Endpoint.backToCaller(dispatcher.cancel(jobId))
                .map(
                        v ->
                                Response.accepted()
                                        .type(MediaType.APPLICATION_JSON)
                                        .entity("{}")
                                        .build());
    }

    @GET
    @Path("{jobid}/vertices/{vertexid}/watermarks")
    @Operation(summary = "Each subtask's current input watermark (Flink's shape)")
    @APIResponse(responseCode = "404", description = "unknown job or vertex")
    public Uni<List<JobsJson.WatermarkMetric>> watermarks(
            @PathParam("jobid") String jobId, @PathParam("vertexid") String vertexId) {
        return Endpoint.backToCaller(dispatcher.details(jobId))
                .map(
                        d ->
                                d.vertices().stream()
                                        .filter(v -> v.id().equals(vertexId))
                                        .findFirst()
                                        .map(JobsJson.WatermarkMetric::of)
                                        .orElseThrow(
                                                () -> new JobNotFoundException(jobId, vertexId)));
    }

    @GET
    @Path("{jobid}/exceptions")
    @Operation(summary = "The job's root exception and failure history")
    public Uni<JobsJson.Exceptions> exceptions(@PathParam("jobid") String jobId) {
        return Endpoint.backToCaller(dispatcher.exceptions(jobId)).map(JobsJson.Exceptions::of);
    }

    @GET
    @Path("{jobid}/checkpoints")
    @Operation(summary = "Checkpoint counts and the latest checkpoints")
    public Uni<JobsJson.Checkpoints> checkpoints(@PathParam("jobid") String jobId) {
        return Endpoint.backToCaller(dispatcher.checkpoints(jobId)).map(JobsJson.Checkpoints::of);
    }

    // ------------------------------------------------------------- errors as {"errors": [...]}

    @ServerExceptionMapper
    Response invalidSpec(JobSpecException e) {
        return error(Response.Status.BAD_REQUEST, new JobsJson.Errors(e.errors()));
    }

    @ServerExceptionMapper
    Response unsupportedFormat(UnsupportedSpecFormatException e) {
        return error(Response.Status.UNSUPPORTED_MEDIA_TYPE, JobsJson.Errors.of(e.getMessage()));
    }

    @ServerExceptionMapper
    Response overloaded(SpecWorkers.Overloaded e) {
        return error(Response.Status.SERVICE_UNAVAILABLE, JobsJson.Errors.of(e.getMessage()));
    }

    @ServerExceptionMapper
    Response notFound(JobNotFoundException e) {
        return error(Response.Status.NOT_FOUND, JobsJson.Errors.of(e.getMessage()));
    }

    @ServerExceptionMapper
    Response alreadyEnded(JobAlreadyEndedException e) {
        return error(Response.Status.CONFLICT, JobsJson.Errors.of(e.getMessage()));
    }

    private static Response error(Response.Status status, JobsJson.Errors errors) {
        return Response.status(status).entity(errors).type(MediaType.APPLICATION_JSON).build();
    }
}
