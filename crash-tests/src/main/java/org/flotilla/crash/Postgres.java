package org.flotilla.crash;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A PostgreSQL scratch database for a campaign: emptied before it starts (its {@code public} schema dropped and created). */
final class Postgres {

    private Postgres() {
    }

    static void wipe(String url, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
    }
}
