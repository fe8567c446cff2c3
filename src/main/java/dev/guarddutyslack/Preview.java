package dev.guarddutyslack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.delivery.Deadline;
import dev.guarddutyslack.delivery.Ticker;
import dev.guarddutyslack.delivery.WebhookClient;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Json;
import dev.guarddutyslack.slack.FindingFormatter;
import dev.guarddutyslack.slack.SlackMessage;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Renders an event file (a bare EventBridge event or an SQS batch of them) into the exact JSON that would
 * be posted, with a link that opens it in Slack's Block Kit Builder, and posts it when a webhook variable
 * is set. No AWS account needed.
 *
 * <pre>./mvnw -q compile exec:java -Dexec.args=events/finding-high.json</pre>
 */
public final class Preview {
  static final String BUILDER = "https://app.slack.com/block-kit-builder/#";
  /** Time allowed for posting from the command line, retries included. */
  static final Duration POST_TIME = Duration.ofSeconds(60);

  private Preview() {}

  public static void main(String[] args) {
    int status = run(args, System.getenv(), System.out, System.err);
    System.exit(status);
  }

  /** @return 0 when everything rendered (and posted, if asked), 1 when a post failed, 2 for bad input */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length != 1) {
      err.println("usage: preview <event-file.json>   (a GuardDuty EventBridge event or an SQS batch of them)");
      return 2;
    }
    Path path = Path.of(args[0]);
    ObjectMapper mapper = Json.newMapper();
    JsonNode root;
    try {
      root = mapper.readTree(Files.readString(path, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      err.println("preview: no such file: " + path);
      return 2;
    } catch (JsonProcessingException e) {
      err.println("preview: " + path + " is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")");
      return 2;
    } catch (IOException e) {
      err.println("preview: cannot read " + path + ": " + e.getClass().getSimpleName());
      return 2;
    }
    Config config;
    try {
      config = Config.fromEnvironment(env);
    } catch (ConfigException e) {
      err.println("preview: " + e.getMessage());
      return 2;
    }
    List<Notifier.Input> inputs;
    try {
      inputs = Notifier.Input.allOf(mapper, root);
    } catch (IllegalArgumentException e) {
      err.println("preview: " + path + ": " + e.getMessage());
      return 2;
    }
    for (Notifier.Input input : inputs) {
      if (input.event() == null) {
        err.println("preview: " + path + ": record " + input.id() + ": " + input.parseError());
        return 2;
      }
    }
    FindingFormatter formatter = new FindingFormatter(config.accountNames());
    for (Notifier.Input input : inputs) {
      if (!render(mapper, formatter, input, out, err)) {
        return 2;
      }
    }
    if (config.envWebhooks().isEmpty()) {
      err.println("(not posted: set SLACK_WEBHOOK_URL or SLACK_WEBHOOK_URL_<BAND> to post)");
      return 0;
    }
    return post(mapper, config, inputs, err);
  }

  private static boolean render(ObjectMapper mapper, FindingFormatter formatter, Notifier.Input input,
                                PrintStream out, PrintStream err) {
    try {
      Notifier.Parsed parsed = Notifier.parse(mapper, input.event());
      if (parsed.finding() == null) {
        out.println("# " + input.id() + ": skipped, not a finding (detail-type \"" + parsed.event().detailType() + "\")");
        return true;
      }
      Finding finding = parsed.finding();
      if (finding.band().isEmpty()) {
        err.println("preview: " + input.id() + ": the finding has no numeric severity");
        return false;
      }
      SlackMessage message = formatter.format(finding);
      out.println("# " + input.id() + ": " + finding.band().get().name() + " " + finding.severity() + " "
          + finding.type());
      out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(message));
      ObjectNode builder = mapper.createObjectNode();
      builder.set("attachments", mapper.valueToTree(message.attachments()));
      out.println("Block Kit Builder: " + BUILDER
          + URLEncoder.encode(mapper.writeValueAsString(builder), StandardCharsets.UTF_8).replace("+", "%20"));
      return true;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      err.println("preview: " + input.id() + ": cannot read the finding: " + e.getClass().getSimpleName());
      return false;
    }
  }

  private static int post(ObjectMapper mapper, Config config, List<Notifier.Input> inputs, PrintStream err) {
    ExecutorService threads = Wiring.deliveryThreads();
    try {
      WebhookClient client = new WebhookClient(WebhookClient.newHttpClient(), Ticker.SYSTEM,
          WebhookClient.DEFAULT_MIN_INTERVAL);
      Notifier notifier = new Notifier(mapper, config, config::envWebhooks,
          new FindingFormatter(config.accountNames()), client, NotificationGate.ALWAYS,
          new Metrics(mapper, line -> { }, Clock.systemUTC()), new DecisionLog(mapper, err::println), threads,
          Ticker.SYSTEM);
      List<Notifier.Outcome> outcomes = notifier.process(inputs, Deadline.after(Ticker.SYSTEM, POST_TIME,
          Duration.ZERO));
      return outcomes.stream().allMatch(Notifier.Outcome::done) ? 0 : 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      threads.shutdownNow();
    }
  }
}
