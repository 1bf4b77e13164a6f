package dev.canopy.connector.domain.text;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.apache.tika.sax.ContentHandlerDecorator;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
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
    private final Duration parseTimeout;

    /**
     * {@code maxChars}: extracted text beyond this is not kept (the item is skipped with that reason);
     * {@code parseTimeout}: a parse still running after this is abandoned at its next read or text event.
     */
    public AttachmentText(int maxChars, Duration parseTimeout) {
        this.maxChars = maxChars;
        this.parseTimeout = parseTimeout;
    }

    public AttachmentText(int maxChars) {
        this(maxChars, Duration.ofSeconds(60));
    }

    /** Thrown from inside the parse when the deadline has passed. */
    private static final class ParseTimeout extends SAXException {
        ParseTimeout() {
            super("parse timed out");
        }
    }

    /** The body handler with a deadline checked at every text and element event. */
    private static final class Deadlined extends ContentHandlerDecorator {
        private final long deadline;

        Deadlined(ContentHandler handler, long deadline) {
            super(handler);
            this.deadline = deadline;
        }

        private void check() throws SAXException {
            if (System.nanoTime() > deadline) {
                throw new ParseTimeout();
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            check();
            super.characters(ch, start, length);
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            check();
            super.ignorableWhitespace(ch, start, length);
        }

        @Override
        public void startElement(String uri, String localName, String name, Attributes atts) throws SAXException {
            check();
            super.startElement(uri, localName, name, atts);
        }
    }

    /** The input with the same deadline, for parsers that read a lot before they emit anything. */
    private static final class DeadlinedInput extends FilterInputStream {
        private final long deadline;

        DeadlinedInput(InputStream in, long deadline) {
            super(in);
            this.deadline = deadline;
        }

        private void check() throws IOException {
            if (System.nanoTime() > deadline) {
                throw new IOException("parse timed out");
            }
        }

        @Override
        public int read() throws IOException {
            check();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            return super.read(b, off, len);
        }
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

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ParseTimeout || "parse timed out".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
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
        long deadline = System.nanoTime() + parseTimeout.toNanos();
        try {
            // no Parser in the context: embedded documents (nested archives, OLE objects) are not descended into
            parser.parse(new DeadlinedInput(new ByteArrayInputStream(bytes), deadline), new Deadlined(handler, deadline),
                    metadata, new ParseContext());
            return Result.ok(StorageText.tidy(handler.toString()));
        } catch (SAXException e) {
            if (WriteLimitReachedException.isWriteLimitReached(e)) {
                return Result.skipped("extracted text exceeds " + maxChars + " characters");
            }
            if (timedOut(e) || System.nanoTime() > deadline) {
                return Result.skipped("parse timed out after " + parseTimeout.toSeconds() + " s");
            }
            return Result.skipped("extraction failed: " + e.getMessage());
        } catch (TikaException | IOException | RuntimeException e) {
            if (WriteLimitReachedException.isWriteLimitReached(e)) {
                return Result.skipped("extracted text exceeds " + maxChars + " characters");
            }
            if (timedOut(e) || System.nanoTime() > deadline) {
                return Result.skipped("parse timed out after " + parseTimeout.toSeconds() + " s");
            }
            String detected = metadata.get(Metadata.CONTENT_TYPE);
            return Result.skipped("extraction failed (" + (detected == null ? mediaType : detected) + "): "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }
}
