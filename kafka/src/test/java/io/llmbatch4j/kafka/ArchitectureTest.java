package io.llmbatch4j.kafka;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses KAFKA = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.llmbatch4j.kafka");

    @Test
    void kafkaDependsOnCoresPublicApiKafkaClientsReactorJacksonAndLoggingOnly() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("io.llmbatch4j.kafka..",
                "io.llmbatch4j.core", "java..", "reactor..", "org.apache.kafka.clients..",
                "org.apache.kafka.common..", "tools.jackson..", "org.slf4j..", "org.jspecify..").check(KAFKA);
    }

    @Test
    void noClassUsesAnotherModulesInternals() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.llmbatch4j.core.internal..",
                "io.llmbatch4j.providers..", "io.llmbatch4j.strategies..", "io.llmbatch4j.middleware..",
                "io.llmbatch4j.observers..", "io.llmbatch4j.testkit..").check(KAFKA);
    }
}
