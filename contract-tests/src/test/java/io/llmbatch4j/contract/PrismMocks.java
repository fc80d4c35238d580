package io.llmbatch4j.contract;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension that provides {@link Running}: Prism installed, every served spec checked with
 * {@code check-compiles.js} (a schema that does not compile fails every test that needs a mock,
 * loudly), and one mock per provider started. Started once per test run (kept in the root store)
 * and stopped when the run ends, whatever the outcome; shutdown hooks cover a dying JVM.
 */
final class PrismMocks implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PrismMocks.class);
    /** The OpenAI document takes ~10 s to load on an idle machine; this one is shared. */
    private static final Duration STARTUP = Duration.ofMinutes(3);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Running.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(Running.class, k -> Running.start(),
                Running.class);
    }

    /** The three mocks of this run. */
    static final class Running implements AutoCloseable {

        private final Map<Spec, PrismMock> mocks = new EnumMap<>(Spec.class);

        static Running start() {
            Running running = new Running();
            try {
                var cli = PrismInstall.ensureInstalled();
                for (Spec spec : Spec.values()) {
                    running.mocks.put(spec, PrismMock.start(spec, cli));
                }
                // check while the mocks load their documents
                StringBuilder broken = new StringBuilder();
                for (Spec spec : Spec.values()) {
                    CompileCheck check = CompileCheck.of(spec);
                    if (!check.passed()) {
                        broken.append(check.describe()).append('\n');
                    }
                }
                if (!broken.isEmpty()) {
                    throw new IllegalStateException("Request schemas that do not compile: Prism would skip "
                            + "validating those bodies, so the contract tests cannot run:\n" + broken);
                }
                running.mocks.values().forEach(m -> m.awaitReady(STARTUP));
                return running;
            } catch (RuntimeException | Error e) {
                running.close();
                throw e;
            }
        }

        String baseUrl(Spec spec) {
            return mocks.get(spec).baseUrl();
        }

        @Override
        public void close() {
            mocks.values().forEach(PrismMock::close);
        }
    }
}
