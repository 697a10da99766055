package dev.flare.chaos.internal;

/** The documents a chaos run writes: one resource, numbered items; probes get numbers past the load's. */
public final class Documents {

    /** The resource's URL template. */
    public static final String TEMPLATE = "http://chaos.flare.test/items/{id}";

    private static final String PREFIX = "http://chaos.flare.test/items/";
    private static final int FIRST_PROBE = 1_000_000;

    private Documents() {}

    public static String url(int item) {
        return PREFIX + item;
    }

    public static String probe(int number) {
        return url(FIRST_PROBE + number);
    }

    /** Whether the DISCARDS receiver answers its discard status for this document (every fifth item). */
    public static boolean isDiscarded(String documentUrl) {
        String item = documentUrl.substring(documentUrl.lastIndexOf('/') + 1);
        try {
            return Integer.parseInt(item) % 5 == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
