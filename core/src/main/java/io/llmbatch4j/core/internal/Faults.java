package io.llmbatch4j.core.internal;

import java.util.function.Supplier;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * How the engine treats what user code (a strategy, middleware, hook, classifier, observer)
 * throws synchronously: it becomes a failure of that one item (or is logged, for observers), never
 * a failure of the run.
 *
 * <p>The exceptions are the JVM-fatal errors as Reactor defines them
 * ({@link Exceptions#throwIfJvmFatal}: {@link VirtualMachineError}, {@link ThreadDeath},
 * {@link LinkageError}), which are rethrown, with one departure: a {@link StackOverflowError} is
 * contained too. By the time it reaches the engine the stack it overflowed has unwound, the JVM is
 * sound, and the overflow was the user code's own recursion, so failing that item is the useful
 * answer (Scala's {@code NonFatal} draws the same line). An {@link OutOfMemoryError} or a
 * {@link LinkageError} is rethrown: nothing the run does afterwards can be trusted.
 */
final class Faults {

    private Faults() {}

    /** Rethrows {@code t} when it is fatal (see the class comment); returns otherwise. */
    static void throwIfFatal(Throwable t) {
        if (!(t instanceof StackOverflowError)) {
            Exceptions.throwIfJvmFatal(t);
        }
    }

    /**
     * Like {@link Mono#defer}, but what the supplier throws (fatal errors excepted) and a
     * {@code null} it returns become an error signal. Reactor's own {@code defer} rethrows a
     * {@link StackOverflowError}.
     */
    static <X> Mono<X> defer(Supplier<? extends Mono<? extends X>> userCode) {
        return Mono.defer(() -> {
            Mono<? extends X> m;
            try {
                m = userCode.get();
            } catch (Throwable t) {
                throwIfFatal(t);
                return Mono.error(t);
            }
            return m == null ? Mono.error(new NullPointerException("returned null instead of a Mono")) : m;
        });
    }

    /** The message of a hook's error, or its type when it has none (a {@code StackOverflowError}). */
    static String messageOf(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
