package io.jsentinel.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.launcher.CommandLine.Action;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandLineTest {
    private static CommandLine parse(String... args) {
        return CommandLine.parse(List.of(args));
    }

    @Test
    void firstArgumentIsTheConfigFileAndPortIsOverridden() {
        CommandLine cl = parse("/etc/redis/sentinel.conf", "--port", "26380");
        assertThat(cl.action()).isEqualTo(Action.RUN);
        assertThat(cl.configFile()).isEqualTo("/etc/redis/sentinel.conf");
        assertThat(cl.readStdin()).isFalse();
        assertThat(cl.optionLines()).containsExactly("port \"26380\"");
    }

    @Test
    void sentinelPseudoOptionStaysALineTheLoaderSkips() {
        // as in Redis' main(): the line counts for the line numbers of errors in later option lines
        assertThat(parse("s.conf", "--sentinel").optionLines()).containsExactly("sentinel");
        assertThat(parse("s.conf", "--sentinel", "--port", "1").optionLines()).containsExactly("sentinel", "port \"1\"");
        assertThat(parse("s.conf", "--port", "1", "--sentinel").optionLines()).containsExactly("port \"1\"", "sentinel");
        assertThat(parse("--sentinel").configFile()).isNull();
    }

    @Test
    void valuesAreQuotedLikeSdscatrepr() {
        assertThat(parse("s.conf", "--logfile", "/tmp/a b.log").optionLines())
                .containsExactly("logfile \"/tmp/a b.log\"");
        assertThat(parse("s.conf", "--requirepass", "a\"b\\c\td\n").optionLines())
                .containsExactly("requirepass \"a\\\"b\\\\c\\td\\n\"");
        assertThat(parse("s.conf", "--requirepass", "é").optionLines()).containsExactly("requirepass \"\\xc3\\xa9\"");
    }

    @Test
    void optionAndValueInOneArgumentAreKeptAsTyped() {
        assertThat(parse("s.conf", "--port 26380", "--loglevel", "verbose").optionLines())
                .containsExactly("port 26380", "loglevel \"verbose\"");
    }

    @Test
    void severalValuesBelongToTheLastOptionName() {
        assertThat(parse("s.conf", "--bind", "127.0.0.1", "::1", "--port", "0").optionLines())
                .containsExactly("bind \"127.0.0.1\" \"::1\"", "port \"0\"");
    }

    @Test
    void argumentAfterABareOptionNameIsItsValueEvenWithDashes() {
        // Redis 7.0.1+ (#10660): values may start with "--", e.g. --requirepass --secret
        assertThat(parse("s.conf", "--requirepass", "--secret").optionLines())
                .containsExactly("requirepass \"--secret\"");
        assertThat(parse("s.conf", "--port", "--loglevel", "warning").optionLines())
                .containsExactly("port \"--loglevel\" \"warning\"");
    }

    @Test
    void trailingOptionNameWithoutValueIsAnEmptyDirective() {
        assertThat(parse("s.conf", "--sentinel", "--port").optionLines()).containsExactly("sentinel", "port");
    }

    @Test
    void bareSaveMeansEmptySave() {
        assertThat(parse("s.conf", "--save", "--port", "1").optionLines()).containsExactly("save \"\"", "port \"1\"");
        assertThat(parse("s.conf", "--save").optionLines()).containsExactly("save \"\"");
    }

    @Test
    void dashReadsStdinOnlyAsFirstOrLastArgument() {
        assertThat(parse("-").readStdin()).isTrue();
        assertThat(parse("-").configFile()).isNull();
        CommandLine last = parse("s.conf", "--port", "1", "-");
        assertThat(last.readStdin()).isTrue();
        assertThat(last.optionLines()).containsExactly("port \"1\"");
        CommandLine middle = parse("s.conf", "--requirepass", "-", "--port", "1");
        assertThat(middle.readStdin()).isFalse();
        assertThat(middle.optionLines()).containsExactly("requirepass \"-\"", "port \"1\"");
    }

    @Test
    void strayValueWithoutOptionBecomesABadDirectiveLine() {
        assertThat(parse("s.conf", "extra").optionLines()).containsExactly("\"extra\"");
    }

    @ParameterizedTest
    @CsvSource({"-v,VERSION", "--version,VERSION", "-h,HELP", "--help,HELP", "--test-memory,TEST_MEMORY",
            "--check-system,CHECK_SYSTEM", "--demo,DEMO"})
    void specialFirstArguments(String arg, Action action) {
        assertThat(parse(arg).action()).isEqualTo(action);
    }

    @Test
    void specialArgumentsElsewhereAreDirectives() {
        CommandLine cl = parse("s.conf", "--version");
        assertThat(cl.action()).isEqualTo(Action.RUN);
        assertThat(cl.optionLines()).containsExactly("version");
    }

    @Test
    void demoKeepsTheRestForTheDemo() {
        assertThat(parse("--demo", "--masters", "3").rest()).containsExactly("--masters", "3");
    }

    @Test
    void noArgumentsRunWithoutFile() {
        CommandLine cl = parse();
        assertThat(cl.action()).isEqualTo(Action.RUN);
        assertThat(cl.configFile()).isNull();
        assertThat(cl.optionLines()).isEmpty();
    }
}
