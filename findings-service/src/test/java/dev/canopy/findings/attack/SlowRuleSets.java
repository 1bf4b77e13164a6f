package dev.canopy.findings.attack;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Collectors;

/** Gitleaks rule sets and custom rules that are valid and within every limit but slow to compile. */
final class SlowRuleSets {
    private SlowRuleSets() {
    }

    /** Rules whose gates are each expensive to build (nondeterministic repeats), all valid and within the limits. */
    static String slowToCompile(int rules) {
        StringBuilder toml = new StringBuilder();
        for (int i = 0; i < rules; i++) {
            toml.append("[[rules]]\nid = \"slow-").append(i).append("\"\nregex = '''").append(slowRegex(i))
                    .append("'''\nkeywords = [\"").append(keyword(i)).append("\"]\n\n");
        }
        return toml.toString();
    }

    /** The regex of slow rule {@code i}: its linear-time gate explores thousands of DFA states. */
    static String slowRegex(int i) {
        String alternatives = "abcdefghijklmnopqrstuvwxyz0123".chars()
                .mapToObj(c -> "[a-z0-9]*" + (char) c + "[a-z0-9]{8}").collect(Collectors.joining("|"));
        return "(?i)" + keyword(i) + "(?:" + alternatives + ")";
    }

    static String keyword(int i) {
        return "tok" + i + "_";
    }

    /** Posts {@code toml} as a rule set import of the tenant of {@code adminToken}; the answer's status. */
    static int importStatus(String adminToken, String toml) {
        return given().auth().oauth2(adminToken).contentType("text/plain").body(toml).post("/api/v1/dlp/rulesets")
                .statusCode();
    }

    /** Imports {@code toml} as the tenant of {@code adminToken} (201 expected); how long the import took. */
    static Duration importTimed(String adminToken, String toml) {
        long t0 = System.nanoTime();
        assertThat(importStatus(adminToken, toml)).as("import status").isEqualTo(201);
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
