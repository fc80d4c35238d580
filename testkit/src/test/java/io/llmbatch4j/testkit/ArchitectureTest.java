package io.llmbatch4j.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses TESTKIT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.llmbatch4j.testkit");

    @Test
    void testkitSharesNoCodeWithTheOtherModules() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.llmbatch4j.core..",
                "io.llmbatch4j.providers..", "io.llmbatch4j.strategies..", "io.llmbatch4j.middleware..",
                "io.llmbatch4j.observers..", "io.llmbatch4j.samples..").check(TESTKIT);
    }

    @Test
    void testkitUsesOnlyTheJdkReactorNettyJacksonSlf4jAndJunit() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.llmbatch4j.testkit..", "java..", "reactor..", "io.netty..",
                        "org.reactivestreams..", "tools.jackson..", "org.slf4j..", "org.junit.jupiter.api..",
                        "org.jspecify..")
                .check(TESTKIT);
    }

    @Test
    void publicApiExposesNoInternalType() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods().that().arePublic()
                .and().areDeclaredInClassesThat().resideInAPackage("io.llmbatch4j.testkit")
                .and().areDeclaredInClassesThat().arePublic()
                .should().haveRawReturnType(com.tngtech.archunit.base.DescribedPredicate.not(
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("..internal..")))
                .check(TESTKIT);
    }
}
