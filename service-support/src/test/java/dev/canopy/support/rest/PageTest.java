package dev.canopy.support.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class PageTest {
    @Test
    void theExtraRowOnlyTellsThatAnotherPageFollows() {
        Page<String> page = Page.of(List.of(1, 2, 3), 2, i -> "item" + i, i -> "after" + i);
        assertThat(page.items()).containsExactly("item1", "item2");
        assertThat(page.nextCursor()).isEqualTo("after2");
    }

    @Test
    void theLastPageHasNoCursor() {
        Page<String> full = Page.of(List.of(1, 2), 2, i -> "item" + i, i -> "after" + i);
        assertThat(full.items()).containsExactly("item1", "item2");
        assertThat(full.nextCursor()).isNull();
        assertThat(Page.of(List.<Integer>of(), 2, i -> "item" + i, i -> "after" + i).items()).isEmpty();
    }
}
