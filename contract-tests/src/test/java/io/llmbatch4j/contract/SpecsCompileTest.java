package io.llmbatch4j.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every request body schema of every served spec compiles with Prism's Ajv options. Prism skips
 * validating a body whose schema does not compile, so every body would pass: this must fail loudly.
 */
class SpecsCompileTest {

    @ParameterizedTest
    @EnumSource(Spec.class)
    void everyRequestBodySchemaCompiles(Spec spec) {
        CompileCheck check = CompileCheck.of(spec);

        assertThat(check.failed()).as(check.describe()).isZero();
        assertThat(check.compiled()).as(check.describe()).isPositive();
    }
}
