package dev.toolgate.operator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pure layers stay pure: the object model, validation, status and routing know nothing of the
 * Kubernetes client or JOSDK, so they are unit-testable and reusable (a webhook, a CLI).
 */
class ArchitectureTest {

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.toolgate.operator");
  }

  @Test
  void pureLayersUseNeitherTheClientNorJosdk() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.toolgate.operator.model..",
            "dev.toolgate.operator.validation..",
            "dev.toolgate.operator.status..",
            "dev.toolgate.operator.routing..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.fabric8.kubernetes.client..", "io.javaoperatorsdk..")
        .check(classes);
  }

  @Test
  void theModelDependsOnNothingElseOfTheOperator() {
    noClasses()
        .that()
        .resideInAPackage("dev.toolgate.operator.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.toolgate.operator.dependent..",
            "dev.toolgate.operator.reconciler..",
            "dev.toolgate.operator.runtime..",
            "dev.toolgate.operator.status..",
            "dev.toolgate.operator.routing..")
        .check(classes);
  }

  @Test
  void onlyTheRuntimeWiresControllers() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.toolgate.operator.runtime..", "dev.toolgate.operator")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.javaoperatorsdk.operator.Operator")
        .check(classes);
  }
}
