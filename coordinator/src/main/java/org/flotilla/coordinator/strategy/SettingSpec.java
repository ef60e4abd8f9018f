package org.flotilla.coordinator.strategy;

/**
 * One configurable setting of a strategy, as {@code GET /api/v1/strategies} lists it.
 *
 * @param name         setting name in the job request
 * @param type         {@code number} or {@code integer}
 * @param defaultValue the published default
 * @param min          smallest allowed value (inclusive), or null
 * @param max          largest allowed value (inclusive), or null
 * @param description  one sentence
 */
public record SettingSpec(String name, String type, Number defaultValue, Number min, Number max, String description) {
}
