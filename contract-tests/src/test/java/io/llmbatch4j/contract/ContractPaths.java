package io.llmbatch4j.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the suite finds the specs, Prism, its node scripts and its scratch folder. Maven sets each
 * as a system property (see the module's pom); the fallbacks make the tests runnable from an IDE
 * started in the module folder.
 */
final class ContractPaths {

    private ContractPaths() {}

    /** {@code <repo>/../shared/specs}: the providers' OpenAPI documents and {@code check-compiles.js}. */
    static Path specs() {
        String configured = System.getProperty("contract.specs.dir");
        if (configured != null && Files.isRegularFile(Path.of(configured, "check-compiles.js"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("specs");
            if (Files.isRegularFile(candidate.resolve("check-compiles.js"))) {
                return candidate.normalize();
            }
        }
        throw new IllegalStateException("The providers' specs were not found: expected ../shared/specs beside the "
                + "repository (contract.specs.dir=" + configured + ")");
    }

    /** The npm prefix Prism is installed into, outside {@code target} so it survives {@code mvn clean}. */
    static Path prismHome() {
        String configured = System.getProperty("contract.prism.home");
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "llmbatch4j", "prism");
    }

    /** This module's {@code src/test/node}. */
    static Path scripts() {
        String configured = System.getProperty("contract.node.scripts");
        return configured != null ? Path.of(configured) : Path.of("src", "test", "node").toAbsolutePath();
    }

    /** A scratch folder under {@code target}: served spec copies, Prism logs, validation inputs. */
    static Path work() {
        String configured = System.getProperty("contract.work.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("target", "contract").toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
