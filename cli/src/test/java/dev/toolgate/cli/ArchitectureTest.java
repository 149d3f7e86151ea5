package dev.toolgate.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The CLI's layers: reading files ({@code resources}) below checking them ({@code check}) below
 * rendering and running them ({@code render}, {@code dev}), and the commands on top. It reuses the
 * operator's rules and model and never its reconcilers or dependents, which need a cluster.
 */
class ArchitectureTest {

  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.toolgate.cli");

  @Test
  void packagesHaveNoCycles() {
    slices().matching("dev.toolgate.cli.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void lowerLayersDoNotReachUp() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.toolgate.cli.resources..", "dev.toolgate.cli.check..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.toolgate.cli.dev..", "dev.toolgate.cli.render..")
        .check(CLASSES);
    noClasses()
        .that()
        .resideInAPackage("dev.toolgate.cli.resources..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.toolgate.cli.check..")
        .check(CLASSES);
  }

  @Test
  void usesTheOperatorsRulesAndModelNotItsReconcilers() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.toolgate.operator.reconciler..",
            "dev.toolgate.operator.dependent..",
            "io.javaoperatorsdk..")
        .check(CLASSES);
  }
}
