package dev.guarddutyslack.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the tests find the real tools they run, as a user would have them: on the {@code PATH} first, then beside
 * the project under {@code ../shared/tools} (SAM CLI only). An explicit {@code SAM_CLI} names SAM CLI outright (the
 * GitHub workflow installs it in a virtualenv of its own).
 */
public final class Tools {
  private static final String CFN_LINT_MAIN =
      "import sys; from cfnlint.runner import main; sys.argv[0] = 'cfn-lint'; sys.exit(main())";

  private Tools() {}

  /** An executable of that name on the {@code PATH}, as a shell would find it. */
  public static Optional<Path> onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The AWS SAM CLI: {@code SAM_CLI}, else {@code sam} on the PATH, else {@code ../shared/tools/sam-cli/sam}. */
  public static Path sam() {
    String named = System.getenv("SAM_CLI");
    if (named != null && !named.isBlank()) {
      return Path.of(named);
    }
    return onPath("sam").orElse(Fixtures.BASE.resolve("../shared/tools/sam-cli/sam").normalize());
  }

  /**
   * The Python that has moto's server: the interpreter of {@code moto_server} on the PATH (its {@code #!} line),
   * else {@code python3}; empty when neither can import it.
   */
  public static Optional<String> motoPython() {
    List<String> candidates = new ArrayList<>();
    onPath("moto_server").flatMap(Tools::interpreter).ifPresent(candidates::add);
    candidates.add("python3");
    for (String python : candidates) {
      if (Commands.succeed(python, "-c", "import moto.server, werkzeug")) {
        return Optional.of(python);
      }
    }
    return Optional.empty();
  }

  /** cfn-lint as a command: {@code cfn-lint} on the PATH, else through a {@code python3} that has it; else empty. */
  public static Optional<List<String>> cfnLint() {
    Optional<Path> onPath = onPath("cfn-lint");
    if (onPath.isPresent() && Commands.succeed(onPath.get().toString(), "--version")) {
      return Optional.of(List.of(onPath.get().toString()));
    }
    if (Commands.succeed("python3", "-c", "import cfnlint")) {
      return Optional.of(List.of("python3", "-c", CFN_LINT_MAIN));
    }
    return Optional.empty();
  }

  /** A script's Python interpreter from its {@code #!} line ({@code #!/usr/bin/env python3} too); empty if none. */
  private static Optional<String> interpreter(Path script) {
    try {
      String first = Files.readAllLines(script).stream().findFirst().orElse("");
      if (!first.startsWith("#!") || !first.contains("python")) {
        return Optional.empty();
      }
      String[] words = first.substring(2).trim().split("\\s+");
      return Optional.of(words[0].endsWith("/env") && words.length > 1 ? words[1] : words[0]);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
