package io.llmbatch4j.core.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalQuotaLedgerTest {

    private static final long MS = 1_000_000;

    @Test
    void answersGoNowOrGoAtTAndReservesOnlyOnGo() {
        LocalQuotaLedger l = new LocalQuotaLedger(new QuotaLimits(600, 0, Duration.ZERO), 0); // one per 100 ms
        assertThat(l.reserve(1, 0, 0, 0)).isEqualTo(QuotaLedger.GO);
        assertThat(l.reserve(1, 0, 0, 0)).isEqualTo(100 * MS);
        assertThat(l.reserve(1, 0, 40 * MS, 0)).as("asking early reserved nothing").isEqualTo(60 * MS);
        assertThat(l.reserve(1, 0, 100 * MS, 0)).isEqualTo(QuotaLedger.GO);
        l.reconcile(-1, 0); // the provider refused it: the slot returns
        assertThat(l.reserve(1, 0, 100 * MS, 0)).isEqualTo(QuotaLedger.GO);
    }

    @Test
    void aTokenDebtDelaysTheNextReservationAndAHoldHoldsEverything() {
        LocalQuotaLedger l = new LocalQuotaLedger(new QuotaLimits(0, 6_000, Duration.ZERO), 0); // 10 ms a token
        assertThat(l.reserve(1, 10, 0, 0)).isEqualTo(QuotaLedger.GO);
        l.reconcile(0, 5); // spent 15, not 10
        assertThat(l.reserve(1, 10, 0, 0)).isEqualTo(150 * MS);
        l.exhausted(500 * MS);
        assertThat(l.reserve(1, 10, 200 * MS, 200 * MS)).isEqualTo(300 * MS);
    }

    @Test
    void learnedLimitsFillOnlyTheDimensionsLeftUnset() {
        LocalQuotaLedger l = new LocalQuotaLedger(new QuotaLimits(600, 0, Duration.ZERO), 0);
        l.learn(new QuotaLimits(100, 9_000, Duration.ZERO));
        assertThat(l.limits()).isEqualTo(new QuotaLimits(600, 9_000, Duration.ZERO));
        assertThat(l.mode()).isEqualTo(QuotaMode.LOCAL);
        assertThat(new QuotaLimits(10, 7, Duration.ZERO).divide(4)).isEqualTo(new QuotaLimits(2, 1, Duration.ZERO));
    }

    @Test
    void aQuotaKeyKeepsOnlyTheApiKeysFingerprint() {
        QuotaKey k = QuotaKey.of("openai", "gpt-4.1-mini", "sk-live-secret");
        assertThat(k.toString()).doesNotContain("secret").contains(k.keyFingerprint());
        assertThat(k.keyFingerprint()).hasSize(16).isEqualTo(QuotaKey.fingerprint("sk-live-secret"))
                .isNotEqualTo(QuotaKey.fingerprint("sk-live-secreT"));
        assertThat(k.id()).isEqualTo("openai:gpt-4.1-mini:" + k.keyFingerprint());
        assertThatThrownBy(() -> QuotaKey.of("open:ai", "m", "k")).hasMessageContaining("provider");
    }
}
