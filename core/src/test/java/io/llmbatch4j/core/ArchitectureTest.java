package io.llmbatch4j.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.llmbatch4j.archrules.ArchRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.llmbatch4j.core");

    @Test
    void coreDependsOnReactorAndLoggingOnly() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("io.llmbatch4j.core..", "java..",
                "reactor..", "org.reactivestreams..", "org.slf4j..", "org.jspecify..").check(CORE);
    }

    @Test
    void coreKnowsNothingOfTheOtherModules() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.llmbatch4j.providers..",
                "io.llmbatch4j.strategies..", "io.llmbatch4j.middleware..", "io.llmbatch4j.observers..",
                "io.llmbatch4j.testkit..", "io.llmbatch4j.samples..").check(CORE);
    }

    @Test
    void publicApiExposesNoInternalType() {
        ArchRules.publicApiExposesNoInternalType().check(CORE);
    }

    @Test
    void publicInternalTypesAreUsedOutsideTheirPackage() {
        ArchRules.publicInternalTypesAreUsedOutsideTheirPackage().check(CORE);
    }
}
