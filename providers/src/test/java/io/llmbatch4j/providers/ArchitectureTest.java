package io.llmbatch4j.providers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.llmbatch4j.archrules.ArchRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses PROVIDERS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.llmbatch4j.providers");

    @Test
    void providersDependOnCoreOnlyAmongTheModules() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.llmbatch4j.strategies..",
                "io.llmbatch4j.middleware..", "io.llmbatch4j.observers..", "io.llmbatch4j.testkit..",
                "io.llmbatch4j.samples..").check(PROVIDERS);
    }

    @Test
    void eachProviderKnowsNothingOfTheOthers() {
        ArchRules.providersAreIndependent().check(PROVIDERS);
    }

    @Test
    void publicApiExposesNoInternalType() {
        ArchRules.publicApiExposesNoInternalType().check(PROVIDERS);
    }

    @Test
    void publicInternalTypesAreUsedOutsideTheirPackage() {
        ArchRules.publicInternalTypesAreUsedOutsideTheirPackage().check(PROVIDERS);
    }

    @Test
    void noInternalPackageOfAnotherModule() {
        ArchRules.noInternalOfOtherModules("providers").check(PROVIDERS);
    }
}
