package org.flotilla.coordinator.job;

/**
 * The publisher signature of a job's plan (docs/code-bundles.md, "Signed plans"), as {@code GET
 * /api/v1/jobs/{id}} shows it and assignments relay it.
 *
 * @param signatureSha256 the signature document artifact, relayed to devices with the plan
 * @param publisherKeyId  the key id it names, checked at job creation
 */
public record PlanSignature(String signatureSha256, String publisherKeyId) {
}
