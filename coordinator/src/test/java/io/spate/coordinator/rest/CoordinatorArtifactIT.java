package io.spate.coordinator.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.spate.coordinator.rpc.gateway.TestingExecutorServer;
import io.spate.coordinator.rpc.service.CoordinatorClient;
import io.spate.rpc.proto.RegisterExecutorRequest;
import java.net.URL;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The packaged coordinator (the fast jar here; the {@code -runner} executable when built with
 * {@code -Dnative}) as a separate process: health, the REST API, and gRPC registration reach code
 * that native-image must have kept (reflection for the JSON records, protobuf, Netty).
 */
@QuarkusIntegrationTest
class CoordinatorArtifactIT {

    @TestHTTPResource("/")
    URL coordinator;

    @Test
    void healthAndOverviewAnswer() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/overview")
                .then()
                .statusCode(200)
                .body("taskmanagers", equalTo(0))
                .body("jobs-running", equalTo(0))
                .body("spate-version", notNullValue());
    }

    @Test
    void anExecutorRegisteredOverGrpcIsListed() throws Exception {
        try (TestingExecutorServer executor = new TestingExecutorServer();
                CoordinatorClient client = new CoordinatorClient(coordinator, Optional.empty())) {
            client.stub()
                    .registerExecutor(
                            RegisterExecutorRequest.newBuilder()
                                    .setExecutorId("artifact-it")
                                    .setGrpcHost("127.0.0.1")
                                    .setGrpcPort(executor.port())
                                    .setDataHost("127.0.0.1")
                                    .setDataPort(7001)
                                    .setSlots(3)
                                    .build());
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () ->
                                    given().get("/taskmanagers")
                                            .then()
                                            .statusCode(200)
                                            .body("taskmanagers.id", hasItem("artifact-it"))
                                            .body("taskmanagers[0].slotsNumber", equalTo(3)));
        }
    }
}
