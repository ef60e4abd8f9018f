package org.flotilla.coordinator.secagg;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.artifact.ArtifactStore;
import org.flotilla.coordinator.cohort.Cohort;
import org.flotilla.coordinator.cohort.CohortRepository;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.secagg.RoundPlan;
import org.flotilla.secagg.SecAggParameters;
import org.flotilla.secagg.wire.KeyAdvertisement;
import org.flotilla.secagg.wire.MaskedInput;
import org.flotilla.secagg.wire.MaskedVectorCodec;
import org.flotilla.secagg.wire.RoundSetup;
import org.flotilla.secagg.wire.SealedShares;
import org.flotilla.secagg.wire.UnmaskRequest;
import org.flotilla.secagg.wire.UnmaskResponse;
import org.springframework.stereotype.Service;

/**
 * The protocol state of a secure round attempt, rebuilt from what is stored
 * ({@link ServerReplay}): its setup and seed, created once per attempt; the chain of its phase
 * cohorts (each phase's parent is the phase before); and the server session as it stands when a
 * phase's answers are checked (the phases before closed, none of this phase's answers fed) or
 * when a phase closes (this phase's answers fed too).
 */
@Service
class SecureState {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecureRecords records;
    private final CohortRepository cohorts;
    private final JobRepository jobs;
    private final ArtifactStore store;
    private final Clock clock;

    SecureState(SecureRecords records, CohortRepository cohorts, JobRepository jobs, ArtifactStore store, Clock clock) {
        this.records = records;
        this.cohorts = cohorts;
        this.jobs = jobs;
        this.store = store;
        this.clock = clock;
    }

    /** The attempt's setup and seed; drawn and stored the first time they are asked for. */
    SecureRecords.RoundRow round(Cohort c) {
        Optional<SecureRecords.RoundRow> stored = records.round(c.jobId(), c.roundNo(), c.attempt());
        if (stored.isPresent()) {
            return stored.get();
        }
        Job job = jobs.find(c.jobId()).orElseThrow();
        SecAggParameters parameters = jobs.secureAggregation(c.jobId()).orElseThrow(() -> new IllegalStateException(
                "job " + c.jobId() + " has no secure-aggregation parameters"));
        RoundSetup setup = SecureRounds.setup(c.jobId(), c.roundNo(), c.attempt(), parameters, job.parameterCount());
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        return records.roundOnce(c.jobId(), c.roundNo(), c.attempt(),
                new SecureRecords.RoundRow(setup.toJson(), HexFormat.of().formatHex(seed)), clock.instant());
    }

    /** The attempt's phase cohorts from phase 0 up to {@code c}, in order. */
    List<Cohort> chain(Cohort c) {
        List<Cohort> chain = new ArrayList<>();
        Cohort at = c;
        while (true) {
            chain.addFirst(at);
            if (phaseOf(at) == SecurePhase.ADVERTISE_KEYS) {
                return chain;
            }
            at = cohorts.find(at.parentId()).orElseThrow();
        }
    }

    static SecurePhase phaseOf(Cohort c) {
        return SecurePhase.of(c.kind()).orElseThrow(() -> new IllegalArgumentException(
                c.label() + " is not a secure-aggregation phase"));
    }

    /**
     * The server session of {@code c}'s attempt with the phases before {@code c}'s closed, and
     * {@code c}'s own accepted answers fed when {@code withOwn}.
     */
    ServerReplay.Rebuilt rebuild(Cohort c, boolean withOwn) {
        List<Cohort> chain = chain(c);
        SecurePhase phase = phaseOf(c);
        SecureRecords.RoundRow row = round(chain.getFirst());
        RoundSetup setup = RoundSetup.fromJson(row.setup());
        byte[] seed = HexFormat.of().parseHex(row.graphSeedHex());
        int fed = withOwn ? phase.ordinal() + 1 : phase.ordinal();
        List<KeyAdvertisement> keys = fed > 0 ? json(chain.get(0), KeyAdvertisement::fromJson) : List.of();
        List<SealedShares> shares = fed > 1 ? json(chain.get(1), SealedShares::fromJson) : List.of();
        List<MaskedInput> masked = List.of();
        if (fed > 2) {
            // The masked inputs' width is the round's modulus, fixed when phase 0 closed.
            ServerReplay.Rebuilt before = ServerReplay.rebuild(new RecordedRound(setup, seed, keys, shares, List.of(),
                    List.of(), 2));
            if (before.failure().isPresent()) {
                return before;
            }
            int bits = before.session().plan().modulusBits();
            masked = records.messages(chain.get(2).id()).stream()
                    .map(m -> MaskedVectorCodec.decode(store.read(m.sha256()), bits, setup.vectorLength() + 1)).toList();
        }
        List<UnmaskResponse> unmasks = fed > 3 ? json(chain.get(3), UnmaskResponse::fromJson) : List.of();
        return ServerReplay.rebuild(new RecordedRound(setup, seed, keys, shares, masked, unmasks, phase.ordinal()));
    }

    /** The attempt's plan (k, t, b) once its key phase closed successfully; {@code keys} is phase 0. */
    Optional<RoundPlan> plan(Cohort keys) {
        if (records.round(keys.jobId(), keys.roundNo(), keys.attempt()).isEmpty()) {
            return Optional.empty();
        }
        ServerReplay.Rebuilt r = rebuildKeys(keys);
        return r.failure().isPresent() ? Optional.empty() : Optional.of(r.session().plan());
    }

    /**
     * Whether the unmasking phase {@code unmask} has, in the answers counted so far, t shares of
     * every secret the server needs — the library's {@code ServerSession.unmaskingReady()}, read
     * from the stored requests and answers without replaying the masked inputs: an accepted answer
     * reveals exactly the shares its request named.
     */
    boolean unmaskingReady(Cohort unmask) {
        List<Cohort> chain = chain(unmask);
        int t = rebuildKeys(chain.getFirst()).session().plan().threshold();
        Map<String, String> asked = records.requests(chain.get(2).id());
        Map<String, Integer> selfMask = new HashMap<>();
        Map<String, Integer> maskKey = new HashMap<>();
        asked.values().stream().map(UnmaskRequest::fromJson).forEach(r -> {
            r.survivors().forEach(owner -> selfMask.putIfAbsent(owner, 0));
            r.dropped().forEach(owner -> maskKey.putIfAbsent(owner, 0));
        });
        for (SecureRecords.Message answered : records.messages(unmask.id())) {
            UnmaskRequest r = UnmaskRequest.fromJson(asked.get(answered.clientId()));
            r.survivors().forEach(owner -> selfMask.merge(owner, 1, Integer::sum));
            r.dropped().forEach(owner -> maskKey.merge(owner, 1, Integer::sum));
        }
        return selfMask.values().stream().allMatch(n -> n >= t) && maskKey.values().stream().allMatch(n -> n >= t);
    }

    private ServerReplay.Rebuilt rebuildKeys(Cohort keys) {
        SecureRecords.RoundRow row = round(keys);
        return ServerReplay.rebuild(new RecordedRound(RoundSetup.fromJson(row.setup()),
                HexFormat.of().parseHex(row.graphSeedHex()), json(keys, KeyAdvertisement::fromJson), List.of(),
                List.of(), List.of(), 1));
    }

    private <M> List<M> json(Cohort c, java.util.function.Function<String, M> parse) {
        return records.messages(c.id()).stream().map(m -> parse.apply(m.body())).toList();
    }
}
