package io.llmbatch4j.core.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Reads an HTTP status from exceptions of libraries core does not depend on (Spring's
 * {@code WebClientResponseException}, SDK exceptions): a public no-arg {@code statusCode()},
 * {@code getStatusCode()}, {@code getRawStatusCode()} or {@code status()} that returns an
 * {@code int} or an object with {@code value()} / {@code code()}. Looked up once per class.
 */
public final class HttpStatusProbe {

    private static final String[] ACCESSORS = {"statusCode", "getStatusCode", "getRawStatusCode", "status"};
    private static final ClassValue<Method[]> PROBES = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            for (String name : ACCESSORS) {
                try {
                    Method m = type.getMethod(name);
                    if (Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
                        Class<?> rt = m.getReturnType();
                        if (rt == int.class || rt == Integer.class) {
                            return new Method[] {m};
                        }
                        Method inner = valueMethod(rt);
                        if (inner != null) {
                            return new Method[] {m, inner};
                        }
                    }
                } catch (NoSuchMethodException ignored) {
                    // try the next accessor name
                }
            }
            return new Method[0];
        }
    };

    private HttpStatusProbe() {}

    /** The status, or 0 when the exception exposes none. */
    public static int statusOf(Throwable t) {
        Method[] probe = PROBES.get(t.getClass());
        if (probe.length == 0) {
            return 0;
        }
        try {
            Object value = probe[0].invoke(t);
            if (probe.length == 2 && value != null) {
                value = probe[1].invoke(value);
            }
            int status = value instanceof Integer i ? i : 0;
            return status >= 100 && status <= 599 ? status : 0;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 0;
        }
    }

    private static Method valueMethod(Class<?> type) {
        for (String name : new String[] {"value", "code"}) {
            try {
                Method m = type.getMethod(name);
                if (m.getReturnType() == int.class && Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
                    return m;
                }
            } catch (NoSuchMethodException ignored) {
                // try the next name
            }
        }
        return null;
    }
}
