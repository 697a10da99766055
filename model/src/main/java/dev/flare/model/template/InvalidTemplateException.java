package dev.flare.model.template;

import java.io.Serial;
import java.util.List;

/** A URL or URL template that Flare cannot use, with every reason. */
public final class InvalidTemplateException extends IllegalArgumentException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidTemplateException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
