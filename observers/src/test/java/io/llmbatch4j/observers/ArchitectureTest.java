package io.llmbatch4j.observers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.llmbatch4j.archrules.ArchRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses OBSERVERS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.llmbatch4j.observers");

    @Test
    void observersDependOnCoreMicrometerJacksonReactorAndLoggingOnly() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("io.llmbatch4j.observers..",
                "io.llmbatch4j.core", "java..", "io.micrometer..", "tools.jackson..", "org.slf4j..",
                "org.jspecify..", "reactor..").check(OBSERVERS);
    }

    @Test
    void noInternalPackageOfAnotherModule() {
        ArchRules.noInternalOfOtherModules("observers").check(OBSERVERS);
    }

    @Test
    void publicApiExposesNoInternalType() {
        ArchRules.publicApiExposesNoInternalType().check(OBSERVERS);
    }

    @Test
    void publicInternalTypesAreUsedOutsideTheirPackage() {
        ArchRules.publicInternalTypesAreUsedOutsideTheirPackage().check(OBSERVERS);
    }
}
