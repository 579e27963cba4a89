package io.jsentinel.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Lookups off the caller's thread, one per name at a time, last good answers, back-off for failing names. */
class HostResolverTest {
    final Map<String, String> dns = new ConcurrentHashMap<>();
    final List<String> queries = new CopyOnWriteArrayList<>();
    final AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(0));
    final HostResolver names = new HostResolver(host -> {
        queries.add(host);
        try {
            gate.get().await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return dns.get(host);
    }, 200, 800);

    @AfterEach
    void close() {
        gate.get().countDown();
        names.close();
    }

    @Test
    void aStalledLookupHoldsNobodyWhoAsksAndIsSharedByThemAll() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        gate.set(stalled);
        dns.put("db.example", "192.0.2.1");
        CompletableFuture<String> first = names.resolve("db.example");
        CompletableFuture<String> second = names.resolve("DB.example");
        assertThat(second).isSameAs(first);
        assertThat(first).isNotDone();
        assertThat(names.lastGood("db.example")).isNull();
        stalled.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("192.0.2.1");
        assertThat(queries).containsExactly("db.example");
        assertThat(names.lastGood("DB.EXAMPLE")).isEqualTo("192.0.2.1");
    }

    @Test
    void aNameThatStopsResolvingKeepsItsLastGoodAnswerAndIsRetriedLater() throws Exception {
        dns.put("db.example", "192.0.2.1");
        assertThat(names.resolve("db.example").get(10, TimeUnit.SECONDS)).isEqualTo("192.0.2.1");
        dns.remove("db.example");
        assertThat(names.resolve("db.example").get(10, TimeUnit.SECONDS)).isEqualTo("192.0.2.1");
        long asked = System.nanoTime();
        CompletableFuture<String> retry = names.resolve("db.example");
        assertThat(names.resolve("db.example")).isSameAs(retry);
        assertThat(retry.get(10, TimeUnit.SECONDS)).isEqualTo("192.0.2.1");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked)).as("waited out the back-off")
                .isGreaterThanOrEqualTo(100);
        assertThat(queries).hasSize(3);
        dns.put("db.example", "192.0.2.2");
        assertThat(names.resolve("db.example").get(10, TimeUnit.SECONDS)).isEqualTo("192.0.2.2");
        assertThat(names.lastGood("db.example")).isEqualTo("192.0.2.2");
    }

    @Test
    void aNameThatNeverResolvedAnswersNullAndIsAskedNoMoreOftenThanTheBackOffAllows() throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            assertThat(names.resolve("nowhere.example").get(10, TimeUnit.SECONDS)).isNull();
        }
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(queries).hasSize(4);
        assertThat(elapsed).as("waits of 200, 400 and 800 ms between the four lookups").isGreaterThanOrEqualTo(1200);
    }

    @Test
    void afterCloseLookupsAnswerWhatIsKnown() throws Exception {
        dns.put("db.example", "192.0.2.1");
        names.resolve("db.example").get(10, TimeUnit.SECONDS);
        CountDownLatch stalled = new CountDownLatch(1);
        gate.set(stalled);
        CompletableFuture<String> underWay = names.resolve("other.example");
        names.close();
        assertThat(underWay.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(names.resolve("db.example").get(10, TimeUnit.SECONDS)).isEqualTo("192.0.2.1");
    }
}
