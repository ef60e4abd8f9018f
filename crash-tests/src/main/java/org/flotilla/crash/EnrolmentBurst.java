package org.flotilla.crash;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

/**
 * A burst of {@value #SIZE} concurrent enrolments of distinct clients, each with an enrolment
 * token of its own (operator-created, quota 1), so that several of them share one group commit
 * of the coordinator's enrolment writer. The campaign kills the coordinator within a few ms of
 * the first 201, while others of the burst are still in flight, and then holds the restarted
 * incarnation to it ({@link #verify}): every acknowledged enrolment exists, whole, its secret
 * authenticates and its token is used up; an unacknowledged one may or may not exist, but its
 * client row and the use of its token are there together or not at all.
 */
final class EnrolmentBurst {

    static final int SIZE = 24;
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** One enrolment of the burst: its client's name, its token, and what became of its request. */
    private static final class Member {
        final String name;
        final long tokenId;
        final String token;
        long answeredAt; // System.nanoTime() of its 201, 0 without one
        HttpResponse<String> answer;
        Exception failure;

        Member(String name, long tokenId, String token) {
            this.name = name;
            this.tokenId = tokenId;
            this.token = token;
        }
    }

    /**
     * What a burst found after the restart.
     *
     * @param acknowledgedBeforeKill 201s received before the SIGKILL was sent
     * @param acknowledged           201s received in all (a 201 that left the process before it died counts too)
     * @param notAcknowledged        enrolments that got no answer
     * @param presentUnacknowledged  of those, how many the restarted coordinator has (client and token use both)
     */
    record Outcome(int acknowledgedBeforeKill, int acknowledged, int notAcknowledged, int presentUnacknowledged) {
        boolean inFlightAtKill() {
            return acknowledgedBeforeKill < SIZE;
        }
    }

    private final Wire wire;
    private final List<Member> members = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch firstAcknowledged = new CountDownLatch(1);
    private volatile long firstAt;

    private EnrolmentBurst(Wire wire) {
        this.wire = wire;
    }

    /** Creates the burst's {@value #SIZE} enrolment tokens (each a durable 201 of its own, before the burst). */
    static EnrolmentBurst prepare(Wire wire, AdminView admin, String prefix) throws Exception {
        EnrolmentBurst b = new EnrolmentBurst(wire);
        for (int i = 0; i < SIZE; i++) {
            String name = prefix + "-" + i;
            JsonNode t = admin.createEnrolmentToken(name, 1);
            b.members.add(new Member(name, t.path("id").asLong(), t.path("token").asString("")));
        }
        return b;
    }

    /** Sends all enrolments at once (one virtual thread each); returns the {@code System.nanoTime()} of the first 201. */
    long fire() throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        for (Member m : members) {
            threads.add(Thread.ofVirtual().name("burst-" + m.name).start(() -> enrol(m, start)));
        }
        start.countDown();
        if (!firstAcknowledged.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            settle();
            throw new Violation("no enrolment of the burst was acknowledged within " + WAIT.toSeconds() + " s: " + failures());
        }
        return firstAt;
    }

    private void enrol(Member m, CountDownLatch start) {
        try {
            start.await();
            HttpResponse<String> r = Device.enrolRaw(wire, m.token, m.name, 0);
            long at = System.nanoTime();
            m.answer = r;
            if (r.statusCode() == 201) {
                m.answeredAt = at;
                synchronized (this) {
                    if (firstAcknowledged.getCount() > 0) {
                        firstAt = at;
                        firstAcknowledged.countDown();
                    }
                }
            }
        } catch (Exception e) {
            m.failure = e; // the kill cut it off: no answer
        }
    }

    /** After the SIGKILL and before the restart: waits until every request of the burst has its answer or its error. */
    void settle() throws InterruptedException {
        for (Thread t : threads) {
            if (!t.join(WAIT)) {
                throw new Violation("an enrolment of the burst neither finished nor failed within " + WAIT.toSeconds() + " s of the kill");
            }
        }
    }

    /** Whether enrolments of the burst were still unanswered at {@code killedAt}, after {@link #settle()}: a hit. */
    boolean inFlightAt(long killedAt) {
        return members.stream().anyMatch(m -> m.answeredAt == 0 || m.answeredAt >= killedAt);
    }

    /**
     * Holds the restarted coordinator to the burst, after {@link #settle()}; adds the acknowledged
     * clients to the ledger. {@code killedAt} is the {@code System.nanoTime()} of the SIGKILL.
     */
    Outcome verify(AdminView admin, Ledger ledger, long killedAt) throws Exception {
        Map<String, List<JsonNode>> registry = new HashMap<>();
        admin.clients().forEach(c -> registry.computeIfAbsent(c.path("name").asString(""), k -> new ArrayList<>()).add(c));
        Map<Long, Integer> used = new HashMap<>();
        admin.enrolmentTokens().forEach(t -> used.put(t.path("id").asLong(), t.path("used").asInt()));
        int beforeKill = 0;
        int acknowledged = 0;
        int present = 0;
        List<Device> devices = new ArrayList<>();
        for (Member m : members) {
            if (m.answer != null && m.answer.statusCode() != 201) {
                throw new Violation("enrolment " + m.name + " with its own fresh token answered HTTP " + m.answer.statusCode()
                        + ": " + m.answer.body());
            }
            List<JsonNode> rows = registry.getOrDefault(m.name, List.of());
            int uses = used.getOrDefault(m.tokenId, -1);
            if (rows.size() > 1 || uses < 0 || uses > 1 || rows.size() != uses) {
                throw new Violation("enrolment " + m.name + " is half there after the restart: " + rows.size()
                        + " client(s) of that name, its token (id " + m.tokenId + ") used " + uses + " time(s)");
            }
            if (m.answeredAt == 0) {
                present += rows.size();
                if (!rows.isEmpty()) {
                    requireWhole(m, rows.getFirst());
                }
                continue;
            }
            acknowledged++;
            beforeKill += m.answeredAt < killedAt ? 1 : 0;
            Device d = Device.enrolled(wire, m.answer, 0);
            if (rows.isEmpty() || !rows.getFirst().path("id").asString("").equals(d.id())) {
                throw new Violation("the acknowledged enrolment " + m.name + " (client " + d.id() + ") is not in the registry: " + rows);
            }
            requireWhole(m, rows.getFirst());
            devices.add(d);
        }
        for (Device d : devices) {
            Device.expect(d.checkInRaw(0, 0), 200, "a check-in of " + d.id() + " with the secret of its acknowledged enrolment");
            ledger.enrolled(d);
        }
        Member consumed = members.stream().filter(m -> m.answeredAt != 0).findFirst().orElseThrow();
        Device.expect(Device.enrolRaw(wire, consumed.token, consumed.name + "-again", 0), 401,
                "an enrolment with the used-up token of the acknowledged " + consumed.name);
        return new Outcome(beforeKill, acknowledged, SIZE - acknowledged, present);
    }

    private static void requireWhole(Member m, JsonNode row) {
        if (row.path("platform").asString("").equals(Device.PLATFORM) && row.path("cores").asInt() == Device.CORES
                && row.path("examples").asLong(-1) == 0 && !row.path("enrolledAt").isNull() && !row.path("enrolledAt").isMissingNode()) {
            return;
        }
        throw new Violation("the client of enrolment " + m.name + " is not as it enrolled: " + row);
    }

    private String failures() {
        StringBuilder b = new StringBuilder();
        for (Member m : members) {
            b.append(m.name).append(": ").append(m.answer != null ? "HTTP " + m.answer.statusCode() : String.valueOf(m.failure)).append("; ");
        }
        return b.toString();
    }
}
