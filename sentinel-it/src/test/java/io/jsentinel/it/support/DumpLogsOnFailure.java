package io.jsentinel.it.support;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * JUnit extension: when a test fails, prints the directory, PID and log tail of every node it started
 * and of every node still running (e.g. from a {@code @BeforeAll} topology).
 */
public final class DumpLogsOnFailure implements BeforeEachCallback, TestWatcher {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(DumpLogsOnFailure.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("mark", ProcessRegistry.mark());
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Integer mark = context.getStore(NS).get("mark", Integer.class);
        Set<ManagedProcess> nodes = new LinkedHashSet<>(ProcessRegistry.since(mark == null ? 0 : mark));
        nodes.addAll(ProcessRegistry.alive());
        StringBuilder sb = new StringBuilder("[it] FAILED " + context.getDisplayName() + " — work dirs under "
                + WorkDirs.runDir() + "\n");
        for (ManagedProcess p : nodes) {
            sb.append("---- ").append(p).append(" alive=").append(p.isAlive()).append(" dir=").append(p.dir())
                    .append('\n').append(p.logTail(25)).append('\n');
        }
        System.out.println(sb);
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        // nothing to report
    }
}
