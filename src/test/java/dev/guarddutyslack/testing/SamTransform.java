package dev.guarddutyslack.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A template after the {@code AWS::Serverless-2016-10-31} transform, made by the SAM translator that
 * {@code sam deploy} and cfn-lint use ({@code src/test/python/sam_transform.py}). Skips the calling test,
 * visibly, where the translator is not installed ({@code pip install cfn-lint} brings it).
 */
public final class SamTransform {
  private static final Path SCRIPT = Fixtures.BASE.resolve("src/test/python/sam_transform.py");

  private SamTransform() {}

  public static Template transform(String templateFile, Map<String, String> parameters) {
    boolean installed = pythonCan("import samtranslator");
    if (!installed) {
      System.out.println("SKIPPED: the SAM translator (python3 -c 'import samtranslator') is not installed;"
          + " the transformed-template checks did not run");
    }
    assumeTrue(installed, "the SAM translator is not installed");
    try {
      Path out = Files.createTempFile("transformed", ".json");
      Path err = Files.createTempFile("transform", ".err");
      Process process = new ProcessBuilder("python3", SCRIPT.toString(), Fixtures.BASE.resolve(templateFile).toString(),
          TestApp.MAPPER.writeValueAsString(parameters))
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError("the SAM transform of " + templateFile + " failed: "
            + Files.readString(err, StandardCharsets.UTF_8));
      }
      JsonNode root = TestApp.MAPPER.readTree(out.toFile());
      Files.delete(out);
      Files.delete(err);
      return Template.of(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static boolean pythonCan(String statement) {
    return Commands.succeed("python3", "-c", statement);
  }
}
