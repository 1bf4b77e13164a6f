package dev.canopy.connector.attack;

import static dev.canopy.connector.attack.Attacks.post;
import static dev.canopy.connector.attack.Attacks.verified;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.buffer.Buffer;

/**
 * Issue 12 item 5 (Tika with a 100M-character buffer and no timeout): a small DOCX (about 1.5 MB) whose document part
 * inflates to about 60 million characters of text. It stays under POI's zip-bomb ratio check (about 40x, POI refuses
 * above 100x), so only the connector's own bounds stop it. The run must complete with the attachment skipped and a
 * reason, and heap use must stay bounded.
 */
@QuarkusTest
class ZipBombAttachmentAttackTest {
    static final int PARAGRAPHS = 64_000;
    static final String FILLER = "lorem ipsum dolor sit amet ".repeat(35);

    @Test
    void anExpandingDocxIsSkippedWithAReasonAndTheRunCompletes() throws Exception {
        byte[] bomb = bomb();
        try (FakeAtlassian fake = FakeAtlassian.start()) {
            fake.json("/site/wiki/api/v2/attachments", 200, "{\"results\":[{\"id\":\"bomb1\",\"title\":\"report.docx\","
                    + "\"mediaType\":\"application/vnd.openxmlformats-officedocument.wordprocessingml.document\","
                    + "\"fileSize\":" + bomb.length + ",\"status\":\"current\",\"pageId\":\"1\","
                    + "\"version\":{\"number\":1,\"createdAt\":\"2024-01-01T00:00:00Z\"},"
                    + "\"downloadLink\":\"/download/attachments/1/report.docx\"}],\"_links\":{}}");
            // Confluence is licensed on this site (the run probes it once before listing content)
            fake.json("/site/wiki/api/v2/spaces", 200, "{\"results\":[],\"_links\":{}}");
            fake.on("/site/wiki/rest/api/content/1/child/attachment/attbomb1/download", r -> r.response()
                    .putHeader("content-type", "application/octet-stream").end(Buffer.buffer(bomb)));
            String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("bomb"));
            String base = "http://127.0.0.1:" + fake.port();
            String id = post(token, Attacks.connection(base, List.of(Attacks.site(base + "/site", "t")))).path("id");
            verified(token, id);

            var memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long baseline = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(baseline);
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            long started = System.nanoTime();
            JsonPath run = Attacks.awaitRun(token, Attacks.trigger(token, id, "full"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            sampling.set(false);
            sampler.join();
            System.out.printf("zip bomb: %d bytes docx, run %s in %d ms, heap baseline %d MB, peak %d MB (+%d MB), skipped %s%n",
                    bomb.length, run.getString("status"), millis, baseline >> 20, peak.get() >> 20,
                    (peak.get() - baseline) >> 20, run.getList("metrics.skipped"));
            assertThat(run.getString("status")).isIn("succeeded", "partial");
            assertThat(run.getList("metrics.skipped").toString()).contains("bomb1").containsAnyOf("exceeds", "timed out");
            assertThat(fake.seenOn("/site/wiki/rest/api/content/1/child/attachment/")).hasSize(1);
        }
    }

    /** [Content_Types].xml, _rels/.rels and a word/document.xml of PARAGRAPHS paragraphs of ~970 characters each. */
    static byte[] bomb() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Random random = new Random(12);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            put(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                    + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
                    + "</Types>");
            put(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                    + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
                    + "</Relationships>");
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document "
                    + "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>")
                    .getBytes(StandardCharsets.UTF_8));
            StringBuilder p = new StringBuilder(1100);
            for (int i = 0; i < PARAGRAPHS; i++) {
                p.setLength(0);
                p.append("<w:p><w:r><w:t>");
                for (int j = 0; j < 24; j++) {
                    p.append((char) ('a' + random.nextInt(26)));
                }
                p.append(' ').append(FILLER).append("</w:t></w:r></w:p>");
                zip.write(p.toString().getBytes(StandardCharsets.UTF_8));
            }
            zip.write("</w:body></w:document>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
