package dev.canopy.dlp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Deterministic Confluence-like text: markup-derived prose (headings, paragraphs, lists, tables), code blocks
 * (Java, Python, shell), YAML and .properties snippets, URLs, names, dates, version numbers; optionally with
 * secrets planted at a given rate. Used by the JMH benchmark and the planted-secret quality test.
 */
public final class ConfluenceCorpus {
    public record Planted(String detectorId, int start, int end) {
    }

    public record Corpus(String text, List<Planted> planted) {
    }

    /** Vocabulary of the generated prose (shared with the evaluation corpus). */
    public static final String[] WORDS = ("the a an and or of to in for on with by from as at is are was be this that "
            + "we our team service platform release deploy pipeline review sprint backlog incident customer page space "
            + "project roadmap quarter goal owner meeting notes decision action item update status migration database "
            + "cluster node latency throughput budget design document approval security policy access rotation "
            + "credentials vault onboarding runbook escalation support ticket feature flag rollout metrics dashboard "
            + "alert threshold retention backup restore region network gateway proxy cache queue consumer producer "
            + "schema version api endpoint client request response error retry timeout token secret password key "
            + "config environment staging production developer engineer manager stakeholder timeline risk mitigation "
            + "performance capacity planning architecture diagram integration test coverage build artifact registry")
            .split(" ");
    private static final String[] NAMES = {"Alice Martin", "Bob Chen", "Carla Diaz", "Dev Patel", "Emma Novak",
        "Farid Haddad", "Grace Kim", "Hugo Laurent"};

    private final Random r;
    private final StringBuilder sb = new StringBuilder();
    private final List<Planted> planted = new ArrayList<>();

    private ConfluenceCorpus(long seed) {
        r = new Random(seed);
    }

    /**
     * @param chars       approximate length
     * @param secretEvery plant one secret about every this many chars (0 = none)
     * @param secrets     detector id → generator of a text fragment {prefix, secret-bearing text}; the planted span
     *                    covers the whole fragment
     */
    public static Corpus generate(long seed, int chars, int secretEvery, Map<String, Function<Random, String>> secrets) {
        ConfluenceCorpus c = new ConfluenceCorpus(seed);
        List<String> ids = secrets == null ? List.of() : new ArrayList<>(secrets.keySet());
        int nextSecret = secretEvery;
        while (c.sb.length() < chars) {
            switch (c.r.nextInt(10)) {
                case 0 -> c.heading();
                case 1, 2, 3, 4 -> c.paragraph();
                case 5 -> c.list();
                case 6 -> c.code();
                case 7 -> c.yaml();
                case 8 -> c.properties();
                default -> c.table();
            }
            if (secretEvery > 0 && !ids.isEmpty() && c.sb.length() >= nextSecret) {
                String id = ids.get(c.r.nextInt(ids.size()));
                String fragment = secrets.get(id).apply(c.r);
                c.sb.append("Temporary note from ").append(NAMES[c.r.nextInt(NAMES.length)]).append(":\n");
                int start = c.sb.length();
                c.sb.append(fragment);
                c.planted.add(new Planted(id, start, c.sb.length()));
                c.sb.append("\n\n");
                nextSecret += secretEvery;
            }
        }
        return new Corpus(c.sb.toString(), List.copyOf(c.planted));
    }

    private String word() {
        return WORDS[r.nextInt(WORDS.length)];
    }

    private void sentence() {
        int n = 6 + r.nextInt(14);
        String w = word();
        sb.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
        for (int i = 1; i < n; i++) {
            sb.append(' ');
            int k = r.nextInt(40);
            if (k == 0) {
                sb.append(NAMES[r.nextInt(NAMES.length)]);
            } else if (k == 1) {
                sb.append("v").append(r.nextInt(5)).append('.').append(r.nextInt(20)).append('.').append(r.nextInt(10));
            } else if (k == 2) {
                sb.append("202").append(r.nextInt(6)).append("-0").append(1 + r.nextInt(9)).append('-').append(10 + r.nextInt(18));
            } else if (k == 3) {
                sb.append("https://wiki.example.com/spaces/ENG/pages/").append(100000 + r.nextInt(900000));
            } else if (k == 4) {
                sb.append(r.nextInt(100)).append('%');
            } else if (k == 5) {
                sb.append("PROJ-").append(r.nextInt(9000) + 100);
            } else {
                sb.append(word());
            }
        }
        sb.append(r.nextInt(8) == 0 ? "? " : ". ");
    }

    private void heading() {
        sb.append("\n").append(r.nextBoolean() ? "h2. " : "h3. ");
        for (int i = 0, n = 2 + r.nextInt(4); i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(word());
        }
        sb.append("\n\n");
    }

    private void paragraph() {
        for (int i = 0, n = 2 + r.nextInt(5); i < n; i++) {
            sentence();
        }
        sb.append("\n\n");
    }

    private void list() {
        for (int i = 0, n = 2 + r.nextInt(5); i < n; i++) {
            sb.append("* ");
            sentence();
            sb.append('\n');
        }
        sb.append('\n');
    }

    private void table() {
        sb.append("|| Component || Owner || Latency p99 (ms) || Last review ||\n");
        for (int i = 0, n = 2 + r.nextInt(5); i < n; i++) {
            sb.append("| ").append(word()).append('-').append(word()).append(" | ")
                    .append(NAMES[r.nextInt(NAMES.length)]).append(" | ").append(10 + r.nextInt(900)).append(" | 2025-")
                    .append(10 + r.nextInt(3)).append('-').append(10 + r.nextInt(18)).append(" |\n");
        }
        sb.append('\n');
    }

    private void code() {
        switch (r.nextInt(3)) {
            case 0 -> sb.append("{code:java}\npublic final class ").append(cap(word())).append("Client {\n")
                    .append("    private final HttpClient http = HttpClient.newHttpClient();\n")
                    .append("    private final String baseUrl = System.getenv(\"BASE_URL\");\n\n")
                    .append("    public Response fetch(String id) throws IOException {\n")
                    .append("        var req = HttpRequest.newBuilder(URI.create(baseUrl + \"/api/v2/items/\" + id))\n")
                    .append("                .header(\"Accept\", \"application/json\").timeout(Duration.ofSeconds(")
                    .append(5 + r.nextInt(25)).append(")).build();\n")
                    .append("        return mapper.readValue(http.send(req, ofString()).body(), Response.class);\n")
                    .append("    }\n}\n{code}\n\n");
            case 1 -> sb.append("{code:python}\ndef ").append(word()).append("_handler(event, context):\n")
                    .append("    items = [x for x in event.get(\"records\", []) if x[\"size\"] > ").append(r.nextInt(1000)).append("]\n")
                    .append("    logger.info(\"processing %d records\", len(items))\n")
                    .append("    password = os.environ[\"DB_PASSWORD\"]\n")
                    .append("    return {\"statusCode\": 200, \"count\": len(items)}\n{code}\n\n");
            default -> sb.append("{code:bash}\nkubectl -n ").append(word()).append(" rollout restart deploy/")
                    .append(word()).append("\nexport API_TOKEN=\"$(vault kv get -field=token secret/ci)\"\n")
                    .append("curl -sf -H \"Authorization: Bearer $API_TOKEN\" https://api.example.com/v1/health\n")
                    .append("docker build -t registry.example.com/team/app:1.").append(r.nextInt(40)).append(" .\n{code}\n\n");
        }
    }

    private void yaml() {
        sb.append("{code:yaml}\nspring:\n  datasource:\n    url: jdbc:postgresql://db-").append(r.nextInt(9))
                .append(".internal:5432/").append(word()).append("\n    username: app\n    password: ${DB_PASSWORD}\n")
                .append("  kafka:\n    bootstrap-servers: kafka-").append(r.nextInt(5)).append(":9092\n")
                .append("resilience:\n  retries: ").append(r.nextInt(9)).append("\n  timeout: ").append(r.nextInt(60))
                .append("s\nfeatures:\n  - ").append(word()).append("\n  - ").append(word()).append("\n{code}\n\n");
    }

    private void properties() {
        sb.append("{noformat}\nserver.port=").append(8000 + r.nextInt(999)).append("\napp.name=").append(word())
                .append("\napp.cache.ttl=").append(r.nextInt(3600)).append("\napp.secret=${APP_SECRET}\n")
                .append("logging.level.root=INFO\nmanagement.endpoints.web.exposure.include=health,info\n{noformat}\n\n");
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
