package dev.flare.bench.jmh;

import dev.flare.model.ChangeSpec;
import dev.flare.model.Resource;
import dev.flare.model.catalog.Catalog;
import dev.flare.model.template.DocumentUrl;
import dev.flare.model.template.ResourceMatcher;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Finding the resource of a document URL among 1,000 resources, as ingest does for every PUT: parse the URL, then
 * match it in the catalog. {@code oneHost} puts every template in one matcher bucket (one origin, two segments:
 * {@code https://api.example.com/r<i>/{id}}); {@code tenHosts} spreads them over 10 hosts and 4 path depths, 25 per
 * bucket. The hit is the 500th resource; the miss has the hit's host and depth, so it is compared with its whole
 * bucket.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResourceMatchingBenchmark {

    static final int RESOURCES = 1_000;
    private static final int HIT = 500;

    @Param({"oneHost", "tenHosts"})
    public String layout;

    private final Catalog catalog = new Catalog();
    private final Map<String, Resource> byUrl = new HashMap<>();
    private String hitUrl;
    private String missUrl;

    @Setup
    public void fillCatalog() {
        for (int i = 0; i < RESOURCES; i++) {
            Resource resource =
                    new Resource("r" + i, template(i), new ChangeSpec("version", null), Instant.EPOCH.plusSeconds(i));
            catalog.putResource(resource);
            byUrl.put(documentUrl(template(i)), resource);
        }
        hitUrl = documentUrl(template(HIT));
        missUrl = hitUrl.replace("/r" + HIT + "/", "/unknown/");
    }

    private String template(int i) {
        if (layout.equals("oneHost")) {
            return "https://api.example.com/r" + i + "/{id}";
        }
        StringBuilder template = new StringBuilder("https://h" + i % 10 + ".example.com/r" + i + "/{id}");
        for (int depth = 1; depth <= i / 10 % 4; depth++) {
            template.append("/p").append(depth).append("/{w").append(depth).append('}');
        }
        return template.toString();
    }

    private static String documentUrl(String template) {
        return template.replaceAll("\\{[^}]+}", "42");
    }

    @Benchmark
    public Resource referenceHashMapGet() {
        return byUrl.get(hitUrl);
    }

    @Benchmark
    public Optional<ResourceMatcher.Match<Resource>> matchHit() {
        return catalog.match(DocumentUrl.parse(hitUrl));
    }

    @Benchmark
    public Optional<ResourceMatcher.Match<Resource>> matchMiss() {
        return catalog.match(DocumentUrl.parse(missUrl));
    }

    @Benchmark
    public DocumentUrl parseUrlOnly() {
        return DocumentUrl.parse(hitUrl);
    }
}
