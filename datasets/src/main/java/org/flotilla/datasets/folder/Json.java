package org.flotilla.datasets.folder;

import java.nio.file.Path;
import org.flotilla.datasets.DataException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of this module: indented output, unknown fields ignored on reading. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Json() {
    }

    /** {@code value} as indented JSON with a final newline. */
    static String write(Object value) {
        return MAPPER.writeValueAsString(value) + System.lineSeparator();
    }

    /** Reads {@code file} as {@code type}, turning any problem into one actionable sentence. */
    static <T> T read(Path file, Class<T> type) {
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (JacksonException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException invalid ? invalid : e;
            String message = cause == e ? e.getOriginalMessage() : cause.getMessage();
            throw new DataException(file + ": not a valid " + file.getFileName() + " (" + message
                    + "); re-create the folder with the partition CLI", e);
        }
    }
}
