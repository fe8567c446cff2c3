package dev.guarddutyslack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.SamTransform;
import dev.guarddutyslack.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each template, and each template a release ships, is clean under cfn-lint with its informational rules on,
 * for a commercial region, the two commercial regions without SnapStart, GovCloud and China: cfn-lint checks
 * it against each region's resource specification after the SAM transform. Skipped, visibly, where cfn-lint
 * is not installed.
 */
@Execution(ExecutionMode.CONCURRENT)
class CfnLintTest {
  static final List<String> REGIONS = List.of("us-east-1", "ap-east-2", "ap-southeast-6", "us-gov-west-1", "cn-north-1");

  @ParameterizedTest
  @ValueSource(strings = {"template.yaml", "forwarder.yaml", "release", "release --existing-secret",
      "release --existing-secret --for-publishing"})
  void theTemplateLintsCleanInEveryKindOfRegion(String which) throws Exception {
    java.util.Optional<List<String>> cfnLint = Tools.cfnLint();
    boolean installed = cfnLint.isPresent();
    if (!installed) {
      System.out.println("SKIPPED: cfn-lint is not installed (pip install cfn-lint); " + which + " was not linted");
    }
    assumeTrue(installed, "cfn-lint is not installed");
    Path file = which.startsWith("release") ? releaseTemplate(which.substring("release".length()).strip())
        : Fixtures.BASE.resolve(which);
    List<String> command = new ArrayList<>(cfnLint.get());
    command.addAll(List.of("-c", "I", "--regions"));
    command.addAll(REGIONS);
    command.addAll(List.of("--", file.toString()));
    Path out = Files.createTempFile("cfn-lint", ".txt");
    Process lint = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(lint.waitFor(180, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();
    String report = Files.readString(out, StandardCharsets.UTF_8);
    Files.delete(out);
    assertThat(lint.exitValue()).as("cfn-lint " + which + ":\n" + report).isZero();
  }

  private static Path releaseTemplate(String flags) throws Exception {
    assumeTrue(SamTransform.pythonCan("import samtranslator, yaml"), "the SAM translator is not installed");
    List<String> command = new ArrayList<>(List.of("python3", ".github/scripts/release_template.py",
        Fixtures.projectVersion()));
    if (!flags.isEmpty()) {
      command.addAll(List.of(flags.split(" ")));
    }
    command.add("template.yaml");
    Path file = Files.createTempFile("release", ".yaml");
    Process process = new ProcessBuilder(command).directory(Fixtures.BASE.toFile()).redirectOutput(file.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    return file;
  }
}
