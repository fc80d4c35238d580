package io.llmbatch4j.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Installs {@code @stainless-api/prism-cli} with npm into {@link ContractPaths#prismHome()} unless
 * that exact version is already there. A file lock keeps two builds on one machine from installing
 * into the same folder at once.
 */
final class PrismInstall {

    static final String PACKAGE = "@stainless-api/prism-cli";
    static final String VERSION = "5.16.1";
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(8);
    private static final Pattern VERSION_FIELD = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

    private PrismInstall() {}

    static Path home() {
        return ContractPaths.prismHome();
    }

    /** Prism's CLI script, installing it first when needed. */
    static synchronized Path ensureInstalled() {
        Path home = home();
        if (installed(home)) {
            return cli(home);
        }
        try {
            Files.createDirectories(home);
            try (FileChannel channel = FileChannel.open(home.resolve(".install.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                if (!installed(home)) {
                    Node.Result npm = Node.run(List.of("npm", "install", "--prefix", home.toString(),
                            "--no-audit", "--no-fund", "--loglevel=error", PACKAGE + "@" + VERSION), NPM_TIMEOUT);
                    if (npm.exitCode() != 0 || !installed(home)) {
                        throw new IllegalStateException("npm could not install " + PACKAGE + "@" + VERSION + " into "
                                + home + " (exit " + npm.exitCode() + "):\n" + npm.output());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cli(home);
    }

    private static Path cli(Path home) {
        return home.resolve("node_modules/@stainless-api/prism-cli/dist/index.js");
    }

    private static boolean installed(Path home) {
        Path manifest = home.resolve("node_modules/@stainless-api/prism-cli/package.json");
        if (!Files.isRegularFile(manifest) || !Files.isRegularFile(cli(home))) {
            return false;
        }
        try {
            Matcher m = VERSION_FIELD.matcher(Files.readString(manifest));
            return m.find() && m.group(1).equals(VERSION);
        } catch (IOException e) {
            return false;
        }
    }
}
