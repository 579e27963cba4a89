package io.jsentinel.core;

import static io.jsentinel.core.SentinelCoreTest.argv;
import static io.jsentinel.core.SentinelCoreTest.masterInfo;
import static io.jsentinel.core.SentinelCoreTest.replicaInfo;
import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.config.ConfigDocument;
import io.jsentinel.config.KnownSentinel;
import io.jsentinel.config.MasterConfig;
import io.jsentinel.config.SentinelConfig;
import io.jsentinel.config.ServerSettings;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.Endpoint;
import io.jsentinel.resp.RespValue;
import io.jsentinel.testkit.FakeClock;
import io.jsentinel.testkit.RecordingLinks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * With {@code resolve-hostnames yes} and {@code announce-hostnames yes}, an instance configured or discovered by
 * name is shown by that name everywhere: no IP it resolves to reaches a reply, an event, a hello, a command
 * sent to a node or the rewritten sentinel.conf, through discovery (INFO and hellos) and a whole failover. The
 * names resolve (injected resolver, no DNS query leaves the machine) to 192.0.2.0/24, a range nothing else in
 * this test uses, so any of its addresses in the output is a leak.
 */
class HostnamesOnlyTest {
    static final String MY_ID = SentinelCoreTest.MY_ID;
    static final String PEER1 = SentinelCoreTest.PEER1;
    static final String PEER2 = SentinelCoreTest.PEER2;
    static final String PEER3 = "d".repeat(40);
    static final Endpoint MASTER = new Endpoint("db-m.example", 6379);
    static final Endpoint R1 = new Endpoint("db-r1.example", 6379);
    static final Endpoint R2 = new Endpoint("db-r2.example", 6379);
    static final Endpoint S1 = new Endpoint("s1.example", 26379);
    static final Endpoint S2 = new Endpoint("s2.example", 26379);
    static final Map<String, String> DNS = Map.of("db-m.example", "192.0.2.1", "db-r1.example", "192.0.2.2",
            "db-r2.example", "192.0.2.3", "s1.example", "192.0.2.11", "s2.example", "192.0.2.12",
            "s3.example", "192.0.2.13");
    static final String LEAK = "192.0.2.";

    final FakeClock clock = new FakeClock();
    final RecordingLinks links = new RecordingLinks();
    final List<SentinelEvent> events = new ArrayList<>();
    final List<String> rewrites = new ArrayList<>();
    final List<String> replies = new ArrayList<>();
    final List<String> lookups = new ArrayList<>();
    final ConfigDocument file = new ConfigDocument(null, "port 26379\nsentinel resolve-hostnames yes\n"
            + "sentinel announce-hostnames yes\nsentinel monitor mymaster db-m.example 6379 2\n");
    SentinelCore core;

    @Test
    void noIpOfANamedInstanceIsEverShown() {
        MasterConfig mc = new MasterConfig("mymaster", MASTER.host(), MASTER.port(), 2, 1000, 6000, 1, null, null,
                null, null, 0, Map.of(), 0, 0, List.of(R1), List.of(new KnownSentinel(S1.host(), S1.port(), PEER1)));
        SentinelConfig cfg = new SentinelConfig(MY_ID, 0, true, true, true, null, 0, null, null,
                ServerSettings.defaults(), List.of(mc));
        core = new SentinelCore(cfg, c -> rewrites.add(file.rewrite(c)), links, clock, new Random(1));
        core.announcer.resolveWith(host -> {
            lookups.add(host);
            return DNS.get(host);
        });
        core.events().addSink(events::add);
        core.start();
        core.processHello(S2.host() + ",26379," + PEER2 + ",0,mymaster,db-m.example,6379,0");
        run(1100);
        connectAll();
        answer();
        links.latest(MASTER, false).reply("INFO", RespValue.bulk(masterInfo("1".repeat(40), R1, R2)));
        run(1100);
        connectAll();
        answer();
        queryEverything();
        assertThat(core.state().masters.get("mymaster").slaves).containsOnlyKeys("db-r1.example:6379",
                "db-r2.example:6379");

        failOverToR1();
        // a peer announcing itself by name, after the failover (the new master by name too)
        core.processHello("s3.example,26379," + PEER3 + ",1,mymaster,db-r1.example,6379,1");
        core.commands().execute(argv("SENTINEL", "FLUSHCONFIG"));
        queryEverything();

        assertThat(texts()).contains("+switch-master mymaster db-m.example 6379 db-r1.example 6379",
                "+slave slave db-r2.example:6379 db-r2.example 6379 @ mymaster db-m.example 6379",
                "+sentinel sentinel " + PEER3 + " s3.example 26379 @ mymaster db-r1.example 6379");
        assertThat(lookups).as("the names were resolved: the IPs were there to leak").isNotEmpty();
        String lastRewrite = rewrites.get(rewrites.size() - 1);
        assertThat(lastRewrite).contains("sentinel monitor mymaster db-r1.example 6379 2",
                "sentinel known-replica mymaster db-m.example 6379",
                "sentinel known-replica mymaster db-r2.example 6379",
                "sentinel known-sentinel mymaster s3.example 26379 " + PEER3);

        assertThat(texts()).as("events").noneMatch(t -> t.contains(LEAK));
        assertThat(replies).as("replies").noneMatch(t -> t.contains(LEAK));
        assertThat(rewrites).as("rewritten sentinel.conf").noneMatch(t -> t.contains(LEAK));
        List<String> sent = links.opened.stream().flatMap(c -> c.sent.stream()).toList();
        assertThat(sent).as("hellos").filteredOn(c -> c.startsWith("PUBLISH")).isNotEmpty()
                .allMatch(c -> c.contains("db-m.example") || c.contains("db-r1.example"));
        assertThat(sent).as("commands sent to nodes and peers (hellos, SLAVEOF, IS-MASTER-DOWN-BY-ADDR)")
                .contains("SLAVEOF db-r1.example 6379").noneMatch(c -> c.contains(LEAK));
        assertThat(links.opened).as("links are opened to the names (the IPs are the link layer's business)")
                .allMatch(c -> !c.target.host().startsWith(LEAK));
    }

    /** Every reply that shows an address, kept for the leak check. */
    private void queryEverything() {
        for (String[] q : List.of(new String[] {"MASTERS"}, new String[] {"MASTER", "mymaster"},
                new String[] {"REPLICAS", "mymaster"}, new String[] {"SLAVES", "mymaster"},
                new String[] {"SENTINELS", "mymaster"}, new String[] {"GET-MASTER-ADDR-BY-NAME", "mymaster"},
                new String[] {"CKQUORUM", "mymaster"}, new String[] {"CONFIG", "GET", "*"},
                new String[] {"IS-MASTER-DOWN-BY-ADDR", "db-m.example", "6379", "0", "*"})) {
            String[] full = new String[q.length + 1];
            full[0] = "SENTINEL";
            System.arraycopy(q, 0, full, 1, q.length);
            replies.add(core.commands().execute(argv(full)).toString());
        }
        replies.add(core.commands().infoSection());
        replies.add(core.publishedMasterAddress("mymaster").toString());
    }

    private void failOverToR1() {
        for (long t = 0; t < 4000; t += 100) {
            clock.advanceMillis(100);
            core.tick();
            connectAll();
            for (RecordingLinks.Conn c : links.opened) {
                if (!c.isOpen() || c.target.equals(MASTER)) {
                    continue;  // the master is dead
                }
                answerBasics(c);
                if (c.target.equals(R1) || c.target.equals(R2)) {
                    boolean promoted = c.target.equals(R1) && c.sent.contains("SLAVEOF NO ONE");
                    boolean moved = c.sent.contains("SLAVEOF db-r1.example 6379");
                    c.reply("INFO", RespValue.bulk(promoted ? masterInfo("2".repeat(40), R2, MASTER)
                            : replicaInfo((c.target.equals(R1) ? "2" : "3").repeat(40), moved ? R1 : MASTER, 400)));
                }
                for (RecordingLinks.Conn.Pending p : List.copyOf(c.pending)) {
                    if (p.command().startsWith("SENTINEL is-master-down-by-addr")) {
                        String[] w = p.command().split(" ");
                        c.pending.remove(p);
                        p.callback().accept(RespValue.array(RespValue.integer(1), RespValue.bulk(w[5]),
                                RespValue.integer(w[5].equals("*") ? 0 : Long.parseLong(w[4]))));
                    }
                }
            }
        }
    }

    private void run(long ms) {
        for (long t = 0; t < ms; t += 100) {
            clock.advanceMillis(100);
            core.tick();
        }
    }

    private void connectAll() {
        for (RecordingLinks.Conn c : List.copyOf(links.opened)) {
            if (!c.isOpen() && !c.closed) {
                c.connect();
            }
        }
    }

    private void answer() {
        for (RecordingLinks.Conn c : links.opened) {
            if (c.isOpen()) {
                answerBasics(c);
                if (c.target.equals(R1) || c.target.equals(R2)) {
                    c.reply("INFO", RespValue.bulk(replicaInfo((c.target.equals(R1) ? "2" : "3").repeat(40),
                            MASTER, 100)));
                }
            }
        }
    }

    private static void answerBasics(RecordingLinks.Conn c) {
        c.reply("PING", RespValue.simple("PONG"));
        c.reply("CLIENT", RespValue.OK);
        c.reply("PUBLISH", RespValue.integer(1));
        c.reply("SUBSCRIBE", RespValue.OK);
    }

    private List<String> texts() {
        return events.stream().map(e -> e.type() + " " + e.message()).collect(Collectors.toList());
    }
}
