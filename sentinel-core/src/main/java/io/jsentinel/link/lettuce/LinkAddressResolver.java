package io.jsentinel.link.lettuce;

import io.jsentinel.link.HostResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.resolver.InetSocketAddressResolver;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Function;

/**
 * How the links' Netty bootstrap turns a host into an address: never by a lookup on the thread that asks.
 * Netty's default resolves a name with a blocking {@code getaddrinfo} on the channel's event loop, which for the
 * links is the sentinel loop itself: a 3 s resolver stalled the whole sentinel into TILT. Here an IP literal is
 * parsed, a name takes its last good IP from the {@link HostResolver}, and a name without one waits for its
 * lookup on the resolver's threads (a name that does not resolve fails the connection, which the sentinel
 * retries on its reconnect period). The address keeps the name, and Lettuce sets the TLS peer (SNI) from the
 * name it was given, never from the IP.
 */
final class LinkAddressResolver extends AddressResolverGroup<InetSocketAddress> {
    private final HostResolver names;

    LinkAddressResolver(HostResolver names) {
        this.names = names;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new InetSocketAddressResolver(executor, new InetNameResolver(executor) {
            @Override
            protected void doResolve(String host, Promise<InetAddress> promise) {
                lookUp(host, promise, a -> a);
            }

            @Override
            protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
                lookUp(host, promise, List::of);
            }
        });
    }

    private <T> void lookUp(String host, Promise<T> promise, Function<InetAddress, T> result) {
        InetAddress literal = address(null, host);
        if (literal != null) {
            promise.trySuccess(result.apply(literal));
            return;
        }
        String known = names.lastGood(host);
        if (known != null) {
            answer(host, known, promise, result);
            return;
        }
        names.resolve(host).whenComplete((ip, failure) -> answer(host, ip, promise, result));
    }

    private static <T> void answer(String host, String ip, Promise<T> promise, Function<InetAddress, T> result) {
        InetAddress address = ip == null ? null : address(host, ip);
        if (address != null) {
            promise.trySuccess(result.apply(address));
        } else {
            promise.tryFailure(new UnknownHostException(host + ": no address (yet); jsentinel looks names up "
                    + "in the background and retries"));
        }
    }

    /** {@code ip} as an address named {@code host}, or null when {@code ip} is not an IP literal. */
    static InetAddress address(String host, String ip) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(ip);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(host, bytes);
        } catch (UnknownHostException impossible) {
            return null;  // only for a wrong length, which a parsed literal never has
        }
    }
}
