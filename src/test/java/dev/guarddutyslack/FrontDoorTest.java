package dev.guarddutyslack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.Readme;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README as a front door: short, deploy instructions near the top, the two set-up commands true, and every
 * link of every page pointing at a file and heading that exist.
 */
class FrontDoorTest {
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

  @Test
  void theReadmeIsShortAndDeploysFirst() {
    List<String> lines = Readme.text().lines().toList();
    assertThat(lines).as("README lines").hasSizeLessThanOrEqualTo(250);
    assertThat(lines.indexOf("## Deploy quick start")).as("the line of the deploy quick start")
        .isBetween(0, 59);
    // The quick start says to type the webhook at the first parameter SAM CLI asks: the template's first.
    assertThat(Readme.text()).contains("**WebhookUrl**, the first parameter");
    assertThat(dev.guarddutyslack.testing.Template.load().root().path("Parameters").fieldNames().next())
        .isEqualTo("WebhookUrl");
  }

  /** The two set-up commands: the first previews a fixture (run here as the command runs it), the second tests. */
  @Test
  void theTwoSetUpCommandsAreTrue() {
    List<String> commands = Readme.block("setup-commands").lines().filter(l -> !l.isBlank())
        .map(l -> l.replaceAll("\\s+#.*$", "")).toList();
    assertThat(commands).containsExactly(
        "./mvnw -q compile exec:java -Dexec.args=events/finding-high.json", "./mvnw verify");
    assertThat(Fixtures.read(Fixtures.BASE.resolve(".ci/run"))).as("what CI runs").contains("./mvnw verify");
    assertThat(Fixtures.read(Fixtures.BASE.resolve("CONTRIBUTING.md"))).contains(commands);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Preview.run(new String[] {Fixtures.BASE.resolve("events/finding-high.json").toString()}, Map.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"blocks\"", "app.slack.com/block-kit-builder");
  }

  @Test
  void everyLinkOfEveryPageReachesAFileAndHeading() {
    List<String> broken = new ArrayList<>();
    for (Path page : Readme.pages()) {
      Matcher link = LINK.matcher(Fixtures.read(page).replaceAll("(?s)```.*?```", ""));
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("^(https?|mailto):.*")) {
          continue;
        }
        String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
          broken.add(Fixtures.BASE.relativize(page) + ": " + target + " (no such file)");
        } else if (target.contains("#") && resolved.toString().endsWith(".md")
            && !anchors(Fixtures.read(resolved)).contains(target.substring(target.indexOf('#') + 1))) {
          broken.add(Fixtures.BASE.relativize(page) + ": " + target + " (no such heading)");
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  /**
   * The Slack app manifests use only the fields of Slack's app manifest schema, and ask for what their mode needs
   * alone: incoming webhooks; and for app mode, posting as the app too.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "docs/slack-app-manifest.yaml|[\"incoming-webhook\"]",
      "docs/slack-app-manifest-app-mode.yaml|[\"chat:write\",\"incoming-webhook\"]"})
  void theSlackAppManifestsAskForWhatTheirModeNeedsAlone(String file, String scopes) throws Exception {
    JsonNode manifest = new com.fasterxml.jackson.databind.ObjectMapper(
        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(Fixtures.BASE.resolve(file).toFile());
    // The fields Slack documents for a manifest (the app manifest reference; @slack/web-api's Manifest type).
    Map<String, Set<String>> schema = Map.of(
        "", Set.of("_metadata", "display_information", "features", "oauth_config", "settings", "functions"),
        "_metadata", Set.of("major_version", "minor_version"),
        "display_information", Set.of("name", "description", "background_color", "long_description"),
        "oauth_config", Set.of("redirect_urls", "scopes", "token_management_enabled"),
        "oauth_config.scopes", Set.of("bot", "user"),
        "settings", Set.of("allowed_ip_address_ranges", "event_subscriptions", "incoming_webhooks", "interactivity",
            "org_deploy_enabled", "socket_mode_enabled", "token_rotation_enabled", "function_runtime"),
        "settings.interactivity", Set.of("is_enabled", "request_url", "message_menu_options_url"));
    List<String> unknown = new ArrayList<>();
    check(manifest, "", schema, unknown);
    assertThat(unknown).as("fields Slack's manifest does not have").isEmpty();
    assertThat(manifest.at("/oauth_config/scopes/bot").toString()).isEqualTo(scopes);
    assertThat(manifest.at("/oauth_config/scopes").has("user")).isFalse();
    assertThat(manifest.at("/settings/interactivity/request_url").asText()).startsWith("https://");
  }

  private static void check(JsonNode node, String path, Map<String, Set<String>> schema, List<String> unknown) {
    Set<String> fields = schema.get(path);
    if (fields == null || !node.isObject()) {
      return;
    }
    node.fieldNames().forEachRemaining(name -> {
      String at = path.isEmpty() ? name : path + "." + name;
      if (!fields.contains(name)) {
        unknown.add(at);
      }
      check(node.get(name), at, schema, unknown);
    });
  }

  /** GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as hyphens. */
  private static Set<String> anchors(String markdown) {
    Set<String> anchors = new HashSet<>();
    Matcher heading = HEADING.matcher(markdown.replaceAll("(?s)```.*?```", ""));
    while (heading.find()) {
      anchors.add(heading.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
          .replace(' ', '-'));
    }
    return anchors;
  }
}
