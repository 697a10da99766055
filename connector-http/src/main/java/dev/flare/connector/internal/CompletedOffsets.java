package dev.flare.connector.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The offsets of a partition completed past its committed offset, written as the committed offset's metadata in the
 * same transaction as their outcomes, so that a lane resuming the partition skips them instead of calling again.
 *
 * <p>Format: {@value #MARK} then unpadded base64url of varint pairs (offsets not completed, offsets completed), the
 * first pair counted from the committed offset. The broker refuses metadata longer than
 * {@code offset.metadata.max.bytes} (4,096 by default), so an encoding stops at {@link #MAX_CHARS}; what does not fit
 * waits for a later commit.
 */
final class CompletedOffsets {

    /** Offsets {@code [start, end)}. */
    record Range(long start, long end) {

        Range {
            if (start < 0 || end <= start) {
                throw new IllegalArgumentException("not a range of offsets: [" + start + ", " + end + ")");
            }
        }
    }

    /** The metadata and how many of the given ranges, from the first, it holds. */
    record Encoded(String metadata, int ranges) {}

    static final String MARK = "flare-done-1:";
    static final int MAX_CHARS = 2048;

    private static final int MAX_RANGES = 100_000;

    private CompletedOffsets() {}

    /**
     * Encodes as many of {@code ranges} (ascending, disjoint, none before {@code base}) from the first as fit in
     * {@code maxChars}; the empty string when none.
     */
    static Encoded encode(long base, List<Range> ranges, int maxChars) {
        int maxBytes = (maxChars - MARK.length()) * 3 / 4;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long cursor = base;
        int fitted = 0;
        for (Range range : ranges) {
            if (range.start() < cursor) {
                throw new IllegalArgumentException("ranges overlap or start before " + base);
            }
            int size = varintSize(range.start() - cursor) + varintSize(range.end() - range.start());
            if (bytes.size() + size > maxBytes) {
                break;
            }
            writeVarint(bytes, range.start() - cursor);
            writeVarint(bytes, range.end() - range.start());
            cursor = range.end();
            fitted++;
        }
        if (fitted == 0) {
            return new Encoded("", 0);
        }
        return new Encoded(MARK + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray()), fitted);
    }

    /**
     * The ranges in {@code metadata} committed with offset {@code base}: none when it is empty or not Flare's.
     *
     * @throws IllegalArgumentException when it is Flare's and cannot be read
     */
    static List<Range> decode(long base, String metadata) {
        if (metadata == null || !metadata.startsWith(MARK)) {
            return List.of();
        }
        byte[] bytes =
                Base64.getUrlDecoder().decode(metadata.substring(MARK.length()).getBytes(StandardCharsets.US_ASCII));
        List<Range> ranges = new ArrayList<>();
        long cursor = base;
        int[] at = {0};
        while (at[0] < bytes.length) {
            if (ranges.size() >= MAX_RANGES) {
                throw new IllegalArgumentException("more than " + MAX_RANGES + " ranges");
            }
            long start = Math.addExact(cursor, readVarint(bytes, at));
            long end = Math.addExact(start, readVarint(bytes, at));
            ranges.add(new Range(start, end));
            cursor = end;
        }
        return ranges;
    }

    private static int varintSize(long value) {
        int size = 1;
        for (long rest = value >>> 7; rest != 0; rest >>>= 7) {
            size++;
        }
        return size;
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.write((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.write((int) rest);
    }

    private static long readVarint(byte[] bytes, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (at[0] >= bytes.length) {
                throw new IllegalArgumentException("truncated");
            }
            byte next = bytes[at[0]++];
            value |= (long) (next & 0x7F) << shift;
            if ((next & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }
}
