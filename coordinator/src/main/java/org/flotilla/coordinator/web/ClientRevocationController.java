package org.flotilla.coordinator.web;

import java.util.Map;

import org.flotilla.coordinator.client.ClientService;
import org.flotilla.coordinator.cohort.Answers;
import org.flotilla.model.protocol.ProtocolPaths;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/clients/{clientId}/revoke} (operator only): ends a client. Its next request
 * is answered 401, whatever it holds; the assignments it holds in open cohorts are dropped, so its
 * rounds go on without it. Here because it spans the registry and the cohort engine.
 */
@RestController
class ClientRevocationController {

    private final ClientService clients;
    private final Answers answers;

    ClientRevocationController(ClientService clients, Answers answers) {
        this.clients = clients;
        this.answers = answers;
    }

    @PostMapping(ProtocolPaths.API + "/clients/{clientId}/revoke")
    Map<String, Object> revoke(@PathVariable String clientId) {
        clients.revoke(clientId);
        int dropped = answers.dropClient(clientId, "the operator revoked this client");
        return Map.of("clientId", clientId, "revoked", true, "droppedAssignments", dropped);
    }
}
