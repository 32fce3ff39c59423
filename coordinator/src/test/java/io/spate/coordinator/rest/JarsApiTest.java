package io.spate.coordinator.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.spate.coordinator.usercode.TestJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /jars} with user code allowed: Flink's shapes, bounds, and jobs naming jars. */
@QuarkusTest
@TestProfile(JarsApiTest.UserCodeAllowed.class)
class JarsApiTest {

    public static final class UserCodeAllowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "spate.jobs.user-code", "true",
                    "spate.jobs.max-jar-size", "256k",
                    "spate.jobs.jar-dir", "target/spate-data/jars-api-test");
        }
    }

    private static Path jar(String name) throws Exception {
        Path dir = Files.createTempDirectory("jars-api");
        return TestJars.jar(
                dir,
                name,
                Map.of(
                        "com.acme.Up",
                        """
                        package com.acme;
                        import io.spate.api.*;
                        import io.spate.record.Row;
                        public class Up implements MapFunction {
                            public Row map(Row in) { return in; }
                        }
                        """));
    }

    @Test
    void uploadListDelete_inFlinksShapes() throws Exception {
        String filename =
                given().multiPart("jarfile", jar("fn").toFile())
                        .when()
                        .post("/jars/upload")
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("success"))
                        .body("filename", matchesPattern(".*/[0-9a-f-]{36}_fn\\.jar"))
                        .extract()
                        .path("filename");
        String id = filename.substring(filename.lastIndexOf('/') + 1);
        given().when()
                .get("/jars")
                .then()
                .statusCode(200)
                .body("address", containsString("http"))
                .body("files.id", hasItem(id))
                .body("files.find { it.id == '" + id + "' }.name", equalTo("fn.jar"))
                .body("files.find { it.id == '" + id + "' }.entry.name", hasItem("com.acme.Up"));
        // a job naming it passes the check (and fails later only for want of slots)
        String job =
                """
                {"name": "j", "jars": ["%s"], "pipeline": {"transforms": [
                  {"type": "Sequence", "config": {"to": 10}},
                  {"type": "JavaFunction", "config": {"class": "com.acme.Up"}},
                  {"type": "Discard"}]}}
                """
                        .formatted(id);
        given().contentType("application/json")
                .body(job)
                .when()
                .post("/jobs")
                .then()
                .statusCode(202);
        given().contentType("application/json")
                .body(job.replace("com.acme.Up", "com.acme.Nope"))
                .when()
                .post("/jobs")
                .then()
                .statusCode(400)
                .body(
                        "errors",
                        hasItem(
                                containsString(
                                        "pipeline.transforms[1].config.class: no class com.acme.Nope")));
        given().when().delete("/jars/" + id).then().statusCode(200);
        given().when().get("/jars").then().body("files.id", not(hasItem(id)));
        given().when().delete("/jars/" + id).then().statusCode(404);
        given().contentType("application/json")
                .body(job)
                .when()
                .post("/jobs")
                .then()
                .statusCode(400)
                .body("errors", hasItem(containsString("jars[0]: no uploaded jar " + id)));
    }

    @Test
    void aFileThatIsNotAJarIs400_oneBeyondTheBoundIs413() throws Exception {
        Path fake = Files.createTempFile("fake", ".jar");
        Files.writeString(fake, "not a zip");
        given().multiPart("jarfile", fake.toFile())
                .when()
                .post("/jars/upload")
                .then()
                .statusCode(400)
                .body("errors[0]", containsString("not a jar"));
        Path big = Files.createTempFile("big", ".jar");
        Files.write(big, new byte[512 * 1024]);
        given().multiPart("jarfile", big.toFile())
                .when()
                .post("/jars/upload")
                .then()
                .statusCode(413);
        given().multiPart("other", fake.toFile())
                .when()
                .post("/jars/upload")
                .then()
                .statusCode(400)
                .body("errors[0]", containsString("jarfile: required"));
    }
}
