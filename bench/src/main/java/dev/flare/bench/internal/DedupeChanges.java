package dev.flare.bench.internal;

import dev.flare.bench.internal.Documents.Change;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;

/**
 * The endless PUTs of the dedupe scenario over a fixed set of documents: every tenth is a new version of the next
 * document in turn, the rest repeat a document's current version or send one up to two older.
 */
final class DedupeChanges implements Iterator<Change> {

    private final String ns;
    private final long[] current;
    private final Random random = new Random(42);
    private long sent;
    private long fresh;

    DedupeChanges(String ns, int documents) {
        this.ns = ns;
        this.current = new long[documents];
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public Change next() {
        long i = sent++;
        if (i % 10 == 0) {
            int document = (int) ((i / 10) % current.length);
            fresh++;
            return new Change(ns, document, ++current[document]);
        }
        int document = random.nextInt((int) Math.min(current.length, i / 10 + 1));
        long back = random.nextInt((int) Math.min(3, current[document]));
        return new Change(ns, document, current[document] - back);
    }

    /** PUTs handed out so far. */
    long sent() {
        return sent;
    }

    /** Of those, the new versions. */
    long fresh() {
        return fresh;
    }

    /** The newest version handed out of each document. */
    long[] newest() {
        return Arrays.copyOf(current, current.length);
    }
}
