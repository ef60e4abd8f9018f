package org.flotilla.coordinator.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}) with the
 * three ways to authenticate; each operation names the ones it takes ({@code web.OpenApiDescription}).
 */
@Configuration
class OpenApiConfig {

    @Bean
    OpenAPI flotillaOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Flotilla coordinator").version("v1")
                        .description("Federated learning jobs, rounds, clients, artifacts, the device protocol and the "
                                + "event streams. The protocol is in docs/protocol.md, the event streams in "
                                + "docs/events.md; errors are application/problem+json."))
                .components(new Components()
                        .addSecuritySchemes("admin", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("The operator's admin token (`<data-dir>/admin-token` or FLOTILLA_ADMIN_TOKEN)"))
                        .addSecuritySchemes("enrolment", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("The enrolment token, for POST /api/v1/clients/enrol only"))
                        .addSecuritySchemes("client", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("An enrolled client: `clientId` and `secret` from enrolment")));
    }
}
