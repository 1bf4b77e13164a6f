package dev.canopy.dlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkStitcherTest {
    static final ScanEngine ENGINE = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).salt("t".getBytes()).build();

    /** Splits like the connector: chunk i starts at i*step - overlap (except the first). */
    static List<ChunkStitcher.Chunk> split(String text, int size, int overlap) {
        List<ChunkStitcher.Chunk> chunks = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int start = Math.max(0, pos - (pos == 0 ? 0 : overlap));
            int end = Math.min(text.length(), pos + size);
            chunks.add(new ChunkStitcher.Chunk(start, text.substring(start, end)));
            pos = end;
        }
        return chunks;
    }

    @Test
    void secretAcrossABoundaryIsFoundOnceWithWholeTextOffsets() {
        String secret = "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            sb.append("Paragraph ").append(i).append(" of ordinary text about the release process.\n");
        }
        int at = 4000 - 10; // crosses the 4000 boundary
        sb.insert(at, " token " + secret + " ");
        sb.append("mail ops@example.org at the end\n");
        String text = sb.toString();
        List<Match> whole = ENGINE.scan(text);
        for (int overlap : new int[] {0, 16, 200}) {
            List<Match> stitched = ChunkStitcher.scanChunks(ENGINE, split(text, 4000, overlap));
            assertThat(stitched).as("overlap %d", overlap).hasSameSizeAs(whole);
            assertThat(stitched.stream().filter(m -> m.detectorId().equals("github-pat"))).hasSize(1);
            Match m = stitched.stream().filter(x -> x.detectorId().equals("github-pat")).findFirst().orElseThrow();
            assertThat(text.substring(m.start(), m.end())).isEqualTo(secret);
            Match w = whole.stream().filter(x -> x.detectorId().equals("github-pat")).findFirst().orElseThrow();
            assertThat(m.line()).isEqualTo(w.line());
            assertThat(m.evidence()).isEqualTo(w.evidence());
        }
    }

    @Test
    void matchInsideOverlapIsReportedOnce() {
        String text = "x".repeat(990) + " AKIAZ7QW3ERT5YUI2OPA " + "y".repeat(2000);
        List<Match> m = ChunkStitcher.scanChunks(ENGINE, split(text, 1000, 100));
        assertThat(m).extracting(Match::detectorId).containsExactly("aws-access-key-id");
    }

    /**
     * A text in one chunk is scanned as it is (no copy through the tail): the same matches, offsets, lines and
     * evidence as the engine on the whole text and as the same text stitched from chunks; nothing after the last.
     */
    @Test
    void aSingleChunkGivesTheEnginesMatchesAndNothingFollowsTheLastChunk() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            sb.append("Line ").append(i).append(i % 37 == 0 ? " key AKIAZ7QW3ERT5YUI2OPA mail dev" + i + "@example.org"
                    : " of ordinary text").append('\n');
        }
        String text = sb.toString();
        List<Match> whole = ENGINE.scan(text);
        assertThat(whole).hasSizeGreaterThan(10);
        ChunkStitcher single = new ChunkStitcher(ENGINE);
        List<Match> one = single.accept(0, 0, text, true);
        assertThat(one).extracting(Match::detectorId, Match::start, Match::end, Match::line, Match::evidence)
                .containsExactlyElementsOf(whole.stream().map(m -> org.assertj.core.groups.Tuple.tuple(m.detectorId(),
                        m.start(), m.end(), m.line(), m.evidence())).toList());
        List<Match> stitched = ChunkStitcher.scanChunks(ENGINE, split(text, 2000, 100));
        assertThat(stitched).extracting(Match::detectorId, Match::start, Match::line)
                .containsExactlyInAnyOrderElementsOf(one.stream().map(m -> org.assertj.core.groups.Tuple.tuple(
                        m.detectorId(), m.start(), m.line())).toList());
        assertThatThrownBy(() -> single.accept(1, text.length(), "more", true)).isInstanceOf(IllegalStateException.class);
    }
}
