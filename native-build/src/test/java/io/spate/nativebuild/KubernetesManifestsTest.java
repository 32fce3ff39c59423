package io.spate.nativebuild;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests quarkus-kubernetes writes at package time (target/kubernetes) describe a
 * working cluster: the executors find the coordinator's Service, every probe points at a health
 * endpoint the app serves, and all processes share one checkpoint volume. Parsed here because
 * {@code kubectl apply --dry-run=client} needs a cluster's API server even for a dry run.
 */
class KubernetesManifestsTest {

    private static final ObjectMapper YAML = new YAMLMapper();

    @Test
    void coordinatorHasAServiceOn8081AndAProbedDeployment() throws IOException {
        List<JsonNode> docs = manifests("coordinator");
        JsonNode service = find(docs, "Service", "spate-coordinator");
        JsonNode port = service.path("spec").path("ports").get(0);
        assertThat(port.path("port").asInt()).isEqualTo(8081);
        assertThat(port.path("targetPort").asInt()).isEqualTo(8081);

        JsonNode deployment = find(docs, "Deployment", "spate-coordinator");
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(service.path("spec").path("selector"))
                .isEqualTo(
                        ((ObjectNode)
                                        deployment
                                                .path("spec")
                                                .path("template")
                                                .path("metadata")
                                                .path("labels")
                                                .deepCopy())
                                .without("app.kubernetes.io/managed-by"));
        JsonNode container = onlyContainer(deployment);
        assertThat(container.path("image").asText())
                .isEqualTo("localhost/spate/spate-coordinator:" + SpateBuild.VERSION);
        assertThat(container.path("imagePullPolicy").asText()).isEqualTo("IfNotPresent");
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8081);
        assertProbes(container, 8081);
        assertSharedCheckpoints(deployment);
    }

    @Test
    void executorsRegisterWithTheCoordinatorServiceAndAdvertiseTheirPodIp() throws IOException {
        JsonNode coordinatorService =
                find(manifests("coordinator"), "Service", "spate-coordinator");
        JsonNode deployment = find(manifests("executor"), "Deployment", "spate-executor");
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
        JsonNode container = onlyContainer(deployment);
        assertThat(container.path("image").asText())
                .isEqualTo("localhost/spate/spate-executor:" + SpateBuild.VERSION);
        String address = env(container, "SPATE_COORDINATOR_ADDRESS").path("value").asText();
        assertThat(address)
                .isEqualTo(
                        coordinatorService.path("metadata").path("name").asText()
                                + ":"
                                + coordinatorService
                                        .path("spec")
                                        .path("ports")
                                        .get(0)
                                        .path("port")
                                        .asInt());
        assertThat(
                        env(container, "SPATE_ADVERTISED_HOST")
                                .path("valueFrom")
                                .path("fieldRef")
                                .path("fieldPath")
                                .asText())
                .isEqualTo("status.podIP");
        assertProbes(container, 8082);
        assertSharedCheckpoints(deployment);
    }

    @Test
    void theKustomizationDeclaresTheCheckpointClaimTheDeploymentsMount() throws IOException {
        Path k8s = SpateBuild.HOME.resolve("native-build/k8s");
        JsonNode kustomization = YAML.readTree(k8s.resolve("kustomization.yaml").toFile());
        List<String> resources = new ArrayList<>();
        kustomization.path("resources").forEach(r -> resources.add(r.asText()));
        assertThat(resources)
                .containsExactlyInAnyOrder(
                        "checkpoints-pvc.yaml", "coordinator.yml", "executor.yml");
        JsonNode pvc = YAML.readTree(k8s.resolve("checkpoints-pvc.yaml").toFile());
        assertThat(pvc.path("kind").asText()).isEqualTo("PersistentVolumeClaim");
        assertThat(pvc.path("metadata").path("name").asText()).isEqualTo("spate-checkpoints");
        assertThat(pvc.path("spec").path("accessModes").get(0).asText()).isEqualTo("ReadWriteMany");
    }

    @Test
    void noKindNeedsACustomResourceDefinition() throws IOException {
        for (String app : List.of("coordinator", "executor")) {
            for (JsonNode doc : manifests(app)) {
                assertThat(doc.path("kind").asText()).as(app).isIn("Service", "Deployment");
            }
        }
    }

    private static void assertProbes(JsonNode container, int port) {
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
                .isEqualTo("/q/health/ready");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
                .isEqualTo("/q/health/live");
        assertThat(container.path("startupProbe").path("httpGet").path("path").asText())
                .isEqualTo("/q/health/started");
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            assertThat(container.path(probe).path("httpGet").path("port").asInt())
                    .as(probe)
                    .isEqualTo(port);
        }
    }

    private static void assertSharedCheckpoints(JsonNode deployment) {
        JsonNode spec = deployment.path("spec").path("template").path("spec");
        JsonNode container = onlyContainer(deployment);
        String dir = env(container, "SPATE_CHECKPOINTS_DIR").path("value").asText();
        assertThat(dir).isEqualTo("/spate-data/checkpoints");
        JsonNode mount = container.path("volumeMounts").get(0);
        assertThat(mount.path("mountPath").asText()).isEqualTo(dir);
        JsonNode volume = spec.path("volumes").get(0);
        assertThat(volume.path("name").asText()).isEqualTo(mount.path("name").asText());
        assertThat(volume.path("persistentVolumeClaim").path("claimName").asText())
                .isEqualTo("spate-checkpoints");
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no env " + name + " in " + container.path("env"));
    }

    private static JsonNode onlyContainer(JsonNode deployment) {
        JsonNode containers =
                deployment.path("spec").path("template").path("spec").path("containers");
        assertThat(containers.size()).isEqualTo(1);
        return containers.get(0);
    }

    private static JsonNode find(List<JsonNode> docs, String kind, String name) {
        Optional<JsonNode> found =
                docs.stream()
                        .filter(
                                d ->
                                        d.path("kind").asText().equals(kind)
                                                && d.path("metadata")
                                                        .path("name")
                                                        .asText()
                                                        .equals(name))
                        .findFirst();
        return found.orElseThrow(
                () ->
                        new AssertionError(
                                "no "
                                        + kind
                                        + " "
                                        + name
                                        + " among "
                                        + docs.size()
                                        + " documents"));
    }

    /** Every document of {@code <app>/target/kubernetes/kubernetes.yml}. */
    static List<JsonNode> manifests(String app) throws IOException {
        Path file = SpateBuild.target(app).resolve("kubernetes/kubernetes.yml");
        assertThat(file).as("generated by `./mvnw package` (quarkus-kubernetes)").isRegularFile();
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(Files.readString(file))) {
            var it = JsonMapper.builder().build().readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isMissingNode() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }
}
