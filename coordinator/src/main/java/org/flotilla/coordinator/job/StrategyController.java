package org.flotilla.coordinator.job;

import java.util.List;

import org.flotilla.coordinator.strategy.SettingSpec;
import org.flotilla.coordinator.strategy.Strategies;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/strategies}: the aggregation strategies a job may name, with their settings. */
@RestController
class StrategyController {

    /**
     * One strategy as listed.
     *
     * @param name        what a job request's {@code strategy.name} says
     * @param description one line, with the paper
     * @param settings    its settings with defaults and limits
     */
    record StrategyInfo(String name, String description, List<SettingSpec> settings) {
    }

    @GetMapping("/api/v1/strategies")
    List<StrategyInfo> list() {
        return Strategies.providers().stream()
                .map(p -> new StrategyInfo(p.name(), p.description(), p.settings()))
                .toList();
    }
}
