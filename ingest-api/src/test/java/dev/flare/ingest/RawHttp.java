package dev.flare.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends requests byte for byte, as a client that does not care about HTTP rules would: for what
 * {@link java.net.http.HttpClient} refuses to send (restricted headers, odd methods and targets).
 */
final class RawHttp {

    private static final int TIMEOUT_MILLIS = 10_000;

    /** A response; {@code status} is -1 when the server closed the connection without one. */
    record Reply(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {}

    /** Sends {@code request} on a new connection and reads one final response (interim 1xx are skipped). */
    static Reply exchange(URI server, byte[] request, boolean head) {
        return exchange(server, request, head, 1).getFirst();
    }

    /**
     * Sends {@code requests}, all written before anything is read, on one new connection and reads {@code count}
     * final responses; those after the connection closed have status -1.
     */
    static List<Reply> exchange(URI server, byte[] requests, boolean head, int count) {
        try (Socket socket = new Socket()) {
            socket.setSoLinger(true, 0);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(requests);
                out.flush();
            } catch (IOException e) {
                // the server may refuse before reading everything; its answer, if any, is still readable
            }
            List<Reply> replies = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                replies.add(read(socket.getInputStream(), head));
            }
            return replies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one final response from {@code in} (interim 1xx are skipped); status -1 when the server closed. */
    static Reply read(InputStream in, boolean head) throws IOException {
        while (true) {
            String statusLine;
            try {
                statusLine = line(in);
            } catch (java.net.SocketException e) {
                return new Reply(-1, Map.of(), "");
            }
            if (statusLine == null) {
                return new Reply(-1, Map.of(), "");
            }
            int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                headers.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
            if (status >= 100 && status < 200) {
                continue;
            }
            String length = headers.get("content-length");
            byte[] body;
            if (head || status == 204 || status == 304) {
                body = new byte[0];
            } else if (length != null) {
                body = in.readNBytes(Integer.parseInt(length));
            } else {
                body = in.readAllBytes();
            }
            return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
