package io.llmbatch4j.middleware;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.llmbatch4j.archrules.ArchRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses MIDDLEWARE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.llmbatch4j.middleware");

    @Test
    void middlewareDependsOnCoreReactorCaffeineJacksonAndLoggingOnly() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("io.llmbatch4j.middleware..",
                "io.llmbatch4j.core", "java..", "reactor..", "com.github.benmanes.caffeine..", "tools.jackson..",
                "org.slf4j..", "org.jspecify..").check(MIDDLEWARE);
    }

    @Test
    void noInternalPackageOfAnotherModule() {
        ArchRules.noInternalOfOtherModules("middleware").check(MIDDLEWARE);
    }

    @Test
    void publicApiExposesNoInternalType() {
        ArchRules.publicApiExposesNoInternalType().check(MIDDLEWARE);
    }

    @Test
    void publicInternalTypesAreUsedOutsideTheirPackage() {
        ArchRules.publicInternalTypesAreUsedOutsideTheirPackage().check(MIDDLEWARE);
    }
}
