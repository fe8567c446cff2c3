package dev.guarddutyslack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each template is clean under cfn-lint, which checks it against CloudFormation's resource specification
 * after the SAM transform. Skipped, visibly, where cfn-lint is not installed.
 */
class CfnLintTest {
  /** cfn-lint's own entry point, through the python3 that has it installed. */
  private static final String CFN_LINT =
      "import sys; from cfnlint.runner import main; sys.argv[0] = 'cfn-lint'; sys.exit(main())";

  @ParameterizedTest
  @ValueSource(strings = {"template.yaml", "forwarder.yaml"})
  void theTemplateLintsClean(String file) throws Exception {
    boolean installed = SamTransform.pythonCan("import cfnlint");
    if (!installed) {
      System.out.println("SKIPPED: cfn-lint is not installed (pip install cfn-lint); " + file + " was not linted");
    }
    assumeTrue(installed, "cfn-lint is not installed");
    Path out = Files.createTempFile("cfn-lint", ".txt");
    Process lint = new ProcessBuilder("python3", "-c", CFN_LINT, Fixtures.BASE.resolve(file).toString())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(lint.waitFor(180, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();
    String report = Files.readString(out, StandardCharsets.UTF_8);
    Files.delete(out);
    assertThat(lint.exitValue()).as("cfn-lint " + file + ":\n" + report).isZero();
  }
}
