package io.jsentinel.it;

import static io.jsentinel.it.support.ReplyShape.VOLATILE_FIELDS;
import static io.jsentinel.it.support.ReplyShape.exact;
import static io.jsentinel.it.support.ReplyShape.infoFieldNames;
import static io.jsentinel.it.support.ReplyShape.maskFields;
import static io.jsentinel.it.support.ReplyShape.sortBy;
import static io.jsentinel.it.support.ReplyShape.then;
import static io.jsentinel.it.support.ReplyShape.typesOnly;
import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.it.support.DumpLogsOnFailure;
import io.jsentinel.it.support.RawResp;
import io.jsentinel.it.support.Resp;
import io.jsentinel.it.support.SentinelKind;
import io.jsentinel.it.support.SentinelNode;
import io.jsentinel.it.support.Topology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sends the same read-only commands, in RESP2 and RESP3, to a real redis-sentinel and to the candidate
 * ({@link SentinelKind#candidate()}) monitoring the same master with two replicas, and requires equal
 * reply shapes: types, lengths, field names in order, status and error texts. Values that legitimately
 * differ are compared by type only.
 */
@Tag("it")
@Tag("compat")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(DumpLogsOnFailure.class)
class CommandCompatibilityIT {
    private Topology topology;
    private SentinelNode real;
    private SentinelNode candidate;

    /** One command and how to normalise its reply; {@code args} may use {@code %MP%} for the master port. */
    record Case(String label, Function<Integer, byte[]> raw, String[] args, UnaryOperator<Resp> shape) {
        @Override
        public String toString() {
            return label;
        }
    }

    @BeforeAll
    void startTopology() {
        topology = Topology.builder().replicas(2).quorum(2)
                .sentinels(SentinelKind.REAL, SentinelKind.candidate()).start();
        real = topology.sentinel(0);
        candidate = topology.sentinel(1);
        // soft wait: when the candidate never discovers its peer, the affected commands fail one by one
        topology.awaitDiscovery(Duration.ofSeconds(15));
    }

    @AfterAll
    void stopTopology() {
        if (topology != null) {
            topology.close();
        }
    }

    static Case cmd(String label, UnaryOperator<Resp> shape, String... args) {
        return new Case(label, null, args, shape);
    }

    static Case cmd(UnaryOperator<Resp> shape, String... args) {
        return cmd(String.join(" ", args), shape, args);
    }

    static Stream<Case> cases() {
        Set<String> peerVolatile = new HashSet<>(VOLATILE_FIELDS);
        // each side's peer is the other implementation: different port, name and id
        peerVolatile.addAll(Set.of("name", "port"));
        return Stream.of(
                cmd(exact(), "PING"),
                cmd(exact(), "PING", "hi"),
                new Case("inline PING", mp -> "PING\r\n".getBytes(StandardCharsets.US_ASCII), null, exact()),
                new Case("inline PING with arg", mp -> "ping  hello\r\n".getBytes(StandardCharsets.US_ASCII), null,
                        exact()),
                cmd(maskFields(Set.of("id")), "HELLO", "3"),
                cmd(maskFields(Set.of("id")), "HELLO", "2"),
                cmd(exact(), "HELLO", "4"),
                cmd(exact(), "ROLE"),
                cmd(exact(), "INFO", "sentinel"),
                cmd(infoFieldNames(), "INFO", "server"),
                cmd(infoFieldNames(), "INFO"),
                cmd(exact(), "INFO", "nosuchsection"),
                cmd(maskFields(VOLATILE_FIELDS), "SENTINEL", "MASTERS"),
                cmd(maskFields(VOLATILE_FIELDS), "SENTINEL", "MASTER", "mymaster"),
                cmd(exact(), "SENTINEL", "MASTER", "nosuch"),
                cmd(exact(), "SENTINEL", "MASTER"),
                cmd(then(sortBy("name"), maskFields(VOLATILE_FIELDS)), "SENTINEL", "REPLICAS", "mymaster"),
                cmd(then(sortBy("name"), maskFields(VOLATILE_FIELDS)), "SENTINEL", "SLAVES", "mymaster"),
                cmd(maskFields(peerVolatile), "SENTINEL", "SENTINELS", "mymaster"),
                cmd(exact(), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"),
                cmd(exact(), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "nosuch"),
                cmd(typesOnly(), "SENTINEL", "MYID"),
                cmd(exact(), "SENTINEL", "CKQUORUM", "mymaster"),
                cmd(exact(), "SENTINEL", "CKQUORUM", "nosuch"),
                cmd(exact(), "SENTINEL", "DEBUG"),
                cmd(typesOnly(), "SENTINEL", "INFO-CACHE", "mymaster"),
                cmd(exact(), "SENTINEL", "INFO-CACHE", "nosuch"),
                cmd(exact(), "SENTINEL", "PENDING-SCRIPTS"),
                cmd(exact(), "SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", "%MP%", "0", "*"),
                cmd(exact(), "SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", "notaport", "0", "*"),
                cmd(exact(), "SENTINEL", "CONFIG", "GET", "*"),
                cmd(exact(), "SENTINEL", "NOSUCH"),
                cmd(exact(), "sentinel", "get-master-addr-by-name", "mymaster"),
                cmd(exact(), "CLIENT", "SETINFO", "lib-name", "x"),
                cmd(exact(), "CLIENT", "GETNAME"),
                cmd(exact(), "GET", "x"),
                cmd(exact(), "CONFIG", "GET", "x"),
                cmd(exact(), "ECHO", "x"),
                cmd(exact(), "QUIT"),
                cmd(exact(), "AUTH", "x"),
                cmd(exact(), "PUBLISH", "foo", "bar"),
                cmd(typesOnly(), "COMMAND", "COUNT"));
    }

    static Stream<Arguments> casesByProtocol() {
        return cases().flatMap(c -> Stream.of(Arguments.of(c, 2), Arguments.of(c, 3)));
    }

    @ParameterizedTest(name = "[RESP{1}] {0}")
    @MethodSource("casesByProtocol")
    void sameReplyShapeAsRealSentinel(Case c, int protocol) {
        Resp expected = run(real, c, protocol);
        Resp actual = run(candidate, c, protocol);
        // the real replies in the test output are the reference the lead implements against
        System.out.printf("[compat] RESP%d %s%n  real: %s%n  %s: %s%n", protocol, c, expected, candidate.kind(), actual);
        assertThat(c.shape().apply(actual).toString())
                .as("%s in RESP%d\nreal redis-sentinel replied: %s\n%s replied:      %s", c, protocol, expected,
                        candidate, actual)
                .isEqualTo(c.shape().apply(expected).toString());
    }

    private Resp run(SentinelNode node, Case c, int protocol) {
        int masterPort = topology.initialMaster().port();
        try (RawResp conn = RawResp.connect(node.port())) {
            if (protocol == 3) {
                Resp hello = conn.hello3();
                assertThat(hello.type()).as("HELLO 3 on %s", node).isEqualTo('%');
            }
            if (c.raw() != null) {
                conn.sendRaw(c.raw().apply(masterPort));
            } else {
                String[] args = c.args().clone();
                for (int i = 0; i < args.length; i++) {
                    args[i] = args[i].replace("%MP%", Integer.toString(masterPort));
                }
                conn.send(args);
            }
            return conn.read();
        }
    }
}
