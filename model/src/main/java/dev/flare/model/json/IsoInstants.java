package dev.flare.model.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the one form every Flare record writes its instants in, {@code Instant.toString()}'s
 * {@code 2026-11-24T08:48:10.989Z} (a four-digit year, 0–9 fraction digits, {@code Z}), without a
 * {@code DateTimeFormatter}: that parse was a tenth of the topology's CPU. Anything else is left to the full parser.
 */
final class IsoInstants {

    private static final int SHORTEST = "2026-11-24T08:48:10Z".length();
    private static final int LONGEST = "2026-11-24T08:48:10.123456789Z".length();
    private static final long SECONDS_PER_DAY = 86_400;

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
}
