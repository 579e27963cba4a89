package io.jsentinel.server;

import io.jsentinel.resp.RespValue;
import java.util.ArrayList;
import java.util.List;

/** (P)SUBSCRIBE and (P)UNSUBSCRIBE: one confirmation per channel, as pushes in RESP3. */
final class PubSubCommands {
    private PubSubCommands() {
    }

    static void register(CommandTable t) {
        t.register("subscribe", (s, a) -> {
            for (int i = 1; i < a.size(); i++) {
                String ch = CommandTable.text(a.get(i));
                s.server().pubsub().subscribe(s, ch);
                confirm(s, "subscribe", RespValue.bulk(ch));
            }
        });
        t.register("psubscribe", (s, a) -> {
            for (int i = 1; i < a.size(); i++) {
                String p = CommandTable.text(a.get(i));
                s.server().pubsub().psubscribe(s, p);
                confirm(s, "psubscribe", RespValue.bulk(p));
            }
        });
        t.register("unsubscribe", (s, a) -> unsubscribe(s, a, false));
        t.register("punsubscribe", (s, a) -> unsubscribe(s, a, true));
    }

    private static void unsubscribe(ClientSession s, List<byte[]> a, boolean patterns) {
        PubSub ps = s.server().pubsub();
        String kind = patterns ? "punsubscribe" : "unsubscribe";
        List<String> names = new ArrayList<>();
        if (a.size() == 1) {
            names.addAll(patterns ? s.patterns() : s.channels());
            names.sort(null);
            if (names.isEmpty()) {
                // Redis confirms even with nothing to drop, with a null channel name.
                confirm(s, kind, RespValue.NULL);
                return;
            }
        } else {
            for (int i = 1; i < a.size(); i++) {
                names.add(CommandTable.text(a.get(i)));
            }
        }
        for (String n : names) {
            if (patterns) {
                ps.punsubscribe(s, n);
            } else {
                ps.unsubscribe(s, n);
            }
            confirm(s, kind, RespValue.bulk(n));
        }
    }

    private static void confirm(ClientSession s, String kind, RespValue name) {
        s.reply(new RespValue.Push(List.of(RespValue.bulk(kind), name, RespValue.integer(s.subscriptionCount()))));
    }
}
