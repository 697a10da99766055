package dev.flare.bench.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A block of a Markdown report between two markers that a run rewrites, leaving the rest of the file alone. */
public final class GeneratedBlock {

    private GeneratedBlock() {}

    /** Puts {@code content} between {@code begin} and {@code end} in {@code doc}, appending the block when absent. */
    public static void write(Path doc, String begin, String end, String content) throws IOException {
        String block = begin + "\n\n" + content + "\n" + end;
        String existing = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        int from = existing.indexOf(begin);
        int to = existing.indexOf(end);
        String updated;
        if (from >= 0 && to > from) {
            updated = existing.substring(0, from) + block + existing.substring(to + end.length());
        } else {
            updated = (existing.isEmpty() ? "# Performance\n\n" : existing + "\n") + block + "\n";
        }
        Files.createDirectories(doc.toAbsolutePath().getParent());
        Files.writeString(doc, updated, StandardCharsets.UTF_8);
    }
}
