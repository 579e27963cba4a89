package io.jsentinel.launcher;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * systemd's notification protocol as {@code sd_notify(3)} speaks it: one datagram per message to the AF_UNIX socket
 * named by {@code NOTIFY_SOCKET}, a path or, with a leading {@code @}, an abstract name. The JDK has no AF_UNIX
 * datagrams, so Netty's native epoll transport sends it; spawning {@code systemd-notify} would not do, as the default
 * {@code NotifyAccess=main} ignores messages from any other process than the main one.
 */
final class NotifySocket {
    /** What a send returns, as sd_notify: positive on success, 0 without a socket, negative on an error. */
    interface Sender {
        int send(String notifySocket, String message);
    }

    private NotifySocket() {
    }

    /** The Netty-backed sender; its errors are reported as -1 with the reason through {@code onError}. */
    static Sender netty(java.util.function.Consumer<String> onError) {
        return (socket, message) -> send(socket, message, onError);
    }

    static int send(String notifySocket, String message, java.util.function.Consumer<String> onError) {
        if (notifySocket == null || notifySocket.isEmpty()) {
            return 0;
        }
        // sd_notify accepts an absolute path or an abstract name, nothing else (EINVAL)
        if (!notifySocket.startsWith("/") && !notifySocket.startsWith("@")) {
            onError.accept("NOTIFY_SOCKET is neither an absolute path nor an abstract name: " + notifySocket);
            return -1;
        }
        if (!Epoll.isAvailable()) {
            onError.accept("no native epoll transport: " + Epoll.unavailabilityCause());
            return -1;
        }
        String path = notifySocket.startsWith("@") ? '\0' + notifySocket.substring(1) : notifySocket;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            // connected, as an unbound datagram channel is not active for Netty and refuses addressed packets
            Channel ch = new io.netty.bootstrap.Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new io.netty.channel.ChannelInboundHandlerAdapter())
                    .connect(new DomainSocketAddress(path)).sync().channel();
            try {
                ch.writeAndFlush(Unpooled.copiedBuffer(message, StandardCharsets.UTF_8)).sync();
                return 1;
            } finally {
                ch.close().syncUninterruptibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            onError.accept(e.toString());
            return -1;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
