package dev.flare.model.version;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/**
 * Turns a resource's {@code change.format} into a {@link DateTimeFormatter}: {@code RFC3339}, a Go reference layout
 * ({@code 2006-01-02T15:04:05Z07:00}, as Flare users write them) or a Java pattern.
 */
final class DateFormats {

    private record Token(String go, Appender appender) {}

    @FunctionalInterface
    private interface Appender {
        void appendTo(DateTimeFormatterBuilder builder);
    }

    // Note: longest tokens first, so "2006" is not read as "2" + "006" and "January" not as "Jan" + "uary".
    private static final List<Token> GO_TOKENS = List.of(
            new Token("January", b -> b.appendText(ChronoField.MONTH_OF_YEAR)),
            new Token("Monday", b -> b.appendText(ChronoField.DAY_OF_WEEK)),
            new Token("Z07:00", b -> b.appendOffset("+HH:MM", "Z")),
            new Token("-07:00", b -> b.appendOffset("+HH:MM", "+00:00")),
            new Token("Z0700", b -> b.appendOffset("+HHMM", "Z")),
            new Token("-0700", b -> b.appendOffset("+HHMM", "+0000")),
            new Token(".000000000", b -> b.appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true)),
            new Token(".999999999", b -> b.appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)),
            new Token(".000000", b -> b.appendFraction(ChronoField.NANO_OF_SECOND, 6, 6, true)),
            new Token(".999999", b -> b.appendFraction(ChronoField.NANO_OF_SECOND, 0, 6, true)),
            new Token(".000", b -> b.appendFraction(ChronoField.NANO_OF_SECOND, 3, 3, true)),
            new Token(".999", b -> b.appendFraction(ChronoField.NANO_OF_SECOND, 0, 3, true)),
            new Token("2006", b -> b.appendValue(ChronoField.YEAR, 4)),
            new Token("Jan", b -> b.appendText(ChronoField.MONTH_OF_YEAR, java.time.format.TextStyle.SHORT)),
            new Token("Mon", b -> b.appendText(ChronoField.DAY_OF_WEEK, java.time.format.TextStyle.SHORT)),
            new Token("MST", b -> b.appendZoneText(java.time.format.TextStyle.SHORT)),
            new Token("-07", b -> b.appendOffset("+HH", "+00")),
            new Token("_2", b -> b.padNext(2).appendValue(ChronoField.DAY_OF_MONTH, 1, 2, SignStyle.NOT_NEGATIVE)),
            new Token("01", b -> b.appendValue(ChronoField.MONTH_OF_YEAR, 2)),
            new Token("02", b -> b.appendValue(ChronoField.DAY_OF_MONTH, 2)),
            new Token("03", b -> b.appendValue(ChronoField.CLOCK_HOUR_OF_AMPM, 2)),
            new Token("04", b -> b.appendValue(ChronoField.MINUTE_OF_HOUR, 2)),
            new Token("05", b -> b.appendValue(ChronoField.SECOND_OF_MINUTE, 2)),
            new Token("06", b -> b.appendValueReduced(ChronoField.YEAR, 2, 2, 2000)),
            new Token("15", b -> b.appendValue(ChronoField.HOUR_OF_DAY, 2)),
            new Token("PM", b -> b.appendText(ChronoField.AMPM_OF_DAY)),
            new Token("1", b -> b.appendValue(ChronoField.MONTH_OF_YEAR, 1, 2, SignStyle.NOT_NEGATIVE)),
            new Token("2", b -> b.appendValue(ChronoField.DAY_OF_MONTH, 1, 2, SignStyle.NOT_NEGATIVE)),
            new Token("3", b -> b.appendValue(ChronoField.CLOCK_HOUR_OF_AMPM, 1, 2, SignStyle.NOT_NEGATIVE)),
            new Token("4", b -> b.appendValue(ChronoField.MINUTE_OF_HOUR, 1, 2, SignStyle.NOT_NEGATIVE)),
            new Token("5", b -> b.appendValue(ChronoField.SECOND_OF_MINUTE, 1, 2, SignStyle.NOT_NEGATIVE)));

    private DateFormats() {}

    static DateTimeFormatter formatter(String format) {
        try {
            return build(format);
        } catch (ClassCastException e) {
            // Note: the JDK's builder fails this way on a padded number directly followed by another number
            // ("_22006", "ppdMM"): a layout nobody means, rejected like any other unusable format.
            throw new IllegalArgumentException("change.format cannot be used: a padded number is followed by another"
                    + " number without a separator");
        }
    }

    private static DateTimeFormatter build(String format) {
        if (format.isBlank()) {
            throw new IllegalArgumentException("change.format must not be blank");
        }
        if (format.equalsIgnoreCase("RFC3339") || format.equalsIgnoreCase("RFC3339Nano")) {
            return fromGoLayout("2006-01-02T15:04:05Z07:00");
        }
        if (format.contains("2006") || format.contains("15:04") || format.contains("Z07:00")) {
            return fromGoLayout(format);
        }
        try {
            return DateTimeFormatter.ofPattern(format, Locale.ROOT).withResolverStyle(ResolverStyle.SMART);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "change.format is neither RFC3339, a Go layout nor a Java date pattern: " + e.getMessage(), e);
        }
    }

    private static DateTimeFormatter fromGoLayout(String layout) {
        DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().parseCaseInsensitive();
        int at = 0;
        while (at < layout.length()) {
            Token token = tokenAt(layout, at);
            if (token == null) {
                builder.appendLiteral(layout.charAt(at));
                at++;
            } else {
                token.appender().appendTo(builder);
                at += token.go().length();
                if (token.go().equals("05") && !layout.startsWith(".0", at) && !layout.startsWith(".9", at)) {
                    appendOptionalFraction(builder);
                }
            }
        }
        return builder.toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    }

    private static Token tokenAt(String layout, int at) {
        for (Token token : GO_TOKENS) {
            if (layout.startsWith(token.go(), at)) {
                return token;
            }
        }
        return null;
    }

    private static void appendOptionalFraction(DateTimeFormatterBuilder builder) {
        // Note: Go accepts a fractional second after the seconds even when the layout has none.
        builder.optionalStart()
                .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
                .optionalEnd();
    }
}
