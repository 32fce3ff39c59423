package io.spate.coordinator.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.spate.coordinator.rpc.service.CoordinatorClient;
import io.spate.rpc.proto.RegisterExecutorRequest;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** With spate.auth.token set, REST and gRPC need the token; health probes do not. */
@QuarkusTest
@TestProfile(AuthTokenTest.WithToken.class)
public class AuthTokenTest {

    public static final String TOKEN = "s3cret-token";

    public static final class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("spate.auth.token", TOKEN);
        }
    }

    @TestHTTPResource("/")
    URL coordinator;

    private static RegisterExecutorRequest registration() {
        return RegisterExecutorRequest.newBuilder()
                .setExecutorId("exec-auth")
                .setGrpcHost("127.0.0.1")
                .setGrpcPort(1)
                .setSlots(1)
                .build();
    }

    @Test
    void restWithoutTheTokenIsUnauthorizedWithAJsonError() {
        given().get("/overview")
                .then()
                .statusCode(401)
                .contentType("application/json")
                .body(
                        "errors[0]",
                        equalTo(
                                "missing or wrong Authorization: Bearer <spate.auth.token> header"));
        given().header("Authorization", "Bearer wrong").get("/taskmanagers").then().statusCode(401);
        given().get("/q/metrics").then().statusCode(401);
    }

    @Test
    void restWithTheTokenIsServed() {
        given().header("Authorization", "Bearer " + TOKEN).get("/overview").then().statusCode(200);
        given().header("Authorization", "Bearer " + TOKEN)
                .get("/taskmanagers")
                .then()
                .statusCode(200);
    }

    @Test
    void healthNeedsNoToken() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.name", hasItem("resource-manager"));
    }

    @Test
    void grpcWithoutTheTokenIsUnauthenticated() throws Exception {
        try (CoordinatorClient anonymous = new CoordinatorClient(coordinator, Optional.empty())) {
            assertThatThrownBy(() -> anonymous.stub().registerExecutor(registration()))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e ->
                                    assertThat(e.getStatus().getCode())
                                            .isEqualTo(Status.Code.UNAUTHENTICATED));
        }
        try (CoordinatorClient wrong = new CoordinatorClient(coordinator, Optional.of("nope"))) {
            assertThatThrownBy(() -> wrong.stub().registerExecutor(registration()))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e ->
                                    assertThat(e.getStatus().getCode())
                                            .isEqualTo(Status.Code.UNAUTHENTICATED));
        }
    }

    @Test
    void grpcWithTheTokenIsServed() throws Exception {
        try (CoordinatorClient client = new CoordinatorClient(coordinator, Optional.of(TOKEN))) {
            assertThat(client.stub().registerExecutor(registration()).getRegistrationId())
                    .isNotEmpty();
        }
    }
}
