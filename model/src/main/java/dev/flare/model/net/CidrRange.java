package dev.flare.model.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A block of IPv4 or IPv6 addresses written in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}). A bare address
 * is a block of one.
 */
public final class CidrRange {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern OCTET = Pattern.compile("\\d+");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private CidrRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    public int prefixLength() {
        return prefixLength;
    }

    /**
     * Parses {@code address/prefix} without any DNS lookup.
     *
     * @throws IllegalArgumentException when {@code text} is not a CIDR block
     */
    public static CidrRange parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = strictLiteral(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 CIDR block");
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length", e);
            }
        }
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + max);
        }
        return new CidrRange(mask(bytes, prefix), prefix, trimmed.toLowerCase(Locale.ROOT));
    }

    /**
     * The address bytes of an IP literal, or null when {@code host} is not one (a name). Never resolves. IPv4 is read
     * the way URL parsers (browsers, curl) read it, so {@code 2130706433}, {@code 0x7f.1} and {@code 0177.0.0.1} are
     * all 127.0.0.1.
     */
    public static byte[] literal(String host) {
        byte[] loose = looseIpv4(host);
        return loose != null ? loose : strictLiteral(host);
    }

    /** Dotted-quad IPv4 or IPv6 only, as operators write CIDR blocks. */
    private static byte[] strictLiteral(String host) {
        String candidate = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean v4 = IPV4.matcher(candidate).matches();
        if (!v4 && !IPV6.matcher(candidate).matches()) {
            return null;
        }
        if (v4) {
            Matcher octets = OCTET.matcher(candidate);
            while (octets.find()) {
                if (Integer.parseInt(octets.group()) > 255) {
                    return null;
                }
            }
        }
        try {
            // Note: for a literal, getByName only parses; no name service is asked.
            byte[] bytes = InetAddress.getByName(candidate).getAddress();
            return v4 || bytes.length == 16 ? bytes : mapped(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The WHATWG URL IPv4 parser: one to four parts, each decimal, octal (leading 0) or hex (0x). */
    private static byte[] looseIpv4(String host) {
        String text = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (text.isEmpty()) {
            return null;
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Long value = ipv4Number(parts[i]);
            if (value == null) {
                return null;
            }
            values[i] = value;
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                return null;
            }
            address |= values[i] << (8 * (3 - i));
        }
        long last = values[parts.length - 1];
        if (last >= 1L << (8 * (5 - parts.length))) {
            return null;
        }
        address |= last;
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    private static Long ipv4Number(String part) {
        int radix = 10;
        String digits = part;
        if (part.length() >= 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() >= 2 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            return part.isEmpty() ? null : 0L;
        }
        if (digits.length() > 12) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) {
                return null;
            }
        }
        return Long.parseLong(digits, radix);
    }

    // Note: Java turns ::ffff:a.b.c.d into an IPv4 address; an IPv6 literal keeps its 16-byte form here.
    private static byte[] mapped(byte[] ipv4) {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xFF;
        bytes[11] = (byte) 0xFF;
        System.arraycopy(ipv4, 0, bytes, 12, 4);
        return bytes;
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(address, prefixLength), network);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] = (byte) (masked[i] & (0xFF << (8 - bits)));
        }
        return masked;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CidrRange range
                && prefixLength == range.prefixLength
                && Arrays.equals(network, range.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return text;
    }
}
