package io.llmbatch4j.samples;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.llmbatch4j.archrules.ArchRules;
import org.junit.jupiter.api.Test;

/** The samples show the public API: they use no module's {@code internal} package. */
class ArchitectureTest {

    private static final JavaClasses SAMPLES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.llmbatch4j.samples");

    @Test
    void noInternalPackageOfAnotherModule() {
        ArchRules.noInternalOfOtherModules("samples").check(SAMPLES);
    }
}
