package org.flotilla.bench.load;

import java.net.URI;
import java.nio.file.Path;

/** The command line of {@link LoadBench}: {@code --name value} pairs, every one with a default but the first two. */
record LoadOptions(URI coordinator, long pid, int clients, int perRound, int rounds, int waitSeconds, int concurrency,
                   int uploadConcurrency, int heldSeconds, int probes, int parameters, long ticksPerSecond,
                   Path histograms, int maxMinutes) {

    static LoadOptions parse(String[] args) {
        URI coordinator = null;
        long pid = -1;
        int clients = 10_000;
        int perRound = 1_000;
        int rounds = 3;
        int wait = 25;
        int concurrency = 32;
        int uploads = 32;
        int held = 60;
        int probes = 1_000;
        int parameters = 199_210;
        long ticks = 100;
        Path histograms = null;
        int maxMinutes = 30;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--coordinator" -> coordinator = URI.create(v);
                case "--pid" -> pid = Long.parseLong(v);
                case "--clients" -> clients = positive(args[i], v);
                case "--per-round" -> perRound = positive(args[i], v);
                case "--rounds" -> rounds = positive(args[i], v);
                case "--wait" -> wait = positive(args[i], v);
                case "--concurrency" -> concurrency = positive(args[i], v);
                case "--upload-concurrency" -> uploads = positive(args[i], v);
                case "--held-seconds" -> held = positive(args[i], v);
                case "--probes" -> probes = Integer.parseInt(v);
                case "--parameters" -> parameters = positive(args[i], v);
                case "--clock-ticks" -> ticks = positive(args[i], v);
                case "--histograms" -> histograms = Path.of(v);
                case "--max-minutes" -> maxMinutes = positive(args[i], v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (coordinator == null || pid <= 0) {
            throw new IllegalArgumentException("--coordinator URL and --pid PID (the coordinator process) are required");
        }
        if (perRound > clients) {
            throw new IllegalArgumentException("--per-round " + perRound + " is more than --clients " + clients);
        }
        return new LoadOptions(coordinator, pid, clients, perRound, rounds, wait, concurrency, uploads, held, probes,
                parameters, ticks, histograms, maxMinutes);
    }

    private static int positive(String name, String v) {
        int n = Integer.parseInt(v);
        if (n <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + v);
        }
        return n;
    }
}
