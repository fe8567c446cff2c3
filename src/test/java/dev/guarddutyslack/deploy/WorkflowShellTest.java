package dev.guarddutyslack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.guarddutyslack.testing.Commands;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.SamCliTool;
import dev.guarddutyslack.testing.Workflows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every {@code run:} block of every workflow, and the CI script, pass ShellCheck as GitHub runs them (bash
 * with {@code -e}; {@code ${{ }}} expressions replaced before the shell sees them). {@code .ci/run} installs
 * ShellCheck where it can; elsewhere this is skipped with a {@code SKIPPED:} line.
 *
 * @see <a href="https://www.shellcheck.net/wiki/">ShellCheck</a>
 */
class WorkflowShellTest {

  @Test
  void everyRunBlockAndTheCiScriptPassShellcheck() throws IOException {
    requireShellcheck();
    List<String> findings = new ArrayList<>();
    for (Workflows.RunBlock block : Workflows.runBlocks()) {
      String report = shellcheck(Workflows.asScript(block.script()));
      if (!report.isBlank()) {
        findings.add(block.workflow() + " / " + block.job() + " / " + block.step() + ":\n" + report);
      }
    }
    String ci = shellcheck(Files.readString(Fixtures.BASE.resolve(".ci/run")));
    if (!ci.isBlank()) {
      findings.add(".ci/run:\n" + ci);
    }
    assertThat(findings).as(String.join("\n", findings)).isEmpty();
    assertThat(Workflows.runBlocks()).as("the workflows have shell to check").hasSizeGreaterThan(5);
  }

  /** The checker finds what it should: an unquoted variable and the pipe that failed releases at random. */
  @Test
  void shellcheckFlagsWhatItShould() throws IOException {
    requireShellcheck();
    assertThat(shellcheck("#!/usr/bin/env bash\nrm -rf $DIR/build\n")).contains("SC2086");
  }

  private static void requireShellcheck() {
    boolean installed = Commands.succeed("shellcheck", "--version");
    if (!installed) {
      System.out.println("SKIPPED: ShellCheck is not installed (apt-get install shellcheck, as .ci/run does);"
          + " the workflows' shell was not checked");
    }
    assumeTrue(installed, "ShellCheck is not installed");
  }

  private static String shellcheck(String script) throws IOException {
    Path file = Files.createTempFile("run", ".sh");
    Files.writeString(file, script);
    try {
      SamCliTool.Result result = SamCliTool.exec(List.of("shellcheck", "--shell=bash", "--format=gcc",
          file.toString()), Fixtures.BASE, Map.of(), Duration.ofSeconds(60));
      return result.exit() == 0 ? "" : result.output();
    } finally {
      Files.delete(file);
    }
  }
}
