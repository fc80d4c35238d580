package io.llmbatch4j.providers.batch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Batch provider factories by name: those {@link ServiceLoader} finds plus those registered
 * explicitly (an explicit registration replaces a discovered one of the same name). Thread-safe.
 */
public final class BatchProviderRegistry {

    private final Map<String, BatchProviderFactory> factories = new LinkedHashMap<>();

    private BatchProviderRegistry() {}

    /** {@return an empty registry: only explicit registrations} */
    public static BatchProviderRegistry empty() {
        return new BatchProviderRegistry();
    }

    /**
     * {@return a registry holding every factory found on the class path ({@code openai}, {@code groq}, {@code
     * kluster}, {@code anthropic}, {@code gemini})}
     */
    public static BatchProviderRegistry discover() {
        return discover(BatchProviderRegistry.class.getClassLoader());
    }

    /**
     * A registry holding every factory {@link java.util.ServiceLoader} finds through {@code loader}.
     *
     * @param loader the class loader to search
     * @return the registry
     */
    public static BatchProviderRegistry discover(ClassLoader loader) {
        BatchProviderRegistry registry = new BatchProviderRegistry();
        ServiceLoader.load(BatchProviderFactory.class, loader).forEach(registry::register);
        return registry;
    }

    /**
     * Adds or replaces the factory under its {@link BatchProviderFactory#name()}; returns this registry.
     *
     * @param factory the factory
     * @return this registry
     */
    public synchronized BatchProviderRegistry register(BatchProviderFactory factory) {
        Objects.requireNonNull(factory, "factory");
        factories.put(Objects.requireNonNull(factory.name(), "factory.name()"), factory);
        return this;
    }

    /**
     * The factory registered under {@code name}.
     *
     * @param name the provider's name
     * @return the factory
     * @throws IllegalArgumentException naming the known providers when {@code name} is not registered
     */
    public synchronized BatchProviderFactory get(String name) {
        BatchProviderFactory f = factories.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no batch provider named '" + name + "' (registered: "
                    + factories.keySet() + ")");
        }
        return f;
    }

    /**
     * Whether a factory is registered under {@code name}.
     *
     * @param name the provider's name
     * @return whether it is
     */
    public synchronized boolean contains(String name) {
        return factories.containsKey(name);
    }

    /** {@return the registered names} */
    public synchronized Set<String> names() {
        return Set.copyOf(factories.keySet());
    }
}
