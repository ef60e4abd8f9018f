package org.flotilla.coordinator.client;

import java.util.List;

import org.flotilla.model.protocol.ProtocolPaths;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/enrolment-tokens} (operator only): create a token ({@code {"name","quota","expiresAt"}},
 * the last two optional; the answer shows the token once), list them, revoke one.
 */
@RestController
class EnrolmentTokenController {

    static final String PATH = ProtocolPaths.API + "/enrolment-tokens";

    private final EnrolmentTokens tokens;

    EnrolmentTokenController(EnrolmentTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping(PATH)
    @ResponseStatus(HttpStatus.CREATED)
    EnrolmentTokens.EnrolmentToken create(@RequestBody EnrolmentTokens.Request request) {
        return tokens.create(request);
    }

    @GetMapping(PATH)
    List<EnrolmentTokens.EnrolmentToken> list() {
        return tokens.list();
    }

    @PostMapping(PATH + "/{tokenId}/revoke")
    EnrolmentTokens.EnrolmentToken revoke(@PathVariable long tokenId) {
        return tokens.revoke(tokenId);
    }
}
