package io.jsentinel.launcher;

import io.jsentinel.RunningSentinel;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/** A process for {@link ShutdownSignalTest}: the launcher's shutdown path around a fake sentinel. */
public final class SignalProbe {
    private SignalProbe() {
    }

    public static void main(String[] args) throws Exception {
        ShutdownSequence shutdown = new ShutdownSequence(System::exit);
        shutdown.pidFile(PidFile.write(Path.of(args[0]), ProcessHandle.current().pid()));
        boolean handlers = shutdown.install();
        shutdown.sentinel(new RunningSentinel() {
            @Override
            public int port() {
                return 0;
            }

            @Override
            public String myId() {
                return "0".repeat(40);
            }

            @Override
            public void close() {
                LoggerFactory.getLogger("probe").info("fake sentinel closed");
            }
        });
        System.out.println("ready handlers=" + handlers);
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
