package io.llmbatch4j.strategies.internal;

import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.core.ValidationFailedException;
import io.llmbatch4j.core.ValidationFailedException.Violation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * Turns a model's JSON text into a record {@code T}, or a {@link ValidationFailedException} that
 * says, field by field, what passed and what did not. Checks, in order: the text parses; each
 * top-level component is present (unless nullable) and converts to its type, looking into nested
 * records and lists of records for the exact path; each converted component meets its Bean
 * Validation constraints (cascading where the component is {@code @Valid}); finally the whole
 * record (class-level constraints). Thread-safe.
 */
public final class RecordAnswers<T extends Record> {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();

    private final Class<T> type;
    private final Validator validator = FACTORY.getValidator();

    public RecordAnswers(Class<T> type) {
        this.type = type;
    }

    /** The JSON mapper used to read answers and to print values back in feedback. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses and validates {@code raw}.
     *
     * @param usage the tokens of the call that produced {@code raw}, carried by the exception
     * @throws ValidationFailedException when the text is not JSON, or a field is missing, of the
     *     wrong type or breaks a constraint
     */
    public T read(String raw, TokenUsage usage) {
        JsonNode root;
        try {
            root = MAPPER.readTree(raw);
        } catch (JacksonException e) {
            throw failure("answer is not valid JSON: " + e.getOriginalMessage(), raw,
                    List.of(new Violation("", "is not valid JSON (" + e.getOriginalMessage() + ")")), Map.of(), usage, e);
        }
        if (root == null || !root.isObject()) {
            throw failure("answer is not a JSON object", raw, List.of(new Violation("", "must be a JSON object")),
                    Map.of(), usage, null);
        }
        List<Violation> violations = new ArrayList<>();
        Map<String, Object> passed = new LinkedHashMap<>();
        for (RecordComponent c : type.getRecordComponents()) {
            int before = violations.size();
            Object value = component(c, root.get(c.getName()), c.getName(), violations);
            if (violations.size() == before) {
                constraints(c, value, violations);
            }
            if (violations.size() == before) {
                passed.put(c.getName(), value == null ? NullNode.getInstance() : value);
            }
        }
        if (violations.isEmpty()) {
            T value = MAPPER.treeToValue(root, type);
            for (ConstraintViolation<T> v : sorted(validator.validate(value))) {
                violations.add(new Violation(v.getPropertyPath().toString(), v.getMessage()));
                passed.remove(rootOf(v.getPropertyPath().toString()));
            }
            if (violations.isEmpty()) {
                return value;
            }
        }
        throw failure(violations.size() + " field(s) failed validation: " + summary(violations), raw, violations,
                passed, usage, null);
    }

    private static Object component(RecordComponent c, JsonNode node, String path, List<Violation> out) {
        if (node == null || node.isNull()) {
            if (!Nullability.isNullable(c)) {
                out.add(new Violation(path, node == null ? "is missing" : "must not be null"));
            }
            return c.getType() == Optional.class ? Optional.empty() : null;
        }
        Type generic = c.getGenericType();
        JavaType javaType = MAPPER.getTypeFactory().constructType(generic);
        if (c.getType() == Optional.class) {
            return Optional.ofNullable(convert(node, javaType.containedType(0), path, out));
        }
        return convert(node, javaType, path, out);
    }

    /** Converts {@code node}, reporting the deepest path it can: into records and lists of records. */
    private static Object convert(JsonNode node, JavaType t, String path, List<Violation> out) {
        Class<?> raw = t.getRawClass();
        if (raw.isRecord()) {
            if (!node.isObject()) {
                out.add(new Violation(path, "must be an object"));
                return null;
            }
            int before = out.size();
            for (RecordComponent c : raw.getRecordComponents()) {
                component(c, node.get(c.getName()), path + "." + c.getName(), out);
            }
            return out.size() == before ? tryConvert(node, t, path, out) : null;
        }
        if (Collection.class.isAssignableFrom(raw) && t.getContentType() != null
                && t.getContentType().getRawClass().isRecord()) {
            if (!node.isArray()) {
                out.add(new Violation(path, "must be an array"));
                return null;
            }
            int before = out.size();
            for (int i = 0; i < node.size(); i++) {
                convert(node.get(i), t.getContentType(), path + "[" + i + "]", out);
            }
            return out.size() == before ? tryConvert(node, t, path, out) : null;
        }
        return tryConvert(node, t, path, out);
    }

    private static Object tryConvert(JsonNode node, JavaType t, String path, List<Violation> out) {
        try {
            return MAPPER.treeToValue(node, t);
        } catch (JacksonException e) {
            out.add(new Violation(path, "must be " + describe(t) + " (was " + abbreviate(node.toString()) + ")"));
            return null;
        }
    }

    private void constraints(RecordComponent c, Object value, List<Violation> out) {
        for (ConstraintViolation<T> v : sorted(validator.validateValue(type, c.getName(), value))) {
            out.add(new Violation(c.getName(), v.getMessage()));
        }
        Object plain = value instanceof Optional<?> o ? o.orElse(null) : value;
        if (plain == null || !cascades(c)) {
            return;
        }
        if (plain instanceof Collection<?> elements) {
            int i = 0;
            for (Object element : elements) {
                cascade(element, c.getName() + "[" + i++ + "]", out);
            }
        } else {
            cascade(plain, c.getName(), out);
        }
    }

    private void cascade(@Nullable Object bean, String path, List<Violation> out) {
        if (bean == null) {
            return;
        }
        for (ConstraintViolation<Object> v : sorted(validator.validate(bean))) {
            String inner = v.getPropertyPath().toString();
            out.add(new Violation(inner.isEmpty() ? path : path + "." + inner, v.getMessage()));
        }
    }

    /** {@code @Valid} on the component (its field) or on its type or a type argument ({@code List<@Valid X>}). */
    private boolean cascades(RecordComponent c) {
        if (c.getAnnotatedType().isAnnotationPresent(Valid.class)) {
            return true;
        }
        if (c.getAnnotatedType() instanceof AnnotatedParameterizedType p) {
            for (AnnotatedType argument : p.getAnnotatedActualTypeArguments()) {
                if (argument.isAnnotationPresent(Valid.class)) {
                    return true;
                }
            }
        }
        try {
            return type.getDeclaredField(c.getName()).isAnnotationPresent(Valid.class);
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    private static <X> List<ConstraintViolation<X>> sorted(Set<ConstraintViolation<X>> violations) {
        return violations.stream().sorted(Comparator.comparing((ConstraintViolation<X> v) -> v.getPropertyPath().toString())
                .thenComparing(ConstraintViolation::getMessage)).toList();
    }

    private static String rootOf(String path) {
        int cut = path.length();
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '.' || path.charAt(i) == '[') {
                cut = i;
                break;
            }
        }
        return path.substring(0, cut);
    }

    private static String describe(JavaType t) {
        Class<?> raw = t.getRawClass();
        if (raw.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : raw.getEnumConstants()) {
                names.add(((Enum<?>) constant).name());
            }
            return "one of " + names;
        }
        if (raw == String.class) {
            return "a string";
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(raw) || raw == double.class || raw == float.class) {
            return "a number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "a boolean";
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return "an array";
        }
        return "a " + raw.getSimpleName();
    }

    private static String summary(List<Violation> violations) {
        StringBuilder sb = new StringBuilder();
        for (Violation v : violations) {
            if (sb.length() > 200) {
                sb.append(", ...");
                break;
            }
            sb.append(sb.length() == 0 ? "" : ", ").append(v.path().isEmpty() ? "(answer)" : v.path()).append(' ')
                    .append(v.message());
        }
        return sb.toString();
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static ValidationFailedException failure(String message, String raw, List<Violation> violations,
            Map<String, Object> passed, TokenUsage usage, Throwable cause) {
        return new ValidationFailedException(message, raw, violations, passed, usage, cause);
    }
}
