package io.jsentinel.link.lettuce;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.protocol.CommandHandler;
import org.junit.jupiter.api.Test;

/** The one reflective hook into Lettuce is checked before a sentinel starts, never a warning and a wrong sentinel. */
class StatusPreservingStateMachineTest {
    @Test
    void theLettuceWeBuildWithHasTheField() {
        assertThatCode(LettuceLinkFactory::verifyHooks).doesNotThrowAnyException();
    }

    @Test
    void aLettuceWithoutTheFieldIsRefusedWithTheReason() {
        assertThatThrownBy(() -> StatusPreservingStateMachine.verify(
                StatusPreservingStateMachine.findField(CommandHandler.class, "renamedInAFutureVersion")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has no CommandHandler.rsm field")
                .hasMessageContaining("Run jsentinel with the Lettuce version it was built with");
    }
}
