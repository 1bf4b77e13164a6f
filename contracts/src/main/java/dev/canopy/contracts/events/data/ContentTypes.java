package dev.canopy.contracts.events.data;

import java.util.Set;

/** Confluence content kinds carried in content events. */
public final class ContentTypes {
    public static final String PAGE = "page";
    public static final String BLOGPOST = "blogpost";
    public static final String FOOTER_COMMENT = "footer_comment";
    public static final String INLINE_COMMENT = "inline_comment";
    public static final String ATTACHMENT = "attachment";
    public static final Set<String> ALL = Set.of(PAGE, BLOGPOST, FOOTER_COMMENT, INLINE_COMMENT, ATTACHMENT);

    private ContentTypes() {
    }
}
