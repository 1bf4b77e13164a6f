package dev.canopy.connector.domain.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.canopy.contracts.events.EventCodec;

class TextChunkerTest {

    @Test
    void shortTextIsOneChunk() {
        List<TextChunker.Chunk> chunks = new TextChunker(1000, 10).split("hello");
        assertThat(chunks).singleElement().satisfies(c -> {
            assertThat(c.text()).isEqualTo("hello");
            assertThat(c.offset()).isZero();
            assertThat(c.overlap()).isZero();
        });
    }

    @Test
    void chunksStayUnderTheByteBudgetOverlapAndRebuildTheWholeText() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            sb.append("line ").append(i).append(" \"quoted\" é€😀\n");
        }
        String text = sb.toString();
        int budget = 4096;
        List<TextChunker.Chunk> chunks = new TextChunker(budget, 200).split(text);
        assertThat(chunks.size()).isGreaterThan(10);
        StringBuilder rebuilt = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            TextChunker.Chunk c = chunks.get(i);
            assertThat(c.index()).isEqualTo(i);
            // JSON-encoded size never exceeds the budget
            assertThat(EventCodec.toJson(c.text()).length - 2).isLessThanOrEqualTo(budget);
            assertThat(text.substring((int) c.offset(), (int) c.offset() + c.text().length())).isEqualTo(c.text());
            if (i > 0) {
                assertThat(c.overlap()).isBetween(199, 201);
                rebuilt.append(c.text().substring(c.overlap()));
            } else {
                rebuilt.append(c.text());
            }
        }
        assertThat(rebuilt.toString()).isEqualTo(text);
        assertThat(rebuilt.toString().getBytes(StandardCharsets.UTF_8)).hasSize(text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aSecretAcrossABoundaryAppearsWholeInOneChunk() {
        String secret = "AKIAIOSFODNN7EXAMPLE";
        for (int shift = 0; shift < 40; shift++) {
            String text = "x".repeat(1000 - shift) + secret + "y".repeat(1000);
            List<TextChunker.Chunk> chunks = new TextChunker(1010, 64).split(text);
            assertThat(chunks.size()).isGreaterThan(1);
            assertThat(chunks).anySatisfy(c -> assertThat(c.text()).contains(secret));
        }
    }

    @Test
    void emptyTextIsOneEmptyChunk() {
        assertThat(new TextChunker(200, 10).split("")).singleElement().satisfies(c -> assertThat(c.text()).isEmpty());
    }
}
