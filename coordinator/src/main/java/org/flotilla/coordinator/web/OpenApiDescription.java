package org.flotilla.coordinator.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.protocol.ProtocolHeaders;
import org.flotilla.model.wire.UpdateMetrics;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Completes the generated OpenAPI description from {@link ApiOperations}: operation ids, groups,
 * summaries, per-operation security (bearer for the operator and enrolment, Basic for clients, so
 * that Swagger UI's "Authorize" works for each), the real success codes and media types, and every
 * error as {@code application/problem+json} with the {@code Problem} schema. Field descriptions
 * come from the records' Javadoc ({@code @param}), kept in the jar by the build.
 */
@Component
class OpenApiDescription implements OpenApiCustomizer {

    static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String METRICS = "UpdateMetrics";

    @Override
    public void customise(OpenAPI api) {
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        api.setComponents(components);
        components.addSchemas(PROBLEM, problem());
        ModelConverters.getInstance().readAll(UpdateMetrics.class).forEach((name, schema) -> {
            if (components.getSchemas() == null || !components.getSchemas().containsKey(name)) {
                components.addSchemas(name, schema);
            }
        });
        api.setSecurity(null);
        if (api.getPaths() != null) {
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) ->
                    describe(path, method, op)));
        }
        if (components.getSchemas() != null) {
            components.getSchemas().values().forEach(OpenApiDescription::describeDiscriminator);
        }
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation op) {
        String m = method.name().toLowerCase(java.util.Locale.ROOT);
        ApiOperations.Operation d = ApiOperations.ALL.stream()
                .filter(o -> o.method().equals(m) && o.path().equals(path)).findFirst().orElse(null);
        describeParameters(op);
        if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
            rename(op.getRequestBody().getContent(), "application/json");
        }
        if (d == null) {
            return; // left as generated: OpenApiDescriptionTest names it
        }
        op.setOperationId(d.id());
        String streamed = ApiOperations.STREAMED_BODIES.get(d.id());
        if (op.getRequestBody() == null && streamed != null) {
            op.setRequestBody(new RequestBody().required(true).content(new Content().addMediaType(streamed,
                    new MediaType().schema(new StringSchema().format("binary")))));
        }
        if (op.getRequestBody() != null && (op.getRequestBody().getDescription() == null
                || op.getRequestBody().getDescription().isBlank())) {
            op.getRequestBody().setDescription(ApiOperations.BODIES.get(d.id()));
        }
        String example = ApiOperations.EXAMPLES.get(d.id());
        if (example != null && op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
            MediaType json = op.getRequestBody().getContent().get("application/json");
            if (json != null) {
                json.setExample(WireJson.mapper().readValue(example, Object.class));
            }
        }
        op.setSummary(d.summary());
        op.setTags(List.of(d.group()));
        op.setSecurity(security(d.access()));
        Schema<?> body = successSchema(op.getResponses());
        ApiResponses responses = new ApiResponses();
        new TreeMap<>(d.success()).forEach((code, text) -> {
            ApiResponse r = new ApiResponse().description(text);
            if (!code.equals("204") && !code.equals("304") && !d.produces().isEmpty()) {
                Content content = new Content();
                d.produces().forEach(type -> content.addMediaType(type, new MediaType().schema(body)));
                r.setContent(content);
            }
            responses.addApiResponse(code, r);
        });
        Map<String, String> errors = new TreeMap<>(d.errors());
        errors.putIfAbsent("401", "No credentials, or wrong ones");
        errors.putIfAbsent("403", "These credentials may not make this call");
        errors.forEach((code, text) -> responses.addApiResponse(code, new ApiResponse().description(text)
                .content(new Content().addMediaType(PROBLEM_JSON,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))))));
        op.setResponses(responses);
    }

    private static void describeParameters(Operation op) {
        if (op.getParameters() == null) {
            return;
        }
        for (Parameter p : op.getParameters()) {
            if (p.getDescription() == null || p.getDescription().isBlank()) {
                p.setDescription(ApiOperations.PARAMETERS.get(p.getIn() + ":" + p.getName()));
            }
            if ("header".equals(p.getIn()) && ProtocolHeaders.METRICS.equals(p.getName())) {
                p.setRequired(true);
                p.setSchema(null);
                p.setContent(new Content().addMediaType("application/json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + METRICS))
                                .example(WireJson.mapper().readValue(ApiOperations.METRICS_EXAMPLE, Object.class))));
            }
        }
    }

    /** The schema a generated 2xx answer had (Spring's return type), or null for none. */
    private static Schema<?> successSchema(ApiResponses generated) {
        if (generated == null) {
            return null;
        }
        for (Map.Entry<String, ApiResponse> e : generated.entrySet()) {
            Content c = e.getValue().getContent();
            if (e.getKey().startsWith("2") && c != null && !c.isEmpty()) {
                return c.values().iterator().next().getSchema();
            }
        }
        return null;
    }

    private static void rename(Content content, String type) {
        MediaType any = content.remove("*/*");
        if (any != null) {
            content.addMediaType(type, any);
        }
    }

    private static List<SecurityRequirement> security(ApiOperations.Access access) {
        List<String> schemes = switch (access) {
            case ADMIN -> List.of(OpenApiSchemes.ADMIN);
            case ENROLMENT -> List.of(OpenApiSchemes.ENROLMENT, OpenApiSchemes.ADMIN);
            case CLIENT -> List.of(OpenApiSchemes.CLIENT);
            case CLIENT_OR_ADMIN -> List.of(OpenApiSchemes.CLIENT, OpenApiSchemes.ADMIN);
        };
        List<SecurityRequirement> any = new ArrayList<>();
        schemes.forEach(s -> any.add(new SecurityRequirement().addList(s)));
        return any;
    }

    private static void describeDiscriminator(Schema<?> schema) {
        if (schema.getDiscriminator() == null || schema.getProperties() == null) {
            return;
        }
        Schema<?> p = schema.getProperties().get(schema.getDiscriminator().getPropertyName());
        if (p != null && (p.getDescription() == null || p.getDescription().isBlank())) {
            p.setDescription("Which kind of object this is (the discriminator): it says which schema applies");
        }
    }

    /** RFC 9457 problem details with Flotilla's members (docs/protocol.md, "Errors"). */
    private static Schema<?> problem() {
        Map<String, Schema> p = new LinkedHashMap<>();
        p.put("type", new StringSchema().description("A URI naming the kind of problem, `urn:flotilla:problem:<slug>`")
                .example("urn:flotilla:problem:round-closed"));
        p.put("title", new StringSchema().description("A short summary of the kind of problem"));
        p.put("status", new IntegerSchema().description("The HTTP status code").example(409));
        p.put("detail", new StringSchema().description("What went wrong, in words a person can act on"));
        p.put("instance", new StringSchema().description("The request path"));
        p.put("reason", new StringSchema().description("The protocol's refusal reason (`RefusalReason`, "
                + "docs/protocol.md), on every refused upload, evaluation result or decline").example("ROUND_CLOSED"));
        p.put("field", new StringSchema().description("The request field (or header, or parameter) at fault")
                .example("clientsPerRound"));
        p.put("limit", new StringSchema().description("The limit it broke, in words").example("1..10000"));
        ObjectSchema error = new ObjectSchema();
        error.addProperty("field", new StringSchema().description("The field at fault"));
        error.addProperty("limit", new StringSchema().description("Its limit"));
        error.addProperty("message", new StringSchema().description("What is wrong with it"));
        p.put("errors", new ArraySchema().items(error).description("Every invalid field, when there are several"));
        ObjectSchema schema = new ObjectSchema();
        schema.setDescription("An error (`application/problem+json`, RFC 9457)");
        schema.setProperties(p);
        schema.setRequired(List.of("type", "title", "status", "detail"));
        return schema;
    }
}
