package io.spate.coordinator.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Without a token and without spate.jobs.user-code=true, uploading code is refused. */
@QuarkusTest
class JarsForbiddenTest {

    @Test
    void jarUploadIs403WithoutATokenOrAnExplicitYes() throws Exception {
        Path jar = Files.createTempFile("any", ".jar");
        Files.writeString(jar, "whatever");
        given().multiPart("jarfile", jar.toFile())
                .when()
                .post("/jars/upload")
                .then()
                .statusCode(403)
                .body("errors[0]", containsString("spate.auth.token"))
                .body("errors[0]", containsString("spate.jobs.user-code=true"));
    }
}
