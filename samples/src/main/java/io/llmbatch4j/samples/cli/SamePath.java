package io.llmbatch4j.samples.cli;

import java.io.IOException;
import java.nio.file.Path;

/** A path as the file system resolves it, so two spellings of one file compare equal. */
final class SamePath {

    private SamePath() {}

    /**
     * The real path (links followed); for a file not yet created, its directory's real path and
     * its name; else the absolute, normalized path.
     */
    static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath();
        } catch (IOException missing) {
            Path parent = absolute.getParent();
            try {
                return parent == null ? absolute : parent.toRealPath().resolve(absolute.getFileName());
            } catch (IOException noParent) {
                return absolute;
            }
        }
    }
}
