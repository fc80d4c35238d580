package io.llmbatch4j.redis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses REDIS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.llmbatch4j.redis");

    @Test
    void redisDependsOnCoreLettuceReactorAndLoggingOnly() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("io.llmbatch4j.redis..",
                "io.llmbatch4j.core", "io.llmbatch4j.core.quota", "io.lettuce.core..", "reactor.core..",
                "java..", "org.slf4j..", "org.jspecify..").check(REDIS);
    }

    @Test
    void redisUsesNoEngineInternalsAndNoOtherModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.llmbatch4j.core.internal..",
                "io.llmbatch4j.providers..", "io.llmbatch4j.strategies..", "io.llmbatch4j.samples..")
                .check(REDIS);
    }

    @Test
    void onlyTheReactiveLettuceApiIsUsed() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.lettuce.core.api.sync..",
                "io.lettuce.core.pubsub.api.sync..").check(REDIS);
    }

    @Test
    void publicApiSignaturesExposeNoInternalType() {
        methods().that().arePublic().and().areDeclaredInClassesThat().resideInAPackage("io.llmbatch4j.redis")
                .should().haveRawReturnType(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("..internal..")))
                .check(REDIS);
    }
}
