package io.llmbatch4j.archrules;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each shared rule against fixtures that break it on purpose (package {@code fixture}). */
class ArchRulesTest {

    private static final String FIXTURE = "io.llmbatch4j.archrules.fixture";
    private static final JavaClasses CLASSES = new ClassFileImporter().importPackages(FIXTURE);

    private static List<String> violations(ArchRule rule) {
        EvaluationResult result = rule.evaluate(CLASSES);
        return result.getFailureReport().getDetails();
    }

    @Test
    void publicApiExposesNoInternalTypeFindsEveryKindOfLeakAndOnlyLeaks() {
        String hidden = FIXTURE + ".internal.Hidden";
        String leaks = FIXTURE + ".api.Leaks$";
        assertThat(violations(ArchRules.publicApiExposesNoInternalType())).containsExactlyInAnyOrder(
                leaks + "LeakySuper extends " + hidden,
                leaks + "LeakyInterface implements " + hidden,
                leaks + "LeakyInterface get(...) returns " + hidden,
                leaks + "LeakyMembers field field " + hidden,
                leaks + "LeakyMembers take(...) takes " + hidden,
                leaks + "LeakyMembers run(...) throws " + FIXTURE + ".internal.HiddenException",
                leaks + "LeakyMembers make(...) returns " + hidden);
    }

    @Test
    void publicInternalTypesAreUsedOutsideTheirPackageFindsTheOneUsedOnlyAtHome() {
        assertThat(violations(ArchRules.publicInternalTypesAreUsedOutsideTheirPackage()))
                .singleElement().asString().startsWith(FIXTURE + ".internal.Lonely is public but used only");
    }

    @Test
    void noInternalOfOtherModulesAllowsTheModulesOwnAndFindsAnotherModules() {
        assertThat(violations(ArchRules.noInternalOfOtherModules("archrules")))
                .singleElement().asString().contains("io.llmbatch4j.core.internal.HttpStatusProbe");
        assertThat(violations(ArchRules.noInternalOfOtherModules("other")))
                .anySatisfy(v -> assertThat(v).contains(FIXTURE + ".internal.Hidden"));
    }

    @Test
    void providersAreIndependentSlicesAlphaWithItsBatchPackageAndFindsAlphaUsingBeta() {
        List<String> found = violations(ArchRules.providersAreIndependent(FIXTURE + ".providers"));
        assertThat(found).singleElement().asString()
                .contains("Alpha").contains("Beta").doesNotContain("AlphaBatch").doesNotContain("Shared");
    }
}
