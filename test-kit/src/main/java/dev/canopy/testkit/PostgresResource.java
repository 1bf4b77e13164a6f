package dev.canopy.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL (embedded binaries, no Docker) with one database for the service under test, named by the
 * {@code database} init argument. Configures the JDBC URL (Flyway, JDBC services) and, unless the {@code reactive}
 * init argument is {@code false} (a service on plain JDBC such as the connector), the reactive URL (Hibernate Reactive).
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    private static EmbeddedPostgres postgres;
    private String database = "canopy";
    private boolean reactive = true;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        reactive = !"false".equals(initArgs.get("reactive"));
    }

    @Override
    public Map<String, String> start() {
        int port = startServer();
        createDatabase(database);
        Map<String, String> config = new HashMap<>(Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/" + database,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres"));
        if (reactive) {
            config.put("quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/" + database);
        }
        return config;
    }

    /**
     * A JDBC connection to the database of the service under test, from its {@code quarkus.datasource} settings (this
     * resource's): for benchmarks and tests that read what the service wrote, or the database's own statistics.
     */
    public static Connection serviceDatabase() throws SQLException {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    static synchronized int startServer() {
        if (postgres == null) {
            long t0 = System.nanoTime();
            // the port is picked by opening and closing a socket, then bound by postgres: with modules tested side by
            // side (mvn -T) another JVM can take it in between. That failure reaches us only as "Process [pg_ctl …
            // start] failed" (postgres says why in its log), so any failed start is tried again, twice at most
            for (int attempt = 1; postgres == null; attempt++) {
                try {
                    synchronized (PortRace.STARTS) { // never beside this JVM's broker start (PortRace.STARTS)
                        postgres = EmbeddedPostgres.builder()
                                .setServerConfig("max_connections", "200")
                                .setServerConfig("fsync", "off")
                                .setServerConfig("synchronous_commit", "off")
                                // 10 s by default: too short on two busy cores (tools' EmbeddedInfrastructure too)
                                .setPGStartupWait(java.time.Duration.ofSeconds(60))
                                .start();
                    }
                } catch (Exception e) {
                    if (attempt >= 3) {
                        throw new IllegalStateException("embedded PostgreSQL did not start", e);
                    }
                    System.out.printf("[canopy-test] PostgreSQL start %d failed (%s); trying again%n", attempt, e);
                }
            }
            System.out.printf("[canopy-test] PostgreSQL on port %d started in %d ms%n", postgres.getPort(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
        return postgres.getPort();
    }

    private static void createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("bad database name " + name);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
                if (!rs.next()) {
                    s.execute("create database " + name);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
    }

    @Override
    public synchronized void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                postgres = null;
            }
        }
    }
}
