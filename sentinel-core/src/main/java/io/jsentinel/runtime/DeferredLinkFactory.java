package io.jsentinel.runtime;

import io.jsentinel.link.Connection;
import io.jsentinel.link.ConnectionListener;
import io.jsentinel.link.Endpoint;
import io.jsentinel.link.LinkFactory;
import java.util.concurrent.CompletableFuture;

/** A link factory that is still being built: the first use waits for it. */
final class DeferredLinkFactory implements LinkFactory {
    private final CompletableFuture<LinkFactory> factory;

    DeferredLinkFactory(CompletableFuture<LinkFactory> factory) {
        this.factory = factory;
    }

    @Override
    public Connection openCommand(Endpoint target, ConnectionListener listener) {
        return factory.join().openCommand(target, listener);
    }

    @Override
    public Connection openPubSub(Endpoint target, ConnectionListener listener) {
        return factory.join().openPubSub(target, listener);
    }

    @Override
    public void close() {
        factory.join().close();
    }
}
