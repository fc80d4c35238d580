package io.llmbatch4j.testkit;

import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.jspecify.annotations.Nullable;

/**
 * JUnit 5 extension running a {@link FakeLlmServer}:
 * <pre>{@code
 * @RegisterExtension
 * static FakeLlmServerExtension fake = FakeLlmServerExtension.create(FakeServerConfig.defaults());
 * }</pre>
 * As a static field the server starts before all tests of the class (its {@code @Nested} classes
 * share it) and closes after them; as an instance field it starts before and closes after each test. The request log is cleared before each
 * test; quotas, caches and attempt counts carry over between tests of one class.
 */
public final class FakeLlmServerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final FakeServerConfig config;
    private volatile @Nullable FakeLlmServer server;
    private volatile boolean perTest;
    /** Containers (the class and its {@code @Nested} classes) currently inside this extension's lifetime. */
    private int containers;

    private FakeLlmServerExtension(FakeServerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * An extension running a server with {@code config}.
     *
     * @param config the server's settings
     * @return the extension, to register with {@code @RegisterExtension}
     */
    public static FakeLlmServerExtension create(FakeServerConfig config) {
        return new FakeLlmServerExtension(config);
    }

    /**
     * An extension running a server with {@link FakeServerConfig#defaults()}.
     *
     * @return the extension, to register with {@code @RegisterExtension}
     */
    public static FakeLlmServerExtension create() {
        return create(FakeServerConfig.defaults());
    }

    /**
     * {@return the running server}
     *
     * @throws IllegalStateException outside the extension's lifetime
     */
    public FakeLlmServer server() {
        FakeLlmServer s = server;
        if (s == null) {
            throw new IllegalStateException("the fake server is not running (register the extension with "
                    + "@RegisterExtension and use it inside tests)");
        }
        return s;
    }

    /**
     * {@return the running server's {@link FakeLlmServer#baseUrl()}}
     *
     * @throws IllegalStateException outside the extension's lifetime
     */
    public String baseUrl() {
        return server().baseUrl();
    }

    /** Nested classes inherit a static extension: only the outermost container starts and closes the server. */
    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (containers++ == 0) {
            server = FakeLlmServer.start(config);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (server == null) {
            perTest = true;
            server = FakeLlmServer.start(config);
        }
        server().clearRequests();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            closeServer();
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (--containers == 0) {
            closeServer();
        }
    }

    private void closeServer() {
        FakeLlmServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
    }
}
