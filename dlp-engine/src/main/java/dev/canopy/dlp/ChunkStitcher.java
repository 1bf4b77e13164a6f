package dev.canopy.dlp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Scans a text delivered in ordered chunks (ContentData: {@code chunk, chunks, offset, overlap, totalLength, text})
 * and reports matches in whole-text offsets and lines, each exactly once, including secrets that cross a chunk
 * boundary and matches inside overlap regions.
 *
 * <p>It keeps a tail of the text seen so far ({@code carry} chars) and scans {@code tail + new part} of every
 * chunk. Matches ending within {@code guard} chars of the scanned end are held back until the next chunk (their
 * extent may still grow) and everything already reported is skipped. Not thread-safe: one per content version.
 */
public final class ChunkStitcher {
    private final ScanEngine engine;
    private final ScanBudget budget;
    private final int carryChars;
    private final int guard;
    private final StringBuilder tail = new StringBuilder();
    private long tailStart;      // whole-text offset of tail[0]
    private int tailStartLine = 1; // line number at tailStart
    private long assembledEnd;   // whole-text offset of the end of the text seen so far
    private long committed;      // matches ending at or before this offset have been decided
    private final Set<String> reported = new HashSet<>();
    private int nextChunk;
    private boolean complete;

    public ChunkStitcher(ScanEngine engine) {
        this(engine, engine.newBudget());
    }

    /** @param budget time budget of the whole content version (all its chunks) */
    public ChunkStitcher(ScanEngine engine, ScanBudget budget) {
        this(engine, budget, 16_384, 512);
    }

    /** @param carryChars text kept from previous chunks (≥ longest match); @param guard hold-back zone */
    public ChunkStitcher(ScanEngine engine, int carryChars, int guard) {
        this(engine, engine.newBudget(), carryChars, guard);
    }

    public ChunkStitcher(ScanEngine engine, ScanBudget budget, int carryChars, int guard) {
        this.budget = budget;
        if (guard >= carryChars) {
            throw new IllegalArgumentException("guard must be smaller than carryChars");
        }
        this.engine = engine;
        this.carryChars = carryChars;
        this.guard = guard;
    }

    /**
     * Accepts the next chunk. Chunks must come in order (0..chunks-1); none after the last.
     *
     * @param offset  whole-text offset of {@code text[0]}
     * @param text    chunk text (may start with {@code overlap} chars already seen)
     * @param last    true for the final chunk
     * @return newly decided matches in whole-text coordinates
     */
    public List<Match> accept(int chunk, long offset, String text, boolean last) {
        if (complete) {
            throw new IllegalStateException("chunk " + chunk + " after the last one");
        }
        if (chunk != nextChunk) {
            throw new IllegalStateException("expected chunk " + nextChunk + " but got " + chunk);
        }
        nextChunk++;
        complete = last;
        if (offset > assembledEnd) {
            throw new IllegalArgumentException("gap before chunk " + chunk + ": offset " + offset + " > " + assembledEnd);
        }
        String window;
        if (chunk == 0 && last) {
            // the whole text in one chunk (most pages): scan it as it is. Appending it to the empty tail and copying
            // that out again was a third of the content scan thread's samples (2026-11-28 JFR, 48 KB pages)
            window = text;
            assembledEnd = text.length();
        } else {
            int skip = (int) (assembledEnd - offset); // overlap already seen
            if (skip < text.length()) {
                tail.append(text, skip, text.length());
                assembledEnd += text.length() - skip;
            }
            window = tail.toString();
        }
        long windowStart = tailStart;
        List<Match> out = new ArrayList<>();
        long limit = last ? assembledEnd : assembledEnd - guard;
        for (Match m : engine.scan(window, budget)) {
            long s = m.start() + windowStart;
            long e = m.end() + windowStart;
            if (e <= committed || e > limit) {
                continue;
            }
            Match shifted = m.shift(windowStart, tailStartLine - 1);
            if (reported.add(m.detectorId() + ":" + s)) {
                out.add(shifted);
            }
        }
        committed = Math.max(committed, limit);
        // trim the tail (nothing follows the last chunk)
        if (last) {
            tail.setLength(0);
        } else if (tail.length() > carryChars) {
            int cut = tail.length() - carryChars;
            for (int i = 0; i < cut; i++) {
                if (tail.charAt(i) == '\n') {
                    tailStartLine++;
                }
            }
            tail.delete(0, cut);
            tailStart += cut;
        }
        return out;
    }

    /** The budget this version's chunks are charged to ({@link ScanBudget#exceeded()}: rules that ran out). */
    public ScanBudget budget() {
        return budget;
    }

    /** Convenience: chunk texts with their offsets, in order. */
    public record Chunk(long offset, String text) {
    }

    /** Scans all chunks of one content version and returns all matches, each once. */
    public static List<Match> scanChunks(ScanEngine engine, List<Chunk> chunks) {
        ChunkStitcher st = new ChunkStitcher(engine);
        List<Match> all = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            all.addAll(st.accept(i, chunks.get(i).offset(), chunks.get(i).text(), i == chunks.size() - 1));
        }
        return all;
    }
}
