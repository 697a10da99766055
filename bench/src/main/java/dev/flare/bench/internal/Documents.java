package dev.flare.bench.internal;

import java.nio.charset.StandardCharsets;

/** The documents the bench sends: JSON objects of exactly {@link #SIZE} bytes with an integer {@code version}. */
public final class Documents {

    /** Size of every document body in bytes. */
    public static final int SIZE = 1024;

    private static final String PAD = "x".repeat(SIZE);

    private Documents() {}

    /** The URL template of the resource of namespace {@code ns}. */
    public static String template(String ns) {
        return "http://bench.example/" + ns + "/docs/{id}";
    }

    /** The URL of document {@code n} of namespace {@code ns}. */
    public static String url(String ns, long n) {
        return "http://bench.example/" + ns + "/docs/" + n;
    }

    /** A 1 KiB body carrying {@code version}. */
    public static byte[] body(long n, long version) {
        String head = "{\"version\":" + version + ",\"n\":" + n + ",\"pad\":\"";
        String tail = "\"}";
        int pad = SIZE - head.length() - tail.length();
        return (head + PAD.substring(0, Math.max(0, pad)) + tail).getBytes(StandardCharsets.US_ASCII);
    }

    /** One change to send: document {@code n} of namespace {@code ns} at {@code version}. */
    public record Change(String ns, long n, long version) {

        public String url() {
            return Documents.url(ns, n);
        }

        public byte[] body() {
            return Documents.body(n, version);
        }
    }
}
