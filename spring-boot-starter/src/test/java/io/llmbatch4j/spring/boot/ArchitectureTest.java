package io.llmbatch4j.spring.boot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.llmbatch4j.archrules.ArchRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses STARTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.llmbatch4j.spring");

    @Test
    void noInternalPackageOfAnotherModule() {
        ArchRules.noInternalOfOtherModules("spring").check(STARTER);
    }

    @Test
    void publicApiExposesNoInternalType() {
        ArchRules.publicApiExposesNoInternalType().check(STARTER);
    }

    @Test
    void theRedisModuleIsNamedNeverLinked() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.llmbatch4j.redis..").check(STARTER);
    }

    @Test
    void onlyTheActuatorClassesTouchTheOptionalActuatorAndHealthModules() {
        noClasses().that().doNotHaveSimpleName("LlmBatchEndpoint").and().doNotHaveSimpleName("LlmBatchHealthIndicator")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.boot.actuate..",
                        "org.springframework.boot.health..").check(STARTER);
    }
}
