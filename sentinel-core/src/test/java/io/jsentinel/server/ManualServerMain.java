package io.jsentinel.server;

import io.jsentinel.config.ServerSettings;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.List;

/** Starts a server with {@link FakeBackend} on the port given as argument, for manual side-by-side checks. */
public final class ManualServerMain {
    private ManualServerMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String pass = args.length > 1 ? args[1] : null;
        ServerSettings settings = new ServerSettings(port, List.of("127.0.0.1"), false, pass, List.of(), "", "notice",
                null, false, null, 0);
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        SentinelServer server = new SentinelServer(settings, ServerInfo.current("/tmp/s.conf", "/usr/bin/x", 0),
                new FakeBackend(), group);
        server.start();
        System.out.println("listening on " + server.port());
        Thread.sleep(Long.MAX_VALUE);
    }
}
