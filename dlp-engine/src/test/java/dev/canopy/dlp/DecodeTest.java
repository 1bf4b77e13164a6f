package dev.canopy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Base64 blocks and URL-encoded values are decoded (depth 1, bounded) and scanned, offsets mapped back. */
class DecodeTest {
    private static final ScanEngine ENGINE = ScanEngine.builder().addAll(DetectorCatalog.builtIns())
            .fingerprintKey("k".getBytes()).build();

    private static String token() {
        Random r = new Random(5);
        String an = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder("ghp_");
        for (int i = 0; i < 36; i++) {
            sb.append(an.charAt(r.nextInt(an.length())));
        }
        return sb.toString();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTokenInABase64BlockIsFoundWithinTheBlockWithThePlainFingerprint() {
        String token = token();
        String blob = b64("# ci.env\nREGION=eu-west-1\nGITHUB_TOKEN=" + token + "\nLOG_LEVEL=info\n");
        String text = "intro line\n<ac:plain-text-body><![CDATA[" + blob + "]]></ac:plain-text-body>\n";
        List<Match> ms = ENGINE.scan(text).stream().filter(m -> m.detectorId().equals("github-pat")).toList();
        assertThat(ms).hasSize(1);
        Match m = ms.get(0);
        int blockStart = text.indexOf(blob);
        assertThat(m.start()).isGreaterThanOrEqualTo(blockStart);
        assertThat(m.end()).isLessThanOrEqualTo(blockStart + blob.length());
        assertThat(m.line()).isEqualTo(2);
        // the encoded span covers exactly the token's bits: decoding it (aligned) gives the token
        int a = m.start() - blockStart;
        int b = m.end() - blockStart;
        int alignedStart = a / 4 * 4;
        String piece = new String(Base64.getDecoder().decode(blob.substring(alignedStart, (b + 3) / 4 * 4)),
                StandardCharsets.UTF_8);
        assertThat(piece).contains(token);
        assertThat(m.evidence().why().decoded()).isEqualTo("base64");
        assertThat(m.evidence().fingerprint()).isEqualTo(ENGINE.scan("GITHUB_TOKEN=" + token).get(0).evidence().fingerprint());
        assertThat(m.evidence().maskedSnippet()).doesNotContain(token.substring(4));
    }

    /**
     * The storage format writes a quote in text as {@code &quot;}: a secret assigned in an inline code element or a
     * paragraph ({@code &quot;api_key&quot;: &quot;…&quot;}) is found in the decoded text node, mapped back, with the
     * plain value's fingerprint; an escaped word in prose stays nothing.
     */
    @Test
    void quotesWrittenAsEntitiesAreRead() {
        String secret = "Xk9mQ2zP7wLr4TnB8vYc3Hd6";
        String[] texts = {
            "<p>Set <code>&quot;api_key&quot;: &quot;" + secret + "&quot;</code> in the config</p>",
            "<p>api_key: &quot;" + secret + "&quot;</p>",
            "<p><code>export DB_PASSWORD=&quot;" + secret + "&quot;</code></p>",
            "<p>client_secret=&#39;" + secret + "&#39;</p>",
            "<p>{&quot;client_secret&quot;:&quot;" + secret + "&quot;}</p>"};
        String plainFingerprint = ENGINE.scan("api_key: \"" + secret + "\"").get(0).evidence().fingerprint();
        for (String text : texts) {
            List<Match> ms = ENGINE.scan(text).stream().filter(m -> m.type().equals("GENERIC_SECRET")).toList();
            assertThat(ms).as(text).hasSize(1);
            Match m = ms.get(0);
            assertThat(text.substring(m.start(), m.end())).as(text).contains(secret).doesNotContain("<");
            assertThat(m.evidence().why().decoded()).as(text).isEqualTo("html");
            assertThat(m.evidence().fingerprint()).as(text).isEqualTo(plainFingerprint);
        }
        String aws = "wJ8rXUtnFEMI2K7MDENGbPxRfiCYz9Qh3vT5kLm1";
        assertThat(ENGINE.scan("<p><code>aws_secret_access_key = &quot;" + aws + "&quot;</code></p>"))
                .extracting(Match::type).containsExactly("AWS_SECRET_ACCESS_KEY");
        assertThat(ENGINE.scan("<p>She said &quot;rotate the keys&quot; and left &amp; came back.</p>")).isEmpty();
    }

    @Test
    void wrappedBase64AndUrlEncodedValues() {
        String token = token();
        StringBuilder env = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            env.append("SETTING_").append(i).append("=value-").append(i).append('\n');
        }
        env.append("GITHUB_TOKEN=").append(token).append('\n');
        String blob = b64(env.toString());
        StringBuilder wrapped = new StringBuilder();
        for (int i = 0; i < blob.length(); i += 76) {
            wrapped.append("    ").append(blob, i, Math.min(blob.length(), i + 76)).append('\n');
        }
        List<Match> ms = ENGINE.scan("data: |\n" + wrapped);
        assertThat(ms).extracting(Match::detectorId).contains("github-pat");

        String link = "<a href=\"https://calendar.acme.io/invite?to=jane.doe%40globex.com&amp;x=1\">join</a>";
        Match mail = ENGINE.scan(link).stream().filter(m -> m.type().equals("EMAIL_ADDRESS")).findFirst().orElseThrow();
        assertThat(link.substring(mail.start(), mail.end())).isEqualTo("jane.doe%40globex.com");
        assertThat(mail.evidence().why().decoded()).isEqualTo("url");

        String hook = "https%3A%2F%2Fhooks.slack.com%2Fservices%2FT0ABCDEF12%2FB0ABCDEF12%2F" + "aB3dE5gH7jK9mN1pQ3sT5vW7";
        Match h = ENGINE.scan("target=" + hook).stream().filter(m -> m.type().equals("SLACK_WEBHOOK")).findFirst().orElseThrow();
        assertThat(("target=" + hook).substring(h.start(), h.end())).startsWith("hooks.slack.com%2Fservices").endsWith("W7");
    }

    @Test
    void boundedAndQuietOnBinaryOrPlainMatches() {
        String token = token();
        String blob = b64("GITHUB_TOKEN=" + token + "\n");
        assertThat(ScanEngine.builder().addAll(DetectorCatalog.builtIns()).decode(0).build().scan(blob)).isEmpty();
        assertThat(ScanEngine.builder().addAll(DetectorCatalog.builtIns()).decode(10).build().scan(blob)).isEmpty();
        // depth 1: base64 of base64 is not unwrapped twice
        assertThat(ENGINE.scan(b64(blob))).isEmpty();
        // random bytes decode to no text
        byte[] bytes = new byte[4096];
        new Random(1).nextBytes(bytes);
        assertThat(EncodedText.decode(Base64.getEncoder().encodeToString(bytes), 1 << 20).isEmpty()).isTrue();
        // a value found in plain text is not reported again from its encoded neighbour
        String url = "postgres://admin:S3cr%21tPa55w0rd9@db.internal:5432/app";
        assertThat(ENGINE.scan(url).stream().filter(m -> m.category() == Category.SECRET)).hasSize(1);
    }
}
