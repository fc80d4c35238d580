package io.llmbatch4j.strategies.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.util.Optional;

/**
 * Which record components may be absent: {@code Optional}s and components annotated
 * {@code @Nullable} (any annotation of that simple name, declaration or type use). Primitives never.
 */
final class Nullability {

    private Nullability() {}

    static boolean isNullable(RecordComponent component) {
        Class<?> type = component.getType();
        if (type.isPrimitive()) {
            return false;
        }
        if (type == Optional.class) {
            return true;
        }
        return named(component.getAnnotations()) || named(component.getAnnotatedType().getAnnotations())
                || (component.getAccessor() != null && named(component.getAccessor().getAnnotations()));
    }

    private static boolean named(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a.annotationType().getSimpleName().equals("Nullable")) {
                return true;
            }
        }
        return false;
    }
}
