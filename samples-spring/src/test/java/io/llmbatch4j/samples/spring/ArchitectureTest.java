package io.llmbatch4j.samples.spring;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.llmbatch4j.archrules.ArchRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses SAMPLE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.llmbatch4j.samples.spring");

    @Test
    void noInternalPackageOfAnotherModule() {
        ArchRules.noInternalOfOtherModules("samples").check(SAMPLE);
    }
}
