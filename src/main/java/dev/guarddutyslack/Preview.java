package dev.guarddutyslack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.core.Notifier;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.invocation.Invocation;
import dev.guarddutyslack.invocation.Invocations;
import dev.guarddutyslack.json.JsonTree;
import dev.guarddutyslack.outcome.Input;
import dev.guarddutyslack.outcome.Outcome;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.wiring.NotifierApp;
import dev.guarddutyslack.wiring.NotifierWiring;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    NotifierApp built;
    try {
      built = NotifierWiring.local(env, err::println);
    } catch (ConfigException e) {
      err.println("preview: " + e.getMessage());
      return 2;
    }
    try (NotifierApp app = built) {
      Invocation invocation = read(app, path, err);
      if (invocation == null) {
        return 2;
      }
      for (Input input : invocation.inputs()) {
        if (!render(app, input, out, err)) {
          return 2;
        }
      }
      if (app.settings().webhooks().fromEnvironment().isEmpty()) {
        err.println("(not posted: set SLACK_WEBHOOK_URL or SLACK_WEBHOOK_URL_<BAND> to post)");
        return 0;
      }
      app.notifier().checkDestinations();
      List<Outcome> outcomes = app.notifier().process(invocation.inputs(),
          Deadline.after(app.ticker(), POST_TIME, Duration.ZERO));
      return outcomes.stream().allMatch(Outcome::done) ? 0 : 1;
    } catch (ConfigException e) {
      err.println("preview: " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** The file as an invocation, or null with a one-line error. */
  private static Invocation read(NotifierApp app, Path path, PrintStream err) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
      JsonTree.read(app.json(), bytes);
    } catch (NoSuchFileException e) {
      err.println("preview: no such file: " + path);
      return null;
    } catch (JsonProcessingException e) {
      err.println("preview: " + path + " is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")");
      return null;
    } catch (IOException e) {
      err.println("preview: cannot read " + path + ": " + e.getClass().getSimpleName());
      return null;
    }
    try {
      return Invocations.read(app.json(), new ByteArrayInputStream(bytes));
    } catch (IllegalArgumentException | IOException e) {
      err.println("preview: " + path + ": " + e.getMessage());
      return null;
    }
  }

  private static boolean render(NotifierApp app, Input input, PrintStream out, PrintStream err) {
    if (input.event() instanceof ParsedEvent.Unreadable unreadable) {
      err.println("preview: record " + input.id() + ": " + unreadable.reason());
      return false;
    }
    if (input.event() instanceof ParsedEvent.NotAFinding other) {
      out.println("# " + input.id() + ": skipped, not a finding (detail-type \"" + other.detailType() + "\")");
      return true;
    }
    if (input.event() instanceof ParsedEvent.DigestDue due) {
      out.println("# " + input.id() + ": the trigger of " + due.destination() + "'s digest for the window from "
          + due.windowStart() + " (" + due.window().toMinutes() + " min); the deployed function posts it");
      return true;
    }
    if (input.event() instanceof ParsedEvent.ConsoleChangeEvent console) {
      out.println("# " + input.id() + ": skipped: " + console.change().findingIds().size() + " finding(s) "
          + console.change().action() + " in the GuardDuty console, not a finding; in app mode the deployed function"
          + " edits their messages (docs/app-mode.md)");
      return true;
    }
    if (input.event() instanceof ParsedEvent.ScanResultEvent
        && app.notifier().decide(input) instanceof Notifier.Verdict.Finished finished) {
      out.println("# " + input.id() + ": " + finished.outcome().decision().label() + ": " + finished.outcome().reason());
      return true;
    }
    Finding finding = input.event() instanceof ParsedEvent.ScanResultEvent scan ? scan.finding()
        : ((ParsedEvent.FindingEvent) input.event()).finding();
    if (finding.band().isEmpty()) {
      err.println("preview: " + input.id() + ": the finding has no numeric severity");
      return false;
    }
    Severity band = finding.band().get();
    try {
      JsonNode message = JsonTree.read(app.json(), app.rendering().writer().write(app.rendering().formatter().format(finding)));
      out.println("# " + input.id() + ": " + band.name() + " " + finding.severity() + " " + finding.type());
      out.println("# " + routing(app, input, finding, band));
      out.println(message.toPrettyString());
      ObjectNode builder = JsonNodeFactory.instance.objectNode();
      builder.set("attachments", message.get("attachments"));
      out.println("Block Kit Builder: " + BUILDER
          + URLEncoder.encode(builder.toString(), StandardCharsets.UTF_8).replace("+", "%20"));
      return true;
    } catch (IOException | IllegalArgumentException e) {
      err.println("preview: " + input.id() + ": cannot render the finding: " + e.getClass().getSimpleName());
      return false;
    }
  }

  /**
   * What the function would do with the finding: filtered below the minimum severity, muted, or where the
   * rules and the band send it ({@code routed by rule 'on-call' to ONCALL (@here), CRITICAL (@here)}).
   */
  private static String routing(NotifierApp app, Input input, Finding finding, Severity band) {
    if (app.notifier().decide(input) instanceof Notifier.Verdict.Finished finished) {
      return finished.outcome().decision().label() + ": " + finished.outcome().reason();
    }
    return app.notifier().routes().route(finding, band, LocalDate.now(ZoneOffset.UTC))
        .describe(Optional.of(band.key()));
  }
}
