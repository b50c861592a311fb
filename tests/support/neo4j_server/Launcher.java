import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * A throw-away Neo4j Community for tests: embedded, Bolt on one loopback port, auth off.
 *
 * Usage: java --add-opens=... -cp 'lib/*' Launcher.java HOME PORT
 *
 * Prints "NEO4J READY bolt://127.0.0.1:PORT" once Bolt listens. Stops cleanly (a shutdown
 * hook closes the database) on SIGTERM, SIGINT or when stdin reaches end of file, so a
 * parent that dies without cleaning up does not leave the server running.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: Launcher HOME PORT PAGE_CACHE_MB");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long pageCacheMb = Long.parseLong(args[2]);

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                // Bolt otherwise waits 5 s for its thread pool and 5 s for its connections on shutdown.
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(200))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(200))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.shutdown();
            System.out.println("NEO4J STOPPED");
            System.out.flush();
        }, "neo4j-shutdown"));
        // Opening the default database forces it to start before we announce readiness.
        service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");

        System.out.println("NEO4J READY bolt://127.0.0.1:" + port);
        System.out.flush();

        InputStream stdin = System.in;
        byte[] buffer = new byte[256];
        while (stdin.read(buffer) != -1) {
            // Input is ignored; only its end matters.
        }
        System.exit(0);
    }
}
