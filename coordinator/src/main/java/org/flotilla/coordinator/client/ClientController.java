package org.flotilla.coordinator.client;

import java.util.List;

import org.flotilla.model.protocol.ProtocolPaths;
import org.flotilla.model.wire.EnrolRequest;
import org.flotilla.model.wire.EnrolResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Enrolment (enrolment token) and the registry (operators). Check-ins are in {@code web}. */
@RestController
class ClientController {

    private final ClientService clients;

    ClientController(ClientService clients) {
        this.clients = clients;
    }

    @PostMapping(ProtocolPaths.ENROL)
    @ResponseStatus(HttpStatus.CREATED)
    EnrolResponse enrol(@RequestBody EnrolRequest request, org.springframework.security.core.Authentication caller) {
        return clients.enrol(request, caller == null ? null : caller.getName());
    }

    @GetMapping(ProtocolPaths.API + "/clients")
    List<Client> list() {
        return clients.list();
    }
}
