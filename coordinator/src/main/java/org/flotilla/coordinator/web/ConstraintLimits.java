package org.flotilla.coordinator.web;

import java.util.Map;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.metadata.ConstraintDescriptor;

/** Turns a Bean Validation constraint into the {@code limit} member of a problem: what was allowed. */
final class ConstraintLimits {

    private ConstraintLimits() {
    }

    static String describe(ConstraintViolation<?> violation) {
        ConstraintDescriptor<?> d = violation.getConstraintDescriptor();
        Map<String, Object> a = d.getAttributes();
        String name = d.getAnnotation().annotationType().getSimpleName();
        return switch (name) {
            case "Min" -> ">= " + a.get("value");
            case "Max" -> "<= " + a.get("value");
            case "DecimalMin" -> (Boolean.TRUE.equals(a.get("inclusive")) ? ">= " : "> ") + a.get("value");
            case "DecimalMax" -> (Boolean.TRUE.equals(a.get("inclusive")) ? "<= " : "< ") + a.get("value");
            case "Positive" -> "> 0";
            case "PositiveOrZero" -> ">= 0";
            case "Size" -> "size in [" + a.get("min") + ", " + a.get("max") + "]";
            case "NotNull", "NotBlank", "NotEmpty" -> "required";
            case "Pattern" -> "matching " + a.get("regexp");
            default -> violation.getMessage();
        };
    }
}
