package dev.flare.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a resource's documents carry their version: {@code field} is a dotted path into the document; without
 * {@code format} it holds an integer, with it a date in that format (a Go layout, a Java pattern or {@code RFC3339}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeSpec(String field, String format) {

    @JsonIgnore
    public boolean isDate() {
        return format != null;
    }
}
