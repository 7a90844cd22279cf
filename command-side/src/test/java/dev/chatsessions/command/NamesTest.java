package dev.chatsessions.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Name lengths are counted in code points: what a person sees as one character counts as one. */
class NamesTest {

    private static final String EMOJI = "\uD83D\uDE00"; // one code point, two UTF-16 units

    @Test
    void countsAnEmojiAsOneCharacter() {
        String sixtyEmoji = EMOJI.repeat(60);
        String hundredEmoji = EMOJI.repeat(100);

        assertThat(Names.require("name", sixtyEmoji)).isEqualTo(sixtyEmoji);
        assertThat(Names.require("name", hundredEmoji)).isEqualTo(hundredEmoji);
        assertThatThrownBy(() -> Names.require("name", hundredEmoji + "a")).isInstanceOf(RejectedInput.class);
    }

    @Test
    void refusesBlankNamesAndNamesOverAHundredCharacters() {
        assertThatThrownBy(() -> Names.require("name", "   ")).isInstanceOf(RejectedInput.class);
        assertThat(Names.require("name", " " + "a".repeat(100) + " ")).hasSize(100);
        assertThatThrownBy(() -> Names.require("name", "a".repeat(101))).isInstanceOf(RejectedInput.class);
    }

    @Test
    void cutsAtACharacterNeverHalfOfOne() {
        String emoji = "\uD83D\uDE00";
        assertThat(Names.cut(emoji.repeat(60), 50)).isEqualTo(emoji.repeat(50));
        assertThat(Names.cut("short", 50)).isEqualTo("short");
        assertThat(Names.cut("a b  c", 4)).isEqualTo("a b");
    }
}
