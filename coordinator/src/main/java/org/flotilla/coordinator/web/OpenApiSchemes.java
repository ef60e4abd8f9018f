package org.flotilla.coordinator.web;

/** The names of the OpenAPI security schemes (declared in {@code system.OpenApiConfig}). */
final class OpenApiSchemes {

    static final String ADMIN = "admin";
    static final String ENROLMENT = "enrolment";
    static final String CLIENT = "client";

    private OpenApiSchemes() {
    }
}
