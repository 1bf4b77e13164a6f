package dev.canopy.simulator.confluence;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import dev.canopy.simulator.generate.Bodies;
import dev.canopy.simulator.model.ContentKind;
import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimSpace;
import io.vertx.core.json.JsonObject;

/** Confluence v2 representations (field names from the v2 OpenAPI schemas). */
final class V2Json {
    private V2Json() {
    }

    static JsonObject content(long seed, SimSite site, SimContent c, String bodyFormat) {
        SimContent container = c.kind == ContentKind.PAGE || c.kind == ContentKind.BLOGPOST ? c : site.content.get(c.containerId);
        SimSpace space = site.spaces.get(c.spaceId);
        String spaceKey = space == null ? "" : space.key;
        JsonObject o = new JsonObject().put("id", c.apiId()).put("status", c.status).put("title", c.title);
        switch (c.kind) {
            case PAGE -> {
                o.put("spaceId", String.valueOf(c.spaceId));
                if (c.containerId != 0) {
                    o.put("parentId", String.valueOf(c.containerId)).put("parentType", "page");
                }
                o.put("position", (int) (c.id % 1000)).put("authorId", c.authorId).put("ownerId", c.authorId)
                        .put("lastOwnerId", null).put("createdAt", c.createdAt.toString());
            }
            case BLOGPOST -> o.put("spaceId", String.valueOf(c.spaceId)).put("authorId", c.authorId)
                    .put("createdAt", c.createdAt.toString());
            case ATTACHMENT -> {
                o.put("createdAt", c.createdAt.toString());
                containerRef(o, container);
                int size = Bodies.attachment(seed, c).length;
                String download = "/download/attachments/" + c.containerId + "/" + encode(c.title) + "?version=" + c.version
                        + "&modificationDate=" + c.modifiedAt.toEpochMilli() + "&cacheVersion=1&api=v2";
                o.put("mediaType", c.mediaType).put("mediaTypeDescription", describe(c.mediaType)).put("comment", "")
                        .put("fileId", c.fileId).put("fileSize", size)
                        .put("webuiLink", "/spaces/" + spaceKey + "/pages/" + c.containerId + "?preview=%2F" + c.containerId + "%2F" + c.id)
                        .put("downloadLink", download);
                o.put("version", version(c));
                o.put("_links", new JsonObject().put("webui", o.getString("webuiLink")).put("download", download));
                return o;
            }
            default -> {
                containerRef(o, container);
                if (c.kind == ContentKind.INLINE_COMMENT) {
                    o.put("resolutionStatus", c.resolutionStatus);
                }
            }
        }
        o.put("version", version(c));
        if (c.kind == ContentKind.PAGE || c.kind == ContentKind.BLOGPOST || bodyFormat != null) {
            o.put("body", body(seed, c, bodyFormat));
        }
        String webui = switch (c.kind) {
            case PAGE -> "/spaces/" + spaceKey + "/pages/" + c.id + "/" + encode(c.title.replace(' ', '+'));
            case BLOGPOST -> "/spaces/" + spaceKey + "/blog/" + c.createdAt.toString().substring(0, 10).replace('-', '/') + "/" + c.id;
            default -> "/spaces/" + spaceKey + "/pages/" + c.containerId + "?focusedCommentId=" + c.id;
        };
        JsonObject links = new JsonObject().put("webui", webui);
        if (c.kind == ContentKind.PAGE || c.kind == ContentKind.BLOGPOST) {
            links.put("editui", "/pages/resumedraft.action?draftId=" + c.id).put("tinyui", "/x/" + Long.toString(c.id, 36));
        }
        return o.put("_links", links);
    }

    private static void containerRef(JsonObject o, SimContent container) {
        if (container == null) {
            return;
        }
        o.put(container.kind == ContentKind.BLOGPOST ? "blogPostId" : "pageId", String.valueOf(container.id));
    }

    static JsonObject body(long seed, SimContent c, String bodyFormat) {
        JsonObject body = new JsonObject();
        if ("storage".equals(bodyFormat)) {
            body.put("storage", new JsonObject().put("representation", "storage").put("value", Bodies.storage(seed, c)));
        } else if ("atlas_doc_format".equals(bodyFormat)) {
            body.put("atlas_doc_format", new JsonObject().put("representation", "atlas_doc_format")
                    .put("value", Bodies.atlasDoc(seed, c)));
        }
        return body;
    }

    static JsonObject version(SimContent c) {
        return new JsonObject().put("createdAt", c.modifiedAt.toString()).put("message", "").put("number", c.version)
                .put("minorEdit", false).put("authorId", c.lastEditorId);
    }

    static JsonObject space(SimSpace s) {
        return new JsonObject().put("id", String.valueOf(s.id)).put("key", s.key).put("name", s.name).put("type", s.type)
                .put("status", "current").put("authorId", s.authorId).put("createdAt", s.createdAt.toString())
                .put("homepageId", String.valueOf(s.homepageId))
                .put("_links", new JsonObject().put("webui", "/spaces/" + s.key));
    }

    static String describe(String mediaType) {
        return switch (mediaType) {
            case "text/csv" -> "CSV File";
            case "application/json" -> "JSON File";
            default -> "Text File";
        };
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
