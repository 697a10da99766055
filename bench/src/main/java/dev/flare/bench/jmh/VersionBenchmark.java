package dev.flare.bench.jmh;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.model.ChangeSpec;
import dev.flare.model.Position;
import dev.flare.model.version.VersionReader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Reading a document's version as ingest does for every PUT ({@link VersionReader#read}), for an integer (a JSON
 * number and a string of digits) and for dates in RFC 3339, a Go layout and a Java pattern; and comparing two
 * positions as the topology does for every document and delivery result.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VersionBenchmark {

    private static final String INTEGER_TEXT = "1795435877339";
    private static final String GO_LAYOUT = "2006-01-02 15:04:05.000 -0700";
    private static final String JAVA_PATTERN = "dd/MM/yyyy HH:mm:ss";

    private final VersionReader integer = reader(null);
    private final VersionReader rfc3339 = reader("RFC3339");
    private final VersionReader goLayout = reader(GO_LAYOUT);
    private final VersionReader javaPattern = reader(JAVA_PATTERN);

    private final ObjectNode integerDocument = document().put("version", Long.parseLong(INTEGER_TEXT));
    private final ObjectNode integerTextDocument = document().put("version", INTEGER_TEXT);
    private final ObjectNode rfc3339Document = document().put("version", "2026-11-23T12:11:17.339+01:00");
    private final ObjectNode goLayoutDocument = document().put("version", "2026-11-23 12:11:17.339 +0100");
    private final ObjectNode javaPatternDocument = document().put("version", "23/11/2026 12:11:17");

    private String integerText = INTEGER_TEXT;

    private final Position settled = new Position(Long.parseLong(INTEGER_TEXT), false);
    private final Position next = new Position(Long.parseLong(INTEGER_TEXT) + 1, false);

    private static VersionReader reader(String format) {
        return VersionReader.forSpec(new ChangeSpec("version", format));
    }

    private static ObjectNode document() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Benchmark
    public long referenceLongParseLong() {
        return Long.parseLong(integerText);
    }

    @Benchmark
    public long readInteger() {
        return integer.read(integerDocument);
    }

    @Benchmark
    public long readIntegerString() {
        return integer.read(integerTextDocument);
    }

    @Benchmark
    public long readRfc3339() {
        return rfc3339.read(rfc3339Document);
    }

    @Benchmark
    public long readGoLayout() {
        return goLayout.read(goLayoutDocument);
    }

    @Benchmark
    public long readJavaPattern() {
        return javaPattern.read(javaPatternDocument);
    }

    @Benchmark
    public boolean comparePositions() {
        return next.isAfter(settled);
    }
}
