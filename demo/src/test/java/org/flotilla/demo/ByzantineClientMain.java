package org.flotilla.demo;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import org.flotilla.edge.EdgeClient;
import org.flotilla.edge.RunResult;
import org.flotilla.edge.config.ClientConfig;
import org.flotilla.edge.config.ConfigResolver;
import org.flotilla.edge.config.Setting;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.round.UpdateTransform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Byzantine edge client for {@link PoisoningIT}, test code only: the real {@link EdgeClient}
 * (enrolment, check-in, training, upload, evaluation) whose every update is multiplied by
 * {@code --scale} before it is sent, through the programmatic {@link UpdateTransform} hook that
 * the {@code edge-client} program does not expose. Started as its own process from the test
 * class path, like the honest clients: {@code java -cp … org.flotilla.demo.ByzantineClientMain
 * --scale 100 --coordinator URL --enrolment-token T --data D --state-dir S --workers 1}. Every
 * {@code --key value} pair but {@code --scale} is an {@code edge-client run} setting.
 */
public final class ByzantineClientMain {

    private static final Logger LOG = LoggerFactory.getLogger(ByzantineClientMain.class);

    private ByzantineClientMain() {
    }

    public static void main(String[] args) {
        double scale = 1;
        Map<Setting, String> given = new EnumMap<>(Setting.class);
        for (int i = 0; i + 1 < args.length; i += 2) {
            String key = args[i].replaceFirst("^--", "");
            if (key.equals("scale")) {
                scale = Double.parseDouble(args[i + 1]);
                continue;
            }
            Setting s = Setting.byKey(key);
            if (s == null) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            given.put(s, args[i + 1]);
        }
        ClientConfig config = ConfigResolver.of(given, null, System.getenv()).forRun(false, false);
        RunResult result = EdgeClient.runRounds(config, 0, new StopSignal(), scaledBy(scale));
        System.exit(result.status().code());
    }

    /** Multiplies every delta by {@code factor}, logging the norms. */
    static UpdateTransform scaledBy(double factor) {
        return (job, round, delta) -> {
            double norm = 0;
            for (int i = 0; i < delta.length; i++) {
                norm += (double) delta[i] * delta[i];
                delta[i] = (float) (delta[i] * factor);
            }
            LOG.info("poisoning the update of job {} round {}: L2 norm {} scaled by {}", job, round,
                    String.format(Locale.ROOT, "%.4f", Math.sqrt(norm)), factor);
            return delta;
        };
    }
}
