package dev.guarddutyslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.testing.AwsCli;
import dev.guarddutyslack.testing.BuiltCheckout;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.SamCliTool;
import dev.guarddutyslack.testing.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A release as users get it. The release workflow's packaging step runs as written on a real {@code sam build}
 * (under {@code pipefail}, where a listing piped into {@code grep -q} could fail at random); then, in a folder
 * holding only what the README downloads (zip, template, {@code SHA256SUMS}), the checksums check and the real
 * {@code sam package} uploads the zip to S3 on moto, as {@code sam deploy} does before it creates the stack.
 * SAM CLI exports the template's Metadata artifacts first, so a template still naming the repository's
 * {@code LICENSE} stops there ({@code samcli/lib/package/artifact_exporter.py}).
 */
@ExtendWith(Moto.class)
@Execution(ExecutionMode.CONCURRENT)
class ReleasePackageTest {
  private static final String BUCKET = "release-deploys";
  private static boolean bucketMade;

  private static synchronized void bucket() {
    if (!bucketMade) {
      AwsCli.aws(Moto.REGION, "s3api", "create-bucket", "--bucket", BUCKET, "--create-bucket-configuration",
          "LocationConstraint=" + Moto.REGION);
      bucketMade = true;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-existing-secret"})
  void aReleaseDeploysFromItsDownloadedFilesAlone(String variant) throws IOException {
    Path dist = BuiltCheckout.releaseFiles();
    String version = Fixtures.projectVersion();
    AwsCli.require("the release deploy");
    bucket();
    String template = "guardduty-slack-" + version + variant + ".yaml";
    {
      Path downloads = Files.createTempDirectory("downloads");
      for (String file : List.of("guardduty-slack-" + version + ".zip", template, "SHA256SUMS")) {
        Files.copy(dist.resolve(file), downloads.resolve(file));
      }
      SamCliTool.Result sums = SamCliTool.exec(List.of("sha256sum", "--check", "--ignore-missing", "SHA256SUMS"),
          downloads, Map.of(), Duration.ofSeconds(30));
      assertThat(sums.exit()).as(sums.output()).isZero();

      SamCliTool.Result pack = samPackage(downloads, template);
      assertThat(pack.exit()).as(template + ":\n" + pack.output()).isZero();
      JsonNode packaged = Template.load(downloads.resolve("packaged.yaml").toString()).root();
      String codeUri = packaged.at("/Resources/NotifierFunction/Properties/CodeUri").asText();
      assertThat(codeUri).startsWith("s3://" + BUCKET + "/");
      String size = AwsCli.aws(Moto.REGION, "s3api", "head-object", "--bucket", BUCKET, "--key",
          codeUri.substring(("s3://" + BUCKET + "/").length()), "--query", "ContentLength", "--output", "text");
      assertThat(Long.parseLong(size.strip())).as("the zip was uploaded whole")
          .isEqualTo(Files.size(downloads.resolve("guardduty-slack-" + version + ".zip")));
    }
  }

  /** The failure the release used to have: the same folder with the repository's metadata left in. */
  @Test
  void aTemplateNamingTheRepositorysLicenceCannotBeDeployedFromDownloadsAlone() throws IOException {
    Path dist = BuiltCheckout.releaseFiles();
    String version = Fixtures.projectVersion();
    AwsCli.require("the release deploy");
    Path downloads = Files.createTempDirectory("downloads");
    Files.copy(dist.resolve("guardduty-slack-" + version + ".zip"), downloads.resolve("guardduty-slack-" + version + ".zip"));
    String template = Files.readString(dist.resolve("guardduty-slack-" + version + ".yaml"));
    assertThat(template).doesNotContain("LicenseUrl", "ReadmeUrl", "AWS::ServerlessRepo::Application");
    Files.writeString(downloads.resolve("with-metadata.yaml"), template.replaceFirst("\nMetadata:\n",
        "\nMetadata:\n  AWS::ServerlessRepo::Application:\n    Name: guardduty-slack\n    LicenseUrl: LICENSE\n"));
    SamCliTool.Result pack = samPackage(downloads, "with-metadata.yaml");
    assertThat(pack.exit()).isNotZero();
    assertThat(pack.output()).contains("LICENSE");
  }

  private static SamCliTool.Result samPackage(Path dir, String template) {
    Map<String, String> env = new HashMap<>(AwsCli.environment(Moto.environment()));
    return SamCliTool.run(dir, env, Duration.ofMinutes(3), "package", "--template-file", template, "--s3-bucket",
        BUCKET, "--output-template-file", "packaged.yaml", "--region", Moto.REGION);
  }
}
