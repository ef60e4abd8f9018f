package org.flotilla.coordinator.job;

import org.flotilla.coordinator.system.Invalid;
import org.flotilla.model.json.WireJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FederatedEvaluationPolicyTest {

    private static final RoundPolicy TRAINING = new RoundPolicy(10, 8, 1.3, 300, 60, 2);

    private static FederatedEvaluationPolicy resolve(String federatedEvaluation) {
        JobRequest request = WireJson.read("""
                {"name":"j","model":{"name":"logreg"},"inputShape":[8],"numClasses":3,"rounds":5,
                 "federatedEvaluation":%s}""".formatted(federatedEvaluation), JobRequest.class);
        return JobPolicies.federatedEvaluationFor(request, TRAINING);
    }

    @Test
    void evaluationIsDueEveryKRoundsAndAfterTheLast() {
        FederatedEvaluationPolicy every3 = new FederatedEvaluationPolicy(3, 5, 2, 60);
        assertThat(every3.isDueAfter(1, false)).isFalse();
        assertThat(every3.isDueAfter(3, false)).isTrue();
        assertThat(every3.isDueAfter(6, false)).isTrue();
        assertThat(every3.isDueAfter(7, true)).as("the final model is always evaluated").isTrue();
    }

    @Test
    void fieldsLeftOutFollowTheTrainingPolicyAndTheQuorumMustFitTheCohort() {
        assertThat(resolve("null")).isNull();
        assertThat(resolve("{}")).isEqualTo(new FederatedEvaluationPolicy(1, 10, 8, 300));
        assertThat(resolve("{\"clientsPerRound\":4}")).isEqualTo(new FederatedEvaluationPolicy(1, 4, 4, 300));
        assertThat(resolve("{\"every\":5,\"clientsPerRound\":20,\"minClients\":12,\"timeoutSeconds\":30}"))
                .isEqualTo(new FederatedEvaluationPolicy(5, 20, 12, 30));
        assertThatThrownBy(() -> resolve("{\"clientsPerRound\":4,\"minClients\":5}"))
                .isInstanceOfSatisfying(Invalid.class, e -> {
                    assertThat(e.field()).isEqualTo("federatedEvaluation.minClients");
                    assertThat(e.limit()).isEqualTo("<= federatedEvaluation.clientsPerRound (4)");
                });
    }
}
