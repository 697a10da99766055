package dev.flare.launcher.roles;

import dev.flare.model.secret.SecretBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The key that seals signing secrets in standalone mode: made once in the data directory ({@code secret.key},
 * readable by its owner only) and kept with the data it protects, so a restart can still sign.
 */
final class StandaloneSecretKey {

    static final String FILE_NAME = "secret.key";

    private StandaloneSecretKey() {}

    static String loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the secret key " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] key = SecretBox.newBase64Key().getBytes(StandardCharsets.US_ASCII);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            return;
        }
        Files.write(file, key, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
