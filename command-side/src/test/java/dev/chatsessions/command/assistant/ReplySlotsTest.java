package dev.chatsessions.command.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatsessions.command.TooManyRequests;
import org.junit.jupiter.api.Test;

/** How many replies may run at once: per user, and in this process. */
class ReplySlotsTest {

    @Test
    void userAtTheirLimitIsRefusedWhileOtherUsersAreNot() {
        var slots = new ReplySlots(2, 10);
        slots.take("alice");
        slots.take("alice");

        assertThatThrownBy(() -> slots.take("alice"))
                .isInstanceOf(TooManyRequests.class)
                .hasMessageContaining("2 replies");
        slots.take("bob");
        assertThat(slots.running()).isEqualTo(3);
    }

    @Test
    void nodeAtItsLimitRefusesEveryUser() {
        var slots = new ReplySlots(5, 2);
        slots.take("alice");
        slots.take("bob");

        assertThatThrownBy(() -> slots.take("carol"))
                .isInstanceOf(TooManyRequests.class)
                .hasMessageContaining("as many replies as it may (2)")
                .satisfies(e -> assertThat(((TooManyRequests) e).retryAfter()).isPositive());
    }

    @Test
    void endedReplyFreesItsSlotOnceHoweverOftenReleased() {
        var slots = new ReplySlots(1, 10);
        var slot = slots.take("alice");

        slot.release();
        slot.release();

        slots.take("alice");
        assertThat(slots.running()).isEqualTo(1);
        assertThatThrownBy(() -> slots.take("alice")).isInstanceOf(TooManyRequests.class);
    }
}
