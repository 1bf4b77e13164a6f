package dev.canopy.simulator.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A page, blog post, comment or attachment. The body is generated on demand from (seed, id, version) unless a
 * body was set explicitly; planted strings are always part of the body (or the attachment bytes).
 */
public final class SimContent {
    public final long id;
    public final ContentKind kind;
    public final long spaceId;
    /** Page or blog post this comment/attachment belongs to; parent page for pages (0 = none). */
    public final long containerId;
    public final String authorId;
    public final Instant createdAt;
    public String title;
    public String status = "current";
    public int version = 1;
    public Instant modifiedAt;
    public String lastEditorId;
    public String explicitBody;
    public final List<String> planted = new ArrayList<>();
    /**
     * Earlier versions still kept in the page history, oldest first. Confluence keeps every published version until an
     * admin deletes one from the history (v1 {@code DELETE /wiki/rest/api/content/{id}/version/{versionNumber}}), so a
     * secret "removed" by editing is still one click away there.
     */
    public final List<SimVersion> history = new ArrayList<>();
    // attachments only
    public String mediaType;
    public String fileId;
    // inline comments only
    public String resolutionStatus;

    public SimContent(long id, ContentKind kind, long spaceId, long containerId, String authorId, Instant createdAt,
            String title) {
        this.id = id;
        this.kind = kind;
        this.spaceId = spaceId;
        this.containerId = containerId;
        this.authorId = authorId;
        this.createdAt = createdAt;
        this.title = title;
        this.modifiedAt = createdAt;
        this.lastEditorId = authorId;
    }

    /**
     * The id the REST APIs show: attachments carry the {@code att} prefix in v2 and v1 answers ({@code "id": "att123"},
     * the v2 description's attachment id examples and the v1 {@code attachmentId} path parameter), everything else the
     * bare number. Requests accept both forms.
     */
    /** Version {@code number} as it was published (the current one is this object); null if purged or unknown. */
    public SimContent atVersion(int number) {
        if (number == version) {
            return this;
        }
        for (SimVersion v : history) {
            if (v.number() == number) {
                SimContent old = new SimContent(id, kind, spaceId, containerId, authorId, createdAt, v.title());
                old.status = "historical";
                old.version = v.number();
                old.modifiedAt = v.publishedAt();
                old.lastEditorId = v.authorId();
                old.explicitBody = v.explicitBody();
                old.planted.addAll(v.planted());
                old.mediaType = mediaType;
                old.fileId = fileId;
                return old;
            }
        }
        return null;
    }

    public String apiId() {
        return kind == ContentKind.ATTACHMENT ? "att" + id : String.valueOf(id);
    }

    /** A new version without changes to title, body or planted strings (e.g. a status change or a no-op save). */
    public void edit(String editorId, Instant when) {
        edit(editorId, when, () -> { });
    }

    /**
     * A new version: the current one moves to the history, {@code change} edits title/body/planted strings, the version
     * number grows.
     */
    public void edit(String editorId, Instant when, Runnable change) {
        history.add(new SimVersion(version, lastEditorId, modifiedAt, title, explicitBody, List.copyOf(planted)));
        change.run();
        version++;
        modifiedAt = when.isAfter(modifiedAt) ? when : modifiedAt.plusMillis(1);
        lastEditorId = editorId;
    }
}
