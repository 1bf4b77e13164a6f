package dev.canopy.connector.domain.text;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.xml.sax.SAXException;

/**
 * Attachment bytes to text with Apache Tika (txt, csv, json, xml, html, pdf, docx, xlsx, pptx and the OLE formats).
 * Anything that cannot be turned into text comes back as a {@link Result#skipped(String)} reason, never as silence.
 */
public final class AttachmentText {
    /** Types that Tika cannot give text for: reported as skipped without trying. */
    private static final Set<String> NO_TEXT_PREFIXES = Set.of("image/", "video/", "audio/", "font/");
    private final AutoDetectParser parser = new AutoDetectParser();
    private final int maxChars;

    public AttachmentText(int maxChars) {
        this.maxChars = maxChars;
    }

    public record Result(String text, String skipReason) {
        static Result ok(String text) {
            return new Result(text, null);
        }

        static Result skipped(String reason) {
            return new Result(null, reason);
        }

        public boolean isSkipped() {
            return skipReason != null;
        }
    }

    public Result extract(byte[] bytes, String fileName, String mediaType) {
        String mt = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
        if (NO_TEXT_PREFIXES.stream().anyMatch(mt::startsWith)) {
            return Result.skipped("unsupported media type " + mediaType);
        }
        if (mt.contains("json") || (fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".json"))) {
            String json = JsonText.toText(bytes);
            if (json != null) {
                return json.length() > maxChars ? Result.skipped("extracted text exceeds " + maxChars + " characters")
                        : Result.ok(json);
            }
        }
        Metadata metadata = new Metadata();
        if (fileName != null) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        if (!mt.isEmpty()) {
            metadata.set(Metadata.CONTENT_TYPE, mediaType);
        }
        BodyContentHandler handler = new BodyContentHandler(maxChars);
        try {
            parser.parse(new ByteArrayInputStream(bytes), handler, metadata, new ParseContext());
            return Result.ok(StorageText.tidy(handler.toString()));
        } catch (SAXException e) {
            if (WriteLimitReachedException.isWriteLimitReached(e)) {
                return Result.skipped("extracted text exceeds " + maxChars + " characters");
            }
            return Result.skipped("extraction failed: " + e.getMessage());
        } catch (TikaException | IOException | RuntimeException e) {
            String detected = metadata.get(Metadata.CONTENT_TYPE);
            return Result.skipped("extraction failed (" + (detected == null ? mediaType : detected) + "): "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }
}
