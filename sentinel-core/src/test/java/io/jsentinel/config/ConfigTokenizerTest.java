package io.jsentinel.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigTokenizerTest {

    static Stream<Arguments> splits() {
        return Stream.of(
                Arguments.of("a b  c", List.of("a", "b", "c")),
                Arguments.of("  \t a\tb ", List.of("a", "b")),
                Arguments.of("", List.of()),
                Arguments.of("\"a b\" c", List.of("a b", "c")),
                Arguments.of("\"\\n\\r\\t\\b\\a\\\\\\\"\"", List.of("\n\r\t\b\u0007\\\"")),
                Arguments.of("\"\\x41\\x7a\\x0a\"", List.of("Az\n")),
                Arguments.of("\"\\xZZ\"", List.of("xZZ")),
                Arguments.of("\"\\q\"", List.of("q")),
                Arguments.of("'a \"b\"'", List.of("a \"b\"")),
                Arguments.of("'it\\'s'", List.of("it's")),
                Arguments.of("'a\\nb'", List.of("a\\nb")),
                Arguments.of("ab\"cd\" e", List.of("abcd", "e")),
                Arguments.of("\"\"", List.of("")),
                Arguments.of("''", List.of("")),
                Arguments.of("x \"\"", List.of("x", "")));
    }

    @ParameterizedTest
    @MethodSource("splits")
    void splitsLikeSdssplitargs(String line, List<String> expected) {
        assertThat(ConfigTokenizer.split(line)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("unbalanced")
    void unbalancedQuotesGiveNull(String line) {
        assertThat(ConfigTokenizer.split(line)).isNull();
    }

    static Stream<String> unbalanced() {
        return Arrays.stream(new String[] {"\"abc", "'abc", "\"a\"b", "'a'b", "x \"y", "\"a\\\""});
    }

    @ParameterizedTest
    @MethodSource("reprs")
    void reprQuotesLikeSdscatrepr(String value, String expected) {
        assertThat(ConfigTokenizer.repr(value)).isEqualTo(expected);
        assertThat(ConfigTokenizer.split(expected)).containsExactly(value);
    }

    static Stream<Arguments> reprs() {
        return Stream.of(
                Arguments.of("plain", "\"plain\""),
                Arguments.of("a b", "\"a b\""),
                Arguments.of("q\"\\", "\"q\\\"\\\\\""),
                Arguments.of("\n\r\t\u0007\b", "\"\\n\\r\\t\\a\\b\""),
                Arguments.of("\u0001", "\"\\x01\""),
                Arguments.of("é", "\"\\xc3\\xa9\""),
                Arguments.of("", "\"\""));
    }

    /** Escapes are bytes, as in sdssplitargs: an escaped multi-byte character reads back as the character. */
    @Test
    void escapedBytesAreReadAsUtf8() {
        assertThat(ConfigTokenizer.split("requirepass \"\\xc3\\xa9\" é 'é\\'x' \"𝄞\"")).containsExactly("requirepass", "é", "é",
                "é'x", "𝄞");
        for (String s : List.of("é", "中文 \"x\"", "𝄞\n", "\u0000\u007f", "plain")) {
            assertThat(ConfigTokenizer.split("x " + ConfigTokenizer.arg(s))).containsExactly("x", s);
        }
    }

    @ParameterizedTest
    @MethodSource("trims")
    void trimsLikeSdstrim(String raw, String expected) {
        assertThat(ConfigTokenizer.trim(raw)).isEqualTo(expected);
    }

    static Stream<Arguments> trims() {
        return Stream.of(Arguments.of(" \t a b \r", "a b"), Arguments.of("\r\n", ""), Arguments.of("x", "x"));
    }
}
