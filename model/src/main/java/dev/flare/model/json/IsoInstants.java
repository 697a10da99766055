package dev.flare.model.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads and writes the one form every Flare record writes its instants in, {@code Instant.toString()}'s
 * {@code 2026-11-24T08:48:10.989Z} (a four-digit year, 0–9 fraction digits, {@code Z}), without a
 * {@code DateTimeFormatter}: that parse was a tenth of the topology's CPU, and the format about 1.6 % of a
 * {@code throughput} run's. Anything else is left to the full parser and formatter.
 */
final class IsoInstants {

    private static final int SHORTEST = "2026-11-24T08:48:10Z".length();
    private static final int LONGEST = "2026-11-24T08:48:10.123456789Z".length();
    /** The most characters {@link #format} writes. */
    static final int MAX_LENGTH = LONGEST;

    private static final long SECONDS_PER_DAY = 86_400;
    /** 0000-01-01T00:00:00Z, the first second {@link #format} writes. */
    private static final long FIRST_FOUR_DIGIT_SECOND = -62_167_219_200L;
    /** 10000-01-01T00:00:00Z, the first second it leaves to {@code Instant.toString()} again. */
    private static final long AFTER_FOUR_DIGIT_SECOND = 253_402_300_800L;

    private IsoInstants() {}

    /** The instant {@code text} denotes, or null when it is not in the form above or names no valid date or time. */
    static Instant parse(String text) {
        int length = text.length();
        if (length < SHORTEST
                || length > LONGEST
                || length == SHORTEST + 1
                || text.charAt(length - 1) != 'Z'
                || !separatorsInPlace(text)) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int nanos = length == SHORTEST ? 0 : fraction(text, SHORTEST, length - 1);
        if ((year | month | day | hour | minute | second | nanos) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
    }

    private static boolean separatorsInPlace(String text) {
        return text.charAt(4) == '-'
                && text.charAt(7) == '-'
                && text.charAt(10) == 'T'
                && text.charAt(13) == ':'
                && text.charAt(16) == ':'
                && (text.length() == SHORTEST || text.charAt(SHORTEST - 1) == '.');
    }

    /** The decimal number of {@code count} digits at {@code from}, or -1 when one of them is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** The fraction of a second written between {@code from} and {@code to}, in nanoseconds, or -1. */
    private static int fraction(String text, int from, int to) {
        int value = digits(text, from, to - from);
        if (value < 0) {
            return -1;
        }
        for (int i = to - from; i < 9; i++) {
            value *= 10;
        }
        return value;
    }

    /**
     * Writes {@code instant} into {@code out} exactly as {@code Instant.toString()} does (the fraction in groups of
     * three digits, none when zero) and returns how many characters it wrote, or -1 when its year is outside
     * 0000–9999, which that form writes otherwise.
     *
     * @param out at least {@link #MAX_LENGTH} long
     */
    static int format(Instant instant, char[] out) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_FOUR_DIGIT_SECOND || seconds >= AFTER_FOUR_DIGIT_SECOND) {
            return -1;
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        int year = date.getYear();
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        put(out, 0, year, 4);
        out[4] = '-';
        put(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        put(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, secondOfDay % 60, 2);
        int length = SHORTEST - 1;
        int nanos = instant.getNano();
        if (nanos != 0) {
            out[length++] = '.';
            if (nanos % 1_000_000 == 0) {
                put(out, length, nanos / 1_000_000, 3);
                length += 3;
            } else if (nanos % 1000 == 0) {
                put(out, length, nanos / 1000, 6);
                length += 6;
            } else {
                put(out, length, nanos, 9);
                length += 9;
            }
        }
        out[length++] = 'Z';
        return length;
    }

    /** Writes {@code value} as {@code count} decimal digits, zero-padded, at {@code from}. */
    private static void put(char[] out, int from, int value, int count) {
        int rest = value;
        for (int i = from + count - 1; i >= from; i--) {
            out[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
    }
}
