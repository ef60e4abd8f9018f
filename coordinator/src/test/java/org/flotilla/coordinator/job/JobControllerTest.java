package org.flotilla.coordinator.job;

import java.util.List;
import java.util.Map;

import org.flotilla.coordinator.system.Conflict;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.plan.PlanException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The job endpoints alone: request validation and the problem answers (security is covered elsewhere). */
@WebMvcTest({JobController.class, StrategyController.class})
@AutoConfigureMockMvc(addFilters = false)
class JobControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    JobService jobs;

    static String request(Object... overrides) {
        Map<String, Object> r = new java.util.LinkedHashMap<>(Map.of("name", "j", "model", Map.of("name", "logreg"),
                "inputShape", List.of(8), "numClasses", 3, "rounds", 2));
        for (int i = 0; i < overrides.length; i += 2) {
            r.put((String) overrides[i], overrides[i + 1]);
        }
        return WireJson.write(r);
    }

    @Test
    void beanValidationNamesTheFieldAndTheLimitBeforeTheServiceIsCalled() throws Exception {
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(request("clientsPerRound", 0)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.field").value("clientsPerRound"))
                .andExpect(jsonPath("$.limit").value(">= 1"))
                .andExpect(jsonPath("$.errors[0].message").isNotEmpty());
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(request("overSelection", 0.5)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("overSelection"))
                .andExpect(jsonPath("$.limit").value(">= 1.0"));
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content("{\"name\":"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:flotilla:problem:malformed-json"));
        verifyNoInteractions(jobs);
    }

    @Test
    void errorsFoundByTheServiceAreProblemsToo() throws Exception {
        when(jobs.create(any())).thenThrow(new PlanException("batchSize", "in [1, 65536]", 0));
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(request()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:flotilla:problem:invalid-plan"))
                .andExpect(jsonPath("$.field").value("batchSize"))
                .andExpect(jsonPath("$.limit").value("in [1, 65536]"));
        when(jobs.cancel(7)).thenThrow(new Conflict("job-finished", "job 7 is already COMPLETED"));
        mvc.perform(post("/api/v1/jobs/7/cancel"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("job 7 is already COMPLETED"));
    }

    @Test
    void theStrategiesAreListedWithTheirSettings() throws Exception {
        mvc.perform(get("/api/v1/strategies"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].name").value("fedavg"))
                .andExpect(jsonPath("$[0].description").isNotEmpty());
    }
}
