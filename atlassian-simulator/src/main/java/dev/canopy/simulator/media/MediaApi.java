package dev.canopy.simulator.media;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.canopy.simulator.generate.Bodies;
import dev.canopy.simulator.model.ContentKind;
import dev.canopy.simulator.generate.JiraText;
import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimJiraItem;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimState;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The media host that serves attachment binaries ({@code api.media.atlassian.com} on Cloud), on its own port so it is
 * a different origin from the sites, as on Cloud.
 *
 * <p>On Cloud, {@code GET /wiki/rest/api/content/{id}/child/attachment/{attachmentId}/download} answers 302 with
 * {@code Location: https://api.media.atlassian.com/file/<fileId>/binary?token=<JWT>&client=<id>&name=<file>}; the media
 * host authenticates by the short-lived token in the query string and needs no Confluence credentials (redirect chain
 * shown in pchuri/confluence-cli#198 and #199; atlassian-python-api#1640). The token here is an HMAC over the site,
 * attachment, version and expiry — opaque to clients, like the JWT.
 *
 * <p>Not a Cloud behaviour but a test hook: requests that still carry an {@code Authorization} header (a client that
 * forwarded the site's Basic credentials across the redirect) are counted, so tests can assert that credentials never
 * leave the site's origin.
 */
public final class MediaApi {
    public static final Duration TOKEN_TTL = Duration.ofMinutes(10);
    /** Jira attachment ids in token claims carry this prefix (Confluence and Jira ids are separate number spaces). */
    private static final String JIRA_PREFIX = "j";
    private final SimState state;
    private final byte[] secret;

    public MediaApi(SimState state) {
        this.state = state;
        this.secret = ("sim-media-" + state.seed).getBytes(StandardCharsets.UTF_8);
    }

    public void mount(Router router) {
        router.get("/file/:fileId/binary").handler(this::binary);
    }

    /** The redirect target for an attachment version, valid for {@link #TOKEN_TTL}. */
    public String location(String mediaBaseUrl, SimSite site, SimContent attachment, int version) {
        return location(mediaBaseUrl, site, String.valueOf(attachment.id), version, attachment.fileId, attachment.title);
    }

    /** The redirect target for a Jira attachment ({@code GET /rest/api/3/attachment/content/{id}} answers 303 to it). */
    public String location(String mediaBaseUrl, SimSite site, SimJiraItem attachment) {
        return location(mediaBaseUrl, site, JIRA_PREFIX + attachment.id, 1, attachment.fileId, attachment.filename);
    }

    private String location(String mediaBaseUrl, SimSite site, String itemId, int version, String fileId, String name) {
        long expires = Instant.now().plus(TOKEN_TTL).getEpochSecond();
        String claims = site.name + "." + itemId + "." + version + "." + expires;
        String token = b64(claims.getBytes(StandardCharsets.UTF_8)) + "." + b64(sign(claims));
        return mediaBaseUrl + "/file/" + fileId + "/binary?token=" + token + "&client=" + site.cloudId
                + "&name=" + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8) + "&dl=true";
    }

    private void binary(RoutingContext ctx) {
        if (ctx.request().getHeader("Authorization") != null) {
            state.mediaAuthorizationHeaders.incrementAndGet();
        }
        String token = ctx.queryParams().get("token");
        String[] claims = verify(token);
        if (claims == null) {
            ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", new JsonObject().put("code", "Unauthorized")
                            .put("title", "Invalid or expired token")).encode());
            return;
        }
        if (claims[1].startsWith(JIRA_PREFIX)) {
            jiraBinary(ctx, claims);
            return;
        }
        SimContent a;
        synchronized (state) {
            SimSite site = state.site(claims[0]);
            a = site == null ? null : site.content.get(Long.parseLong(claims[1]));
        }
        if (a == null || a.kind != ContentKind.ATTACHMENT || !a.fileId.equals(ctx.pathParam("fileId"))) {
            ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", new JsonObject().put("code", "NotFound").put("title", "File not found")).encode());
            return;
        }
        state.mediaDownloads.incrementAndGet();
        ctx.response().putHeader("Content-Type", a.mediaType)
                .putHeader("Content-Disposition", "attachment; filename=\"" + a.title + "\"")
                .end(Buffer.buffer(Bodies.attachment(state.seed, a)));
    }

    private void jiraBinary(RoutingContext ctx, String[] claims) {
        SimJiraItem a;
        synchronized (state) {
            SimSite site = state.site(claims[0]);
            a = site == null ? null : site.jiraItems.get(Long.parseLong(claims[1].substring(JIRA_PREFIX.length())));
        }
        if (a == null || a.kind != SimJiraItem.Kind.ATTACHMENT || !a.fileId.equals(ctx.pathParam("fileId"))) {
            ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", new JsonObject().put("code", "NotFound").put("title", "File not found")).encode());
            return;
        }
        state.mediaDownloads.incrementAndGet();
        ctx.response().putHeader("Content-Type", a.mimeType)
                .putHeader("Content-Disposition", "attachment; filename=\"" + a.filename + "\"")
                .end(Buffer.buffer(JiraText.attachment(state.seed, a)));
    }

    /** The claims (site, attachment id, version, expiry) of a valid, unexpired token, else null. */
    private String[] verify(String token) {
        if (token == null) {
            return null;
        }
        int dot = token.lastIndexOf('.');
        if (dot <= 0) {
            return null;
        }
        String claims;
        try {
            claims = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            if (!java.security.MessageDigest.isEqual(Base64.getUrlDecoder().decode(token.substring(dot + 1)), sign(claims))) {
                return null;
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        String[] parts = claims.split("\\.");
        if (parts.length != 4 || Long.parseLong(parts[3]) < Instant.now().getEpochSecond()) {
            return null;
        }
        return parts;
    }

    private byte[] sign(String claims) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(claims.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Media requests that arrived with an Authorization header (credentials forwarded across origins). */
    public long authorizationHeadersSeen() {
        return state.mediaAuthorizationHeaders.get();
    }

    public long downloads() {
        return state.mediaDownloads.get();
    }
}
