package io.llmbatch4j.providers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
        noClasses().that().resideInAPackage("..providers.openai..").should().dependOnClassesThat()
                .resideInAnyPackage("..providers.anthropic..", "..providers.gemini..").check(PROVIDERS);
        noClasses().that().resideInAPackage("..providers.anthropic..").should().dependOnClassesThat()
                .resideInAnyPackage("..providers.openai..", "..providers.gemini..").check(PROVIDERS);
        noClasses().that().resideInAPackage("..providers.gemini..").should().dependOnClassesThat()
                .resideInAnyPackage("..providers.openai..", "..providers.anthropic..").check(PROVIDERS);
    }

    @Test
    void publicApiSignaturesExposeNoInternalType() {
        methods().that().arePublic().and().areDeclaredInClassesThat().arePublic()
                .and().areDeclaredInClassesThat().resideOutsideOfPackage("..internal..")
                .should().haveRawReturnType(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("..internal..")))
                .check(PROVIDERS);
    }
}
