package dev.canopy.connector.domain.sync;

import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.connector.config.SyncConfig;
import dev.canopy.connector.domain.http.AtlassianApiException;
import dev.canopy.connector.domain.http.EgressRefusedException;
import dev.canopy.connector.domain.text.AttachmentText;
import dev.canopy.connector.store.Connection;

/**
 * Downloads an attachment (Confluence or Jira) and extracts its text, within one memory budget for the whole replica:
 * the bytes being downloaded or parsed by every run together are bounded by {@code attachment-bytes-in-flight}, so a
 * download waits for room however many download threads or sync workers there are.
 */
@ApplicationScoped
public class AttachmentFetcher {
    /** The extracted text, or why the attachment is skipped ({@code download failed: …} means: try again later). */
    public record Outcome(String text, String skipReason) {
        public boolean skipped() {
            return skipReason != null;
        }
    }

    private final AttachmentText attachments;
    private final long maxBytes;
    /** Bytes of attachments being downloaded or parsed (KiB permits), shared by every run of this replica. */
    private final Semaphore inFlight;

    public AttachmentFetcher(SyncConfig config) {
        this.attachments = new AttachmentText(config.attachmentMaxTextChars(), config.attachmentParseTimeout());
        this.maxBytes = config.attachmentMaxBytes();
        this.inFlight = new Semaphore(permits(Math.max(config.attachmentBytesInFlight(), config.attachmentMaxBytes())));
    }

    /** Permits count KiB so that large budgets fit an int. */
    private static int permits(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, (bytes + 1023) / 1024);
    }

    /**
     * Fetches {@code url} (redirects are followed by the HTTP layer, which re-checks the egress policy and drops
     * {@code Authorization} when the origin changes) with room for the declared size, or the cap when none is declared;
     * a body longer than that is cut off and the attachment skipped.
     */
    public Outcome fetch(RunContext ctx, Connection.Site site, String url, long declaredSize, String filename,
            String mediaType) {
        long budget = declaredSize > 0 ? declaredSize : maxBytes;
        int permits = permits(budget);
        try {
            inFlight.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunCancelledException("interrupted");
        }
        try {
            byte[] bytes;
            try {
                bytes = ctx.api().getBytes(site.url(), url, ctx.site(site), budget);
            } catch (EgressRefusedException e) {
                return new Outcome(null, e.getMessage());
            } catch (AtlassianApiException e) {
                // one attachment we may not read (or that vanished) is reported and skipped, never the whole pass
                return new Outcome(null, "download failed: HTTP " + e.status());
            }
            if (bytes == null) {
                return new Outcome(null, "larger than " + (declaredSize > 0 ? "its declared size of " + declaredSize
                        : String.valueOf(maxBytes)) + " bytes");
            }
            AttachmentText.Result result = attachments.extract(bytes, filename, mediaType);
            return result.isSkipped() ? new Outcome(null, result.skipReason()) : new Outcome(result.text(), null);
        } finally {
            inFlight.release(permits);
        }
    }
}
