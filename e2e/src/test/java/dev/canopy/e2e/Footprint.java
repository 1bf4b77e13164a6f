package dev.canopy.e2e;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.canopy.tools.local.LocalPlatform;

/** Figures for the sizing guide (infra/README.md) that the platform tests print. */
final class Footprint {
    private Footprint() {
    }

    /** Each service's database size after the test's runs (all tenants). */
    static void printDatabaseSizes(LocalPlatform platform) {
        try (Connection c = platform.infrastructure().database("postgres").getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select datname, pg_database_size(datname) as bytes from pg_database "
                        + "where datname like 'canopy_%' order by datname")) {
            while (r.next()) {
                System.out.printf("database %-17s %6.1f MiB%n", r.getString("datname"), r.getLong("bytes") / 1048576.0);
            }
        } catch (SQLException e) {
            System.out.println("database sizes not available: " + e.getMessage());
        }
    }
}
