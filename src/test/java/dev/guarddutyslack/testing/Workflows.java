package dev.guarddutyslack.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The GitHub workflows, read as YAML: their jobs, steps and the shell of their {@code run:} blocks. */
public final class Workflows {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  public static final Path DIR = Fixtures.BASE.resolve(".github/workflows");

  private Workflows() {}

  /** One step's shell: where it is, and its script. */
  public record RunBlock(String workflow, String job, String step, String script) {}

  public static JsonNode read(String file) {
    try {
      return YAML.readTree(DIR.resolve(file).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<String> files() {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every {@code run:} block of every workflow. */
  public static List<RunBlock> runBlocks() {
    List<RunBlock> blocks = new ArrayList<>();
    for (String file : files()) {
      read(file).path("jobs").properties().forEach(job -> job.getValue().path("steps").forEach(step -> {
        if (step.has("run")) {
          blocks.add(new RunBlock(file, job.getKey(), step.path("name").asText(step.path("run").asText()),
              step.path("run").asText()));
        }
      }));
    }
    return blocks;
  }

  /** The {@code run:} block of the step with this name. */
  public static String run(String file, String job, String stepName) {
    for (JsonNode step : read(file).path("jobs").path(job).path("steps")) {
      if (stepName.equals(step.path("name").asText())) {
        return step.path("run").asText();
      }
    }
    throw new AssertionError(file + " has no step '" + stepName + "' in job " + job);
  }

  /**
   * A script as GitHub runs a {@code run:} block on Linux: bash with {@code -e} (the runner's default shell,
   * {@code bash -e {0}}), with each {@code ${{ … }}} expression already replaced by the runner; here by an
   * empty variable, as actionlint does for its ShellCheck pass.
   *
   * @see <a href="https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#defaultsrunshell">Default shell</a>
   */
  public static String asScript(String run) {
    String script = run.replaceAll("\\$\\{\\{[^}]*}}", "\\${GITHUB_EXPRESSION}");
    assertThat(script).doesNotContain("${{");
    return "#!/usr/bin/env bash\nset -e\n" + script;
  }
}
