package org.flotilla.coordinator.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.flotilla.coordinator.aggregation.PlanCache;
import org.flotilla.coordinator.artifact.ArtifactStore;
import org.flotilla.coordinator.artifact.StoredArtifact;
import org.flotilla.coordinator.cohort.CohortRepository;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.round.RoundResult;
import org.flotilla.coordinator.round.RoundResults;
import org.flotilla.coordinator.round.TrainingWork;
import org.flotilla.coordinator.secagg.SecurePhase;
import org.flotilla.coordinator.system.Invalid;
import org.flotilla.coordinator.system.NotFound;
import org.flotilla.coordinator.system.TensorPool;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.network.Networks;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/jobs/{id}/model?round=n&format=dl4j|raw}: a global model — the latest by
 * default, {@code round=0} the initial one, {@code round=n} the one after round n — as a DL4J
 * {@code ModelSerializer} zip (built on the tensor pool) or as the raw WeightsCodec bytes. The zip
 * carries the model's provenance as the entry {@value ModelProvenance#ENTRY} (DL4J ignores it).
 */
@RestController
class ModelController {

    private static final MediaType ZIP = MediaType.parseMediaType("application/zip");

    private final JobRepository jobs;
    private final CohortRepository cohorts;
    private final RoundResults results;
    private final ArtifactStore store;
    private final PlanCache plans;
    private final TensorPool tensors;

    ModelController(JobRepository jobs, CohortRepository cohorts, RoundResults results, ArtifactStore store,
                    PlanCache plans, TensorPool tensors) {
        this.jobs = jobs;
        this.cohorts = cohorts;
        this.results = results;
        this.store = store;
        this.plans = plans;
        this.tensors = tensors;
    }

    @GetMapping("/api/v1/jobs/{jobId}/model")
    ResponseEntity<Resource> model(@PathVariable long jobId, @RequestParam(required = false) Integer round,
                                                @RequestParam(defaultValue = "dl4j") String format) {
        Job job = jobs.find(jobId).orElseThrow(() -> new NotFound("job " + jobId));
        if (!format.equals("dl4j") && !format.equals("raw")) {
            throw Invalid.field("format", "dl4j or raw", "format must be dl4j (ModelSerializer zip) or raw (WeightsCodec)");
        }
        int n = round == null ? job.completedRounds() : round;
        // A secure round's result is its unmasking phase's.
        RoundResult result = n == 0 ? RoundResult.NONE : cohorts.completed(jobId, TrainingWork.KIND, n)
                .or(() -> cohorts.completed(jobId, SecurePhase.UNMASKING.kind(), n))
                .flatMap(c -> results.find(c.id()))
                .orElseThrow(() -> new NotFound("a completed round " + n + " of job " + jobId));
        String label = "job-" + jobId + "-round-" + n;
        String weights = n == 0 ? job.initialWeightsSha256() : result.weightsSha256();
        try {
            if (format.equals("raw")) {
                StoredArtifact artifact = store.find(weights).orElseThrow(() -> new NotFound("weights " + weights));
                return download(label + ".fltw", MediaType.APPLICATION_OCTET_STREAM, artifact.size(),
                        store.resource(artifact));
            }
            byte[] provenance = ModelProvenance.json(job, n, weights, result.provenanceSha256() == null ? null
                    : store.read(result.provenanceSha256()));
            Path zip = tensors.call(() -> serialize(job, weights, provenance));
            // The temporary zip is deleted when the response has been written and the stream closed.
            return download(label + ".zip", ZIP, Files.size(zip),
                    new InputStreamResource(Files.newInputStream(zip, StandardOpenOption.DELETE_ON_CLOSE)));
        } catch (IOException e) {
            throw new UncheckedIOException("reading model " + weights + " failed", e);
        }
    }

    private Path serialize(Job job, String weightsSha, byte[] provenance) throws IOException {
        MultiLayerNetwork network = Networks.build(plans.plan(job.planSha256()));
        try {
            Networks.setParameters(network, store.readWeights(weightsSha, job.parameterCount()));
            Path zip = Files.createTempFile("flotilla-model-", ".zip");
            try {
                ModelSerializer.writeModel(network, zip.toFile(), false);
                ModelProvenance.addTo(zip, provenance);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(zip);
                throw e;
            }
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            network.close();
        }
    }

    private static ResponseEntity<Resource> download(String filename, MediaType type, long length, Resource body) {
        return ResponseEntity.ok().contentType(type).contentLength(length)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
                .body(body);
    }
}
