package io.llmbatch4j.kafka;

/**
 * Thrown by a {@link RecordMapper} for a record that can never become a work item (not JSON, no
 * id, no prompt). The runner writes the record to the dead-letter topic with this exception's
 * message as the reason, and the partition moves on. Any other exception a mapper throws is
 * treated the same way, its class name added to the reason.
 */
public final class PoisonRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param reason why the record is refused, written to the dead-letter record's reason header */
    public PoisonRecordException(String reason) {
        super(reason);
    }
}
