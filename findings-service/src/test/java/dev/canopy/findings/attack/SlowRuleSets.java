package dev.canopy.findings.attack;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.stream.Collectors;

/** Gitleaks rule sets that are valid and within every limit but slow to compile, and their timed import. */
final class SlowRuleSets {
    private SlowRuleSets() {
    }

    /** Rules whose gates are each expensive to build (nondeterministic repeats), all valid and within the limits. */
    static String slowToCompile(int rules) {
        String alternatives = "abcdefghijklmnopqrstuvwxyz0123".chars()
                .mapToObj(c -> "[a-z0-9]*" + (char) c + "[a-z0-9]{8}").collect(Collectors.joining("|"));
        StringBuilder toml = new StringBuilder();
        for (int i = 0; i < rules; i++) {
            toml.append("[[rules]]\nid = \"slow-").append(i).append("\"\nregex = '''(?i)tok").append(i).append("_(?:")
                    .append(alternatives).append(")'''\nkeywords = [\"tok").append(i).append("_\"]\n\n");
        }
        return toml.toString();
    }

    /** Imports {@code toml} as the tenant of {@code adminToken} (201 expected); how long the import took. */
    static Duration importTimed(String adminToken, String toml) {
        long t0 = System.nanoTime();
        given().auth().oauth2(adminToken).contentType("text/plain").body(toml).post("/api/v1/dlp/rulesets").then()
                .statusCode(201);
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
