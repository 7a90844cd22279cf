package dev.chatsessions.command.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The auto-naming rule of api.md, case by case. Expected names are written out by hand from the rule, not computed.
 * The fixture cases (second user message, assistant first, manual name wins) are in {@link ChatSessionTest}.
 */
class AutoNameTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("short text is kept as it is", "Fix the login bug", "Fix the login bug"),
                arguments(
                        "whitespace is collapsed to single spaces and trimmed",
                        "   Fix   the\tlogin \t  bug   ",
                        "Fix the login bug"),
                arguments(
                        "whitespace is collapsed before the length is measured",
                        "Hello" + " ".repeat(60) + "world",
                        "Hello world"),
                arguments(
                        "a 70-character sentence is cut at the last word boundary before 50, plus ...",
                        // 70 characters; character 50 falls inside "photography", the last space before it
                        // follows "wedding" (41 characters)
                        "Create a portfolio website for my wedding photography and a price list",
                        "Create a portfolio website for my wedding..."),
                arguments(
                        "a boundary at character 49 is used",
                        // 70 characters; "with a" ends at character 49, character 50 is the "g" of "gallery"
                        "Create a portfolio site for my photography with a gallery and contacts",
                        "Create a portfolio site for my photography with a..."),
                arguments(
                        "a word ending exactly at character 50 is kept whole",
                        // 70 characters; "their" ends at character 50 and a space follows
                        "Design a recipe app that lets families share their dinner recipes here",
                        "Design a recipe app that lets families share their..."),
                arguments(
                        "exactly 50 characters are not cut",
                        "Design a recipe app that lets families share their",
                        "Design a recipe app that lets families share their"),
                arguments(
                        "60 characters without a space are cut at 50, plus ...",
                        "abcdefghij".repeat(6),
                        "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghij..."),
                arguments(
                        "the first non-blank line is used",
                        "\n   \n\t\nSecond line wins\nthe third does not",
                        "Second line wins"),
                arguments("Windows line ends split lines too", "  \r\nFirst real line\r\nnext", "First real line"),
                arguments(
                        "any whitespace character is collapsed, not only ASCII",
                        "Fix\u2003\u2003the\u2002bug",
                        "Fix the bug"),
                arguments(
                        "a character outside the BMP counts as one and is never split",
                        "a" + "\uD83D\uDE00".repeat(60),
                        "a" + "\uD83D\uDE00".repeat(49) + "..."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void namesSessionAfterFirstUserMessage(String rule, String content, String expectedName) {
        assertThat(AutoName.of(content)).isEqualTo(expectedName);
    }

    @Test
    void neverNamesLongerThanFiftyCharactersPlusEllipsis() {
        String name = AutoName.of("word ".repeat(40));
        assertThat(name).endsWith("...");
        assertThat(name.length() - 3).isLessThanOrEqualTo(50);
    }

    @Test
    void rejectsBlankContent() {
        assertThatIllegalArgumentException().isThrownBy(() -> AutoName.of(" \n\t\r\n "));
    }
}
