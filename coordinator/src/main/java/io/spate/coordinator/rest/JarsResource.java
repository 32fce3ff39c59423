package io.spate.coordinator.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.spate.coordinator.config.CoordinatorConfig;
import io.spate.coordinator.usercode.JarStore;
import io.spate.coordinator.usercode.StoredJar;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * User jars, with Flink's paths and shapes (src-docs/java-functions.md): {@code POST /jars/upload}
 * (multipart field {@code jarfile}), {@code GET /jars}, {@code DELETE /jars/{jarid}}. Uploading is
 * running code on every executor, so it is refused (403) unless the API is protected by {@code
 * spate.auth.token} or {@code spate.jobs.user-code=true} says the network is trusted. Methods run
 * on worker threads (they block on file IO), never on an event loop.
 */
@Path("/jars")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jars")
public final class JarsResource {

    /** Flink's upload answer. */
    public record Uploaded(
            @JsonProperty("filename") String filename, @JsonProperty("status") String status) {}

    /** Flink's {@code GET /jars}. */
    public record Jars(
            @JsonProperty("address") String address, @JsonProperty("files") List<JarFile> files) {}

    /** One jar; {@code entry} lists its function classes (Flink: its entry classes). */
    public record JarFile(
            @JsonProperty("id") String id,
            @JsonProperty("name") String name,
            @JsonProperty("uploaded") long uploaded,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("entry") List<Entry> entry) {}

    public record Entry(
            @JsonProperty("name") String name, @JsonProperty("description") String description) {}

    private final JarStore jars;
    private final boolean allowed;

    JarsResource(JarStore jars, CoordinatorConfig config) {
        this.jars = jars;
        this.allowed =
                config.auth().token().filter(t -> !t.isBlank()).isPresent()
                        || config.jobs().userCode();
    }

    @POST
    @Path("upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload a jar of Java functions (multipart field jarfile)")
    @APIResponse(responseCode = "200", description = "{\"filename\", \"status\": \"success\"}")
    @APIResponse(responseCode = "400", description = "no jarfile, or not a jar")
    @APIResponse(
            responseCode = "403",
            description = "neither spate.auth.token nor spate.jobs.user-code=true is set")
    @APIResponse(responseCode = "413", description = "larger than spate.jobs.max-jar-size")
    public Response upload(@RestForm("jarfile") FileUpload jarfile) throws IOException {
        if (!allowed) {
            return error(Response.Status.FORBIDDEN, FORBIDDEN);
        }
        if (jarfile == null || jarfile.uploadedFile() == null) {
            return error(
                    Response.Status.BAD_REQUEST,
                    "jarfile: required (multipart/form-data with the jar in field jarfile)");
        }
        try {
            StoredJar jar = jars.add(jarfile.uploadedFile(), jarfile.fileName());
            return Response.ok(new Uploaded(jar.file().toAbsolutePath().toString(), "success"))
                    .build();
        } catch (JarStore.JarTooLargeException e) {
            return error(Response.Status.REQUEST_ENTITY_TOO_LARGE, e.getMessage());
        } catch (JarStore.BadJarException e) {
            return error(Response.Status.BAD_REQUEST, "jarfile: " + e.getMessage());
        }
    }

    @GET
    @Operation(summary = "The uploaded jars, newest first")
    public Jars list(@Context HttpServerRequest request) {
        String scheme = request.scheme() == null ? "http" : request.scheme();
        String host = request.authority() == null ? "" : request.authority().toString();
        return new Jars(
                scheme + "://" + host,
                jars.list().stream()
                        .map(
                                j ->
                                        new JarFile(
                                                j.id(),
                                                j.name(),
                                                j.uploaded(),
                                                j.sha256(),
                                                j.functions().entrySet().stream()
                                                        .map(
                                                                e ->
                                                                        new Entry(
                                                                                e.getKey(),
                                                                                e.getValue()
                                                                                        .interfaceName()))
                                                        .toList()))
                        .toList());
    }

    @DELETE
    @Path("{jarid}")
    @Operation(summary = "Delete an uploaded jar")
    @APIResponse(responseCode = "404", description = "no such jar")
    public Response delete(@PathParam("jarid") String id) throws IOException {
        if (!jars.delete(id)) {
            return error(Response.Status.NOT_FOUND, "no jar " + id);
        }
        return Response.ok("{}").type(MediaType.APPLICATION_JSON).build();
    }

    static final String FORBIDDEN =
            "jar upload runs user code on every executor: set spate.auth.token (then every REST"
                    + " call needs the token), or spate.jobs.user-code=true on a trusted network"
                    + " (src-docs/java-functions.md \"Security\")";

    private static Response error(Response.Status status, String message) {
        return Response.status(status)
                .entity(JobsJson.Errors.of(message))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }
}
