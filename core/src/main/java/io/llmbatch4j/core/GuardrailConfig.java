package io.llmbatch4j.core;

import io.llmbatch4j.core.internal.HttpStatusProbe;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Hard bounds on a run's time and damage. Immutable; build with {@link #builder()}.
 *
 * <ul>
 *   <li>{@code batchDeadline}: how long a run may take from its start ({@code null}, the default:
 *       no deadline). When it passes, the run ends as {@link RunOutcome#DEADLINE} and every item
 *       not yet ended ends as {@link ErrorKind#BATCH_DEADLINE_EXCEEDED}, the way
 *       {@code batchDeadlineMode} says: {@link BatchDeadlineMode#DRAIN} lets calls already running
 *       finish, {@link BatchDeadlineMode#CANCEL} cancels them too. Items the source still holds are
 *       taken and ended at once without calling their strategy (never dropped silently).
 *   <li>{@code failFastOn} / {@code failFastWhen}: an item that fails for good with one of these
 *       kinds, or whose error matches the predicate, aborts the run: exactly once, however many
 *       items fail at the same moment, with one {@link ProcessingEvent.RunAborted} event. Running
 *       calls are cancelled and every item not yet ended ends as {@link ErrorKind#ABORTED}; the run
 *       ends as {@link RunOutcome#ABORTED}. Cancellations, deadlines and aborts never trigger it.
 *       {@link #failFastOnSetupErrors()} is the preset for a run that cannot succeed (a wrong key,
 *       an unknown model or path).
 * </ul>
 *
 * <p>The item deadline is {@link ProcessorConfig#totalTimeoutPerItem()}. A {@link LLMCallPool}
 * has no run, so it ignores this config.
 */
public final class GuardrailConfig {

    /** What a batch deadline does to running calls unless set: lets them finish. */
    public static final BatchDeadlineMode DEFAULT_BATCH_DEADLINE_MODE = BatchDeadlineMode.DRAIN;

    private static final GuardrailConfig DEFAULTS = builder().build();
    private static final Predicate<ErrorInfo> SETUP_ERROR_STATUS = httpStatus(401, 403, 404);

    private final @Nullable Duration batchDeadline;
    private final BatchDeadlineMode batchDeadlineMode;
    private final Set<ErrorKind> failFastOn;
    private final @Nullable Predicate<ErrorInfo> failFastWhen;

    private GuardrailConfig(Builder b) {
        this.batchDeadline = b.batchDeadline;
        this.batchDeadlineMode = b.batchDeadlineMode;
        this.failFastOn = b.failFastOn == null ? null
                : b.failFastOn.stream().filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.failFastWhen = b.failFastWhen;
    }

    /** {@return no batch deadline, no fail-fast} */
    public static GuardrailConfig defaults() {
        return DEFAULTS;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fail-fast on {@linkplain #setupError() set-up errors}: the first item that fails for good with
     * HTTP 401, 403 or 404 aborts the run, since every other item sent with the same key, base URL
     * and model would fail the same way. One {@link ProcessingEvent.RunAborted} names that item and
     * its error; running calls are cancelled and every item not yet ended ends as
     * {@link ErrorKind#ABORTED}, with a message that quotes the error. No batch deadline. Other
     * errors (a 400 for one item's prompt, a 5xx, a timeout) fail only their item.
     *
     * <p>When items name their own models, one item with an unknown model aborts the run too; to
     * abort only for errors shared by the whole run, combine {@link #setupError()} with a condition
     * of your own in {@link Builder#failFastWhen}.
     *
     * @return a config that fails fast on set-up errors
     */
    public static GuardrailConfig failFastOnSetupErrors() {
        return builder().failFastOnSetupErrors().build();
    }

    /**
     * Matches a final error that says the run is set up wrongly rather than that one item is bad:
     * {@link ErrorKind#PERMANENT} with HTTP status 401 (a wrong or missing API key), 403 (the key
     * may not use this model or endpoint) or 404 (an unknown model, or a base URL with a wrong path).
     *
     * @return the predicate
     */
    public static Predicate<ErrorInfo> setupError() {
        return info -> info.kind() == ErrorKind.PERMANENT && SETUP_ERROR_STATUS.test(info);
    }

    /** {@return a builder holding this config's values} */
    public Builder toBuilder() {
        return new Builder().batchDeadline(batchDeadline).batchDeadlineMode(batchDeadlineMode).failFastOn(failFastOn)
                .failFastWhen(failFastWhen);
    }

    /** {@return how long a run may take from its start, or {@code null} for no deadline} */
    public @Nullable Duration batchDeadline() {
        return batchDeadline;
    }

    /** {@return what the batch deadline does to calls still running} */
    public BatchDeadlineMode batchDeadlineMode() {
        return batchDeadlineMode;
    }

    /** {@return the error kinds that abort the run} */
    public Set<ErrorKind> failFastOn() {
        return failFastOn;
    }

    /** {@return the predicate over final errors that aborts the run, or {@code null}} */
    public @Nullable Predicate<ErrorInfo> failFastWhen() {
        return failFastWhen;
    }

    /**
     * True when an item's final {@code error} must abort its run.
     *
     * @param error an item's final error
     * @return whether it aborts the run
     */
    public boolean abortsOn(ErrorInfo error) {
        ErrorKind k = error.kind();
        if (k == ErrorKind.CANCELLED || k == ErrorKind.ABORTED || k == ErrorKind.BATCH_DEADLINE_EXCEEDED) {
            return false;
        }
        return failFastOn.contains(k) || (failFastWhen != null && failFastWhen.test(error));
    }

    /** {@return whether fail-fast is configured at all} */
    public boolean failFast() {
        return !failFastOn.isEmpty() || failFastWhen != null;
    }

    /**
     * Matches errors whose cause (or a cause of it) carries one of these HTTP statuses, e.g. 401, 403.
     *
     * @param statuses HTTP statuses
     * @return the predicate
     */
    public static Predicate<ErrorInfo> httpStatus(int... statuses) {
        int[] copy = statuses.clone();
        return info -> {
            int depth = 0;
            for (Throwable t = info.cause(); t != null && depth < 16; t = t.getCause(), depth++) {
                int status = HttpStatusProbe.statusOf(t);
                for (int s : copy) {
                    if (s == status) {
                        return true;
                    }
                }
            }
            return false;
        };
    }

    /**
     * Matches errors whose message contains {@code text}, ignoring case (e.g. "insufficient_quota").
     *
     * @param text the text to look for
     * @return the predicate
     */
    public static Predicate<ErrorInfo> messageContains(String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        return info -> info.message().toLowerCase(Locale.ROOT).contains(needle);
    }

    @Override
    public String toString() {
        return "GuardrailConfig[batchDeadline=" + batchDeadline + ", batchDeadlineMode=" + batchDeadlineMode
                + ", failFastOn=" + failFastOn + ", failFastWhen=" + (failFastWhen == null ? "none" : "set") + "]";
    }

    /** Builds a {@link GuardrailConfig}; {@link #build()} validates every field at once. */
    public static final class Builder {
        private @Nullable Duration batchDeadline;
        private BatchDeadlineMode batchDeadlineMode = DEFAULT_BATCH_DEADLINE_MODE;
        private Set<ErrorKind> failFastOn = EnumSet.noneOf(ErrorKind.class);
        private @Nullable Predicate<ErrorInfo> failFastWhen;

        private Builder() {}

        /**
         * The run's deadline from its start; {@code null} for none.
         *
         * @param batchDeadline positive, or {@code null}
         * @return this builder
         */
        public Builder batchDeadline(@Nullable Duration batchDeadline) {
            this.batchDeadline = batchDeadline;
            return this;
        }

        /**
         * What the batch deadline does to calls still running (default {@link BatchDeadlineMode#DRAIN}).
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder batchDeadlineMode(BatchDeadlineMode mode) {
            this.batchDeadlineMode = mode;
            return this;
        }

        /**
         * Error kinds that abort the run (e.g. {@link ErrorKind#PERMANENT}); empty for none.
         *
         * @param kinds the kinds
         * @return this builder
         */
        public Builder failFastOn(Set<ErrorKind> kinds) {
            this.failFastOn = kinds;
            return this;
        }

        /**
         * A predicate over final errors that aborts the run (e.g. {@link #httpStatus(int...) httpStatus(401,
         * 403)}).
         *
         * @param predicate the predicate, or {@code null} for none
         * @return this builder
         */
        public Builder failFastWhen(@Nullable Predicate<ErrorInfo> predicate) {
            this.failFastWhen = predicate;
            return this;
        }

        /**
         * Fail-fast on {@linkplain GuardrailConfig#setupError() set-up errors}; see
         * {@link GuardrailConfig#failFastOnSetupErrors()}.
         *
         * @return this builder
         */
        public Builder failFastOnSetupErrors() {
            return failFastWhen(setupError());
        }

        /**
         * @return the config
         * @throws InvalidConfigException naming every bad field
         */
        public GuardrailConfig build() {
            ConfigChecks checks = new ConfigChecks("GuardrailConfig")
                    .positiveOrNull("batchDeadline", batchDeadline)
                    .notNull("batchDeadlineMode", batchDeadlineMode)
                    .notNull("failFastOn", failFastOn);
            if (failFastOn != null) {
                for (ErrorKind k : failFastOn) {
                    checks.check(k != null && k != ErrorKind.CANCELLED && k != ErrorKind.ABORTED
                            && k != ErrorKind.BATCH_DEADLINE_EXCEEDED, "failFastOn", "must not contain " + k, failFastOn);
                }
            }
            checks.throwIfAny();
            return new GuardrailConfig(this);
        }
    }
}
