package io.llmbatch4j.providers.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.testkit.FakeLlmServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A testkit server, a transport and a temporary directory per batch test; after each test, the
 * directory must be empty (batch payloads and downloaded results are temporary files).
 */
abstract class BatchTestBase {

    FakeLlmServer server;
    HttpTransport transport;
    @TempDir
    Path temp;

    @BeforeEach
    void startServerAndTransport() {
        server = FakeLlmServer.start();
        transport = HttpTransport.create();
    }

    @AfterEach
    void stopAndCheckNoTemporaryFileIsLeft() throws Exception {
        transport.close();
        server.close();
        try (Stream<Path> files = Files.list(temp)) {
            assertThat(files.toList()).as("temporary files left behind").isEmpty();
        }
    }
}
