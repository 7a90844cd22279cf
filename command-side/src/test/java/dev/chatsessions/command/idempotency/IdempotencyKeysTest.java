package dev.chatsessions.command.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatsessions.command.RejectedInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An Idempotency-Key is 1 to 255 visible ASCII characters; the cases an HTTP client cannot send are pinned here. */
class IdempotencyKeysTest {

    @Test
    void keyOf255VisibleAsciiCharactersOrNoneIsAccepted() {
        assertThatCode(() -> IdempotencyKeys.check("!" + "k".repeat(253) + "~")).doesNotThrowAnyException();
        assertThatCode(() -> IdempotencyKeys.check(null)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "caf\u00e9", "emoji\uD83D\uDE00", "nul\u0000", "del\u007f", "two words"})
    void keyWithAnythingButVisibleAsciiIsRejectedNamingTheHeader(String key) {
        assertThatThrownBy(() -> IdempotencyKeys.check(key))
                .isInstanceOfSatisfying(
                        RejectedInput.class, e -> assertThat(e.field()).isEqualTo("Idempotency-Key"));
    }

    @Test
    void keyLongerThan255CharactersIsRejected() {
        assertThatThrownBy(() -> IdempotencyKeys.check("k".repeat(256))).isInstanceOf(RejectedInput.class);
    }
}
