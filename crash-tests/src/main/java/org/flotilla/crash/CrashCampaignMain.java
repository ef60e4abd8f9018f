package org.flotilla.crash;

/**
 * The long crash campaign as a command ({@code crash-tests/run [--cycles N] [--seed S] [--store filesystem|database]}): N cycles
 * of 11 kills each (default 30, i.e. 330 kills), then the report. Exit code 0 when every
 * acknowledged change survived every kill, 1 with the first violation otherwise.
 */
public final class CrashCampaignMain {

    private CrashCampaignMain() {
    }

    public static void main(String[] args) {
        CampaignSettings s = CampaignSettings.fromSystem(30);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cycles" -> s = s.withCycles(Integer.parseInt(value(args, ++i, "--cycles")));
                case "--seed" -> s = s.withSeed(Long.parseLong(value(args, ++i, "--seed")));
                case "--store" -> {
                    String store = value(args, ++i, "--store");
                    if (!store.equals("filesystem") && !store.equals("database")) {
                        System.err.println("crash-tests: --store must be filesystem or database, was " + store);
                        System.exit(2);
                    }
                    s = s.withDatabaseStore(store.equals("database"));
                }
                default -> {
                    System.err.println("crash-tests: unknown option " + args[i]
                            + "; use --cycles N (11 kills each), --seed S and --store filesystem|database");
                    System.exit(2);
                }
            }
        }
        if (s.cycles() < 1) {
            System.err.println("crash-tests: --cycles must be at least 1");
            System.exit(2);
        }
        System.out.printf("crash campaign: %d cycles, %d kills, coordinator %s, database %s, artifacts in %s%n", s.cycles(),
                s.kills(), s.coordinatorJar(), s.dbUrl() == null ? "embedded H2" : s.dbUrl(),
                s.databaseStore() ? "the database" : "files");
        try {
            Report r = Campaign.run(s);
            System.out.print(r.render());
        } catch (Violation v) {
            System.err.println("crash-tests: VIOLATION: " + v.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("crash-tests: the campaign could not run: " + e);
            System.exit(1);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println("crash-tests: " + option + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
