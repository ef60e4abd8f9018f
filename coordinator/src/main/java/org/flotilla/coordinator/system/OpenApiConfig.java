package org.flotilla.coordinator.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description at {@code /v3/api-docs}, with the two authentication schemes. */
@Configuration
class OpenApiConfig {

    @Bean
    OpenAPI flotillaOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Flotilla coordinator").version("v1")
                        .description("Federated learning jobs, rounds, clients and artifacts. See docs/protocol.md."))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("Admin token, or the enrolment token for POST /api/v1/clients/enrol"))
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("An enrolled client: clientId:secret")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }
}
