package io.llmbatch4j.strategies.internal;

import io.llmbatch4j.core.ValidationFailedException;
import io.llmbatch4j.core.ValidationFailedException.Violation;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The retry prompt after a validation failure: what was right, what failed and why, the previous answer. */
public final class FeedbackPrompt {

    private FeedbackPrompt() {}

    /**
     * {@code prompt} followed by the feedback on {@code failure}.
     *
     * @param maxAnswerChars the previous answer is cut to this many characters (0 = leave it out)
     */
    public static String of(String prompt, ValidationFailedException failure, int maxAnswerChars) {
        StringBuilder sb = new StringBuilder(prompt.length() + 512).append(prompt)
                .append("\n\n---\nYour previous answer to this request was rejected.\n");
        if (maxAnswerChars > 0) {
            String raw = failure.rawOutput();
            sb.append("\nYour previous answer:\n")
                    .append(raw.length() <= maxAnswerChars ? raw : raw.substring(0, maxAnswerChars) + " [...cut]")
                    .append('\n');
        }
        if (!failure.passedFields().isEmpty()) {
            sb.append("\nThese fields were correct; keep their values:\n");
            // sorted: the exception's map has no stable order, and the same failure must give the same prompt
            for (Map.Entry<String, Object> e : new TreeMap<>(failure.passedFields()).entrySet()) {
                sb.append("- ").append(e.getKey()).append(": ").append(json(e.getValue())).append('\n');
            }
        }
        sb.append("\nThese fields failed; fix them:\n");
        for (Violation v : failure.violations()) {
            sb.append("- ").append(v.path().isEmpty() ? "(the whole answer)" : v.path()).append(": ")
                    .append(v.message()).append('\n');
        }
        return sb.append("\nAnswer again with the complete, corrected JSON object only.").toString();
    }

    private static String json(Object value) {
        Object plain = value instanceof Optional<?> o ? o.orElse(null) : value;
        try {
            return RecordAnswers.mapper().writeValueAsString(plain);
        } catch (RuntimeException e) {
            return String.valueOf(plain);
        }
    }
}
