package org.flotilla.coordinator.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.flotilla.coordinator.system.AccessTokens;
import org.flotilla.coordinator.system.ClientCredentials;
import org.flotilla.coordinator.system.EnrolmentTokenCheck;
import org.flotilla.coordinator.system.FlotillaProperties;
import org.flotilla.coordinator.system.Invalid;
import org.flotilla.coordinator.system.NotFound;
import org.flotilla.model.wire.CheckInRequest;
import org.flotilla.model.wire.EnrolRequest;
import org.flotilla.model.wire.EnrolResponse;
import org.springframework.stereotype.Service;

/**
 * The client registry: enrolment (issuing an id and a 256-bit secret, keeping only the secret's
 * SHA-256 — a fast hash is adequate for a random secret of that strength), credential checks,
 * and what each client declared at its last check-in.
 */
@Service
public class ClientService implements ClientCredentials {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] NO_SUCH_CLIENT = new byte[32];

    private final ClientRepository clients;
    private final CheckInLog checkIns;
    private final EnrolmentWriter enrolments;
    private final Clock clock;
    private final Duration onlineWindow;

    ClientService(ClientRepository clients, CheckInLog checkIns, EnrolmentWriter enrolments, Clock clock,
                  FlotillaProperties properties) {
        this.clients = clients;
        this.checkIns = checkIns;
        this.enrolments = enrolments;
        this.clock = clock;
        FlotillaProperties.CheckIn c = properties.checkIn();
        this.onlineWindow = c.maxWait().plus(c.retryAfter()).multipliedBy(2).plusSeconds(5);
    }

    /**
     * Enrols a device and returns its identity; the secret is not stored and cannot be shown again.
     * {@code principal} is the authenticated enrolment token: an operator-created one
     * ({@code enrolment-token/<id>}) counts this enrolment against its quota, in the same transaction.
     * Returns once the client's row is committed, in a transaction shared with the enrolments made
     * at the same time ({@link EnrolmentWriter}).
     */
    public EnrolResponse enrol(EnrolRequest request, String principal) {
        validate(request);
        Long tokenId = null;
        if (principal != null && principal.startsWith(EnrolmentTokenCheck.PRINCIPAL_PREFIX)) {
            tokenId = Long.parseLong(principal.substring(EnrolmentTokenCheck.PRINCIPAL_PREFIX.length()));
        }
        byte[] idBytes = new byte[8];
        RANDOM.nextBytes(idBytes);
        String id = "c-" + HexFormat.of().formatHex(idBytes);
        String secret = AccessTokens.randomSecret();
        enrolments.write(new EnrolmentWriter.NewClient(id, request.name().strip(), hash(secret), request.platform(),
                request.cores(), request.examples(), tokenId, clock.instant()));
        return new EnrolResponse(id, secret);
    }

    /** Secret and revocation in one indexed lookup: revocation takes effect at the next request. */
    @Override
    public boolean authenticate(String clientId, String secret) {
        Optional<ClientRepository.Credential> c = clients.credential(clientId);
        byte[] stored = c.map(r -> HexFormat.of().parseHex(r.secretSha256())).orElse(NO_SUCH_CLIENT);
        boolean same = MessageDigest.isEqual(stored, sha256(secret));
        return same && c.isPresent() && !c.get().revoked();
    }

    @Override
    public boolean verify(String clientId, String secret) {
        byte[] stored = clients.secretHash(clientId).map(HexFormat.of()::parseHex).orElse(NO_SUCH_CLIENT);
        boolean same = MessageDigest.isEqual(stored, sha256(secret));
        return same && stored != NO_SUCH_CLIENT;
    }

    /** Revocation is read from the database on every request, never from a cache of verified secrets. */
    @Override
    public boolean isActive(String clientId) {
        return clients.active(clientId).orElse(false);
    }

    /**
     * Revokes a client: from now on every request with its credentials is answered 401. The open
     * assignments it holds are dropped by the caller ({@code web}), which also knows the cohorts.
     *
     * @throws NotFound for an unknown client
     */
    public void revoke(String clientId) {
        if (!clients.revoke(clientId, clock.instant())) {
            throw new NotFound("client " + clientId);
        }
    }

    /**
     * Records what a client declared at a check-in, and when: written to the registry with the
     * other check-ins of the last interval ({@link CheckInLog}), not by a commit of its own.
     */
    public void recordCheckIn(String clientId, CheckInRequest request) {
        if (request.cores() < 0 || request.cores() > 65_536) {
            throw Invalid.field("cores", "in [0, 65536]", "cores must be in [0, 65536], was " + request.cores());
        }
        if (request.examples() < 0) {
            throw Invalid.field("examples", ">= 0", "examples must not be negative, was " + request.examples());
        }
        checkIns.record(clientId, new CheckInLog.Seen(request.cores(), request.examples(), truncate(request.platform(), 100),
                truncate(request.clientVersion(), 100), clock.instant()));
    }

    /** The registry, oldest enrolment first. */
    public List<Client> list() {
        Instant now = clock.instant();
        return clients.list().stream().map(row -> withPending(row)).map(r -> new Client(r.id(), r.name(), r.platform(),
                r.clientVersion(), r.cores(), r.examples(), r.revokedAt() != null ? ClientStatus.REVOKED
                : r.assigned() ? ClientStatus.TRAINING : r.evaluating() ? ClientStatus.EVALUATING
                : r.lastSeen().isAfter(now.minus(onlineWindow)) ? ClientStatus.IDLE : ClientStatus.OFFLINE,
                r.enrolledAt(), r.lastSeen(), r.revokedAt())).toList();
    }

    /** A registry row with the newest check-in of this replica that is not written yet. */
    private ClientRepository.Row withPending(ClientRepository.Row r) {
        return checkIns.pending(r.id()).filter(s -> s.at().isAfter(r.lastSeen()))
                .map(s -> new ClientRepository.Row(r.id(), r.name(), s.platform() != null ? s.platform() : r.platform(),
                        s.clientVersion() != null ? s.clientVersion() : r.clientVersion(), s.cores(), s.examples(),
                        r.enrolledAt(), s.at(), r.assigned(), r.evaluating(), r.revokedAt()))
                .orElse(r);
    }

    /**
     * The ids of every enrolled client: the population a differentially private round samples
     * from. Whether a client is online or has data plays no part (that would make eligibility
     * depend on the clients), so a sampled client that never checks in is a drop-out.
     */
    public List<String> enrolledIds() {
        return clients.ids();
    }

    /** How many clients are enrolled. */
    public long enrolledCount() {
        return clients.count();
    }

    private static void validate(EnrolRequest r) {
        if (r.name() == null || r.name().isBlank() || r.name().length() > 200) {
            throw Invalid.field("name", "1 to 200 characters", "name must be 1 to 200 characters");
        }
        if (r.cores() < 1 || r.cores() > 65_536) {
            throw Invalid.field("cores", "in [1, 65536]", "cores must be in [1, 65536], was " + r.cores());
        }
        if (r.examples() < 0) {
            throw Invalid.field("examples", ">= 0", "examples must not be negative, was " + r.examples());
        }
        if (r.platform() != null && r.platform().length() > 100) {
            throw Invalid.field("platform", "at most 100 characters", "platform is longer than 100 characters");
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    static String hash(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
