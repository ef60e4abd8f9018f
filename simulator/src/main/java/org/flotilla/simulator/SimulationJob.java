package org.flotilla.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.flotilla.demo.JobRequests;
import org.flotilla.demo.federation.CoordinatorApi;
import org.flotilla.model.json.WireJson;
import tools.jackson.databind.JsonNode;

/** The simulation's job: its request, its creation by the leading shard, how the other shards find it. */
final class SimulationJob {

    private SimulationJob() {
    }

    /** The job request: the given one, or the demo's with the simulation's numbers and the extra settings. */
    static Map<String, Object> request(Simulation.Builder b, Population population) {
        if (b.job != null) {
            return b.job;
        }
        Map<String, Object> job = new LinkedHashMap<>(JobRequests.fashionMnist(b.jobName, b.model, b.rounds,
                b.clientsPerRound, b.seed, b.learningRate, b.batchSize));
        List<Integer> shape = new ArrayList<>();
        for (int d : population.exampleShape()) {
            shape.add(d);
        }
        job.put("inputShape", shape.isEmpty() ? job.get("inputShape") : shape);
        job.put("numClasses", population.numClasses());
        job.put("minClients", b.minClients > 0 ? b.minClients : b.clientsPerRound);
        job.put("overSelection", b.overSelection);
        job.put("roundTimeoutSeconds", b.roundTimeoutSeconds);
        if (population.dataset().equals("fashion-mnist") || population.dataset().equals("mnist")) {
            job.put("evaluation", Map.of("dataset", population.dataset()));
        } else {
            // The coordinator has test sets of the two image data sets only.
            job.remove("evaluation");
        }
        job.putAll(b.jobSettings);
        if (job.containsKey("differentialPrivacy")) {
            // A private round is a Poisson sample of rate q: no target count, quorum or over-selection.
            job.remove("clientsPerRound");
            job.remove("minClients");
            job.remove("overSelection");
        }
        return job;
    }

    /**
     * Creates the job. A differentially private job is created only once the coordinator lists the
     * whole population as enrolled: its N, delta = 1/N and m = qN are fixed at creation, and its
     * Poisson sample is drawn over the enrolled clients.
     */
    static long create(Simulation.Builder b, CoordinatorApi api, Population population, VirtualFleet fleet,
                       PrintStream out) throws IOException, InterruptedException {
        Map<String, Object> request = request(b, population);
        if (request.containsKey("differentialPrivacy")) {
            awaitEnrolment(api, population.size(), fleet, out);
        }
        JsonNode created = api.createJob(WireJson.write(request));
        return created.path("id").asLong();
    }

    /**
     * Waits until the coordinator lists at least {@code population} enrolled clients (all of them:
     * those of every shard), so that a differentially private job's N and its Poisson sampling rate q
     * refer to the simulated population.
     */
    private static void awaitEnrolment(CoordinatorApi api, int population, VirtualFleet fleet, PrintStream out)
            throws IOException, InterruptedException {
        out.printf("Waiting for the %d clients to enrol (a differentially private job samples the enrolled clients) ...%n",
                population);
        long end = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        int enrolled = 0;
        while (System.nanoTime() < end) {
            enrolled = api.clients().size();
            if (enrolled >= population) {
                return;
            }
            if (!fleet.failures().isEmpty()) {
                throw new IOException("a virtual client stopped before the job was created: "
                        + fleet.failures().get(0).message());
            }
            Thread.sleep(500);
        }
        throw new IOException("only " + enrolled + " of " + population + " clients enrolled at " + api.base()
                + " within 10 minutes");
    }

    /**
     * A shard that does not lead joins the newest job named {@code jobName} that has not ended,
     * waiting for shard 0 to create it.
     */
    static long await(Simulation.Builder b, CoordinatorApi api, PrintStream out) throws IOException, InterruptedException {
        out.printf("Shard %s: waiting for job '%s' at %s ...%n", b.shard, b.jobName, api.base());
        long end = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < end) {
            long newest = -1;
            for (JsonNode j : api.jobs()) {
                String state = j.path("state").asString("");
                boolean live = state.equals("CREATED") || state.equals("RUNNING");
                if (live && j.path("name").asString("").equals(b.jobName)) {
                    newest = Math.max(newest, j.path("id").asLong());
                }
            }
            if (newest >= 0) {
                return newest;
            }
            Thread.sleep(1000);
        }
        throw new IOException("no job named '" + b.jobName + "' appeared at " + api.base()
                + " within 10 minutes; start shard 0 (it creates the job) with the same --job-name");
    }
}
