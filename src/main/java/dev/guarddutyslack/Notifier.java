package dev.guarddutyslack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guarddutyslack.delivery.Deadline;
import dev.guarddutyslack.delivery.Delivery;
import dev.guarddutyslack.delivery.SlackDeliveryException;
import dev.guarddutyslack.delivery.Ticker;
import dev.guarddutyslack.delivery.WebhookClient;
import dev.guarddutyslack.guardduty.EventBridgeEvent;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.slack.FindingFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import okhttp3.HttpUrl;

/**
 * The decision for each input: parse, band, filter, route, format, post, log. Posts for one webhook go
 * in input order, one after another; different webhooks are served at the same time, so one band's rate
 * limit does not hold up another's.
 */
public final class Notifier {
  private final ObjectMapper mapper;
  private final Config config;
  private final WebhookSource webhookSource;
  private final FindingFormatter formatter;
  private final WebhookClient client;
  private final NotificationGate gate;
  private final Metrics metrics;
  private final DecisionLog log;
  private final ExecutorService executor;
  private final Ticker ticker;

  public Notifier(ObjectMapper mapper, Config config, WebhookSource webhookSource, FindingFormatter formatter,
                  WebhookClient client, NotificationGate gate, Metrics metrics, DecisionLog log,
                  ExecutorService executor, Ticker ticker) {
    this.mapper = mapper;
    this.config = config;
    this.webhookSource = webhookSource;
    this.formatter = formatter;
    this.client = client;
    this.gate = gate;
    this.metrics = metrics;
    this.log = log;
    this.executor = executor;
    this.ticker = ticker;
  }

  /** An event and, when it is a GuardDuty finding, the finding it carries (null otherwise). */
  public record Parsed(EventBridgeEvent<JsonNode> event, Finding finding) {}

  /**
   * Reads an event's envelope and, for a finding, its detail.
   *
   * @throws IllegalArgumentException when the envelope or a finding's detail cannot be read
   */
  public static Parsed parse(ObjectMapper mapper, JsonNode json) {
    EventBridgeEvent<JsonNode> event = EventBridgeEvent.from(json);
    if (!event.isFinding()) {
      return new Parsed(event, null);
    }
    if (event.detail() == null || !event.detail().isObject()) {
      throw new IllegalArgumentException("the event has no detail object");
    }
    try {
      return new Parsed(event, mapper.treeToValue(event.detail(), Finding.class));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  /** One input: an id to report it by (SQS message id or event id) and its event, or why it has none. */
  public record Input(String id, JsonNode event, String parseError) {
    public static Input of(String id, JsonNode event) {
      return new Input(id, event, null);
    }

    public static Input unparseable(String id, String why) {
      return new Input(id, null, why);
    }

    /**
     * The inputs of one invocation: each record of an SQS batch (by message id, its body parsed), or the bare
     * EventBridge event itself (by event id).
     *
     * @throws IllegalArgumentException when the input is neither, or a record cannot be reported back
     */
    public static List<Input> allOf(ObjectMapper mapper, JsonNode root) {
      if (root.has("Records")) {
        JsonNode records = root.get("Records");
        if (!records.isArray()) {
          throw new IllegalArgumentException("Records is not an array");
        }
        List<Input> inputs = new ArrayList<>();
        for (JsonNode record : records) {
          String messageId = record.path("messageId").asText(null);
          if (messageId == null) {
            throw new IllegalArgumentException("an SQS record has no messageId, so its failure could not be reported");
          }
          inputs.add(body(mapper, messageId, record.get("body")));
        }
        return inputs;
      }
      if (root.has("detail-type")) {
        return List.of(of(root.path("id").asText("event"), root));
      }
      throw new IllegalArgumentException(
          "the input is neither an SQS batch (Records) nor an EventBridge event (detail-type)");
    }

    /** An SQS record's body: an EventBridge event as JSON text; anything else is unparseable, alone. */
    private static Input body(ObjectMapper mapper, String messageId, JsonNode body) {
      if (body == null || body.isNull()) {
        return unparseable(messageId, "the message has no body");
      }
      if (!body.isTextual()) {
        return unparseable(messageId, "the message body is not text");
      }
      JsonNode event;
      try {
        event = mapper.readTree(body.asText());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        return unparseable(messageId, "the message body is not JSON");
      }
      if (event == null || event.isMissingNode()) {
        return unparseable(messageId, "the message body is empty");
      }
      if (!event.isObject()) {
        return unparseable(messageId, "the message body is JSON but not an object (" + kind(event) + ")");
      }
      return of(messageId, event);
    }

    private static String kind(JsonNode node) {
      return switch (node.getNodeType()) {
        case ARRAY -> "an array";
        case NULL -> "null";
        case BOOLEAN -> "a boolean";
        case NUMBER -> "a number";
        case STRING -> "a string";
        default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
      };
    }
  }

  /** What became of one input: its id, the decision and why (null for a plain first post). */
  public record Outcome(String id, Decision decision, String reason) {
    /** Whether the input is finished with; otherwise it is reported for a retry. */
    public boolean done() {
      return decision.done();
    }
  }

  /**
   * Decides and delivers every input.
   *
   * @return what became of each input, in input order
   */
  public List<Outcome> process(List<Input> inputs, Deadline deadline) throws InterruptedException {
    Outcome[] outcomes = new Outcome[inputs.size()];
    List<Job> jobs = new ArrayList<>();
    Webhooks webhooks = null;
    String webhooksProblem = null;
    for (int i = 0; i < inputs.size(); i++) {
      Input input = inputs.get(i);
      Job job = decide(i, input, outcomes);
      if (job == null) {
        continue;
      }
      if (webhooks == null && webhooksProblem == null) {
        try {
          webhooks = webhookSource.webhooks();
        } catch (ConfigException | WebhookSource.WebhooksUnavailableException e) {
          webhooksProblem = e.getMessage();
        }
      }
      if (webhooksProblem != null) {
        outcomes[i] = reject(input, job.finding, "webhooks unavailable: " + webhooksProblem);
        continue;
      }
      Optional<HttpUrl> url = webhooks.forBand(job.band);
      if (url.isEmpty()) {
        outcomes[i] = record(Decision.SKIPPED, "no webhook for band " + job.band.name(), input, job.finding,
            null, null, 0L);
        continue;
      }
      jobs.add(job.to(url.get()));
    }
    deliver(jobs, deadline, outcomes);
    metrics.flush();
    return List.of(outcomes);
  }

  /** The job for an input that is to be posted, or null with its outcome written. */
  private Job decide(int index, Input input, Outcome[] outcomes) {
    if (input.event() == null) {
      outcomes[index] = reject(input, null, "unparseable: " + input.parseError());
      return null;
    }
    Parsed parsed;
    try {
      parsed = parse(mapper, input.event());
    } catch (IllegalArgumentException e) {
      outcomes[index] = reject(input, null, "unparseable: " + firstLine(e.getMessage()));
      return null;
    }
    if (parsed.finding() == null) {
      outcomes[index] = record(Decision.SKIPPED, "not a finding: detail-type " + quoted(parsed.event().detailType())
          + " from " + quoted(parsed.event().source()), input, null, null, null, 0L);
      return null;
    }
    Finding finding = parsed.finding();
    Optional<Severity> band = finding.band();
    if (band.isEmpty()) {
      outcomes[index] = reject(input, finding, "unparseable: the finding has no numeric severity");
      return null;
    }
    if (finding.severity() < config.minSeverity()) {
      outcomes[index] = record(Decision.FILTERED, "severity below minimum " + config.minSeverity(), input, finding,
          null, null, 0L);
      return null;
    }
    return new Job(index, input, finding, band.get(), null);
  }

  private void deliver(List<Job> jobs, Deadline deadline, Outcome[] outcomes) throws InterruptedException {
    Map<HttpUrl, List<Job>> byWebhook = new LinkedHashMap<>();
    for (Job job : jobs) {
      byWebhook.computeIfAbsent(job.webhook, k -> new ArrayList<>()).add(job);
    }
    List<Future<?>> running = new ArrayList<>();
    for (List<Job> queue : byWebhook.values()) {
      running.add(executor.submit(() -> {
        for (Job job : queue) {
          outcomes[job.index] = deliverOne(job, deadline);
        }
        return null;
      }));
    }
    for (Future<?> future : running) {
      try {
        future.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("delivery failed unexpectedly", e.getCause());
      }
    }
  }

  private Outcome deliverOne(Job job, Deadline deadline) throws InterruptedException {
    long start = ticker.nanoTime();
    NotificationGate.Claim claim;
    try {
      claim = gate.claim(job.finding, job.band, deadline);
    } catch (RuntimeException e) {
      return record(Decision.FAILED, "deduplication store unavailable: " + e.getClass().getSimpleName(),
          job.input, job.finding, null, null, millisSince(start));
    }
    if (claim instanceof NotificationGate.Claim.Refused refused) {
      return record(Decision.SUPPRESSED, refused.reason(), job.input, job.finding, null, null, millisSince(start));
    }
    if (claim instanceof NotificationGate.Claim.Busy busy) {
      return record(Decision.DEFERRED, busy.reason(), job.input, job.finding, null, null, millisSince(start));
    }
    NotificationGate.Claim.Granted granted = (NotificationGate.Claim.Granted) claim;
    Optional<FindingFormatter.PreviousNotification> previous = granted.previous()
        .map(p -> new FindingFormatter.PreviousNotification(p.band(), p.notifiedAt()));
    String reason = granted.previous().map(p -> p.band().ordinal() < job.band.ordinal()
        ? "re-notification: band rose from " + p.band().name() : "re-notification: still active").orElse(null);
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(formatter.format(job.finding, previous));
    } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
      releaseQuietly(granted, deadline);
      return record(Decision.FAILED, "could not format: " + e.getClass().getSimpleName(), job.input, job.finding,
          null, null, millisSince(start));
    }
    try {
      Delivery delivery = client.post(job.webhook, body, deadline);
      confirmQuietly(granted, deadline);
      long ms = millisSince(start);
      metrics.slackLatency(job.band, ms);
      return record(Decision.POSTED, reason, job.input, job.finding, delivery, null, ms);
    } catch (SlackDeliveryException e) {
      releaseQuietly(granted, deadline);
      return record(Decision.FAILED, e.retryable() ? "slack unavailable, will retry" : "slack rejected the message",
          job.input, job.finding, null, e, millisSince(start));
    }
  }

  private void releaseQuietly(NotificationGate.Claim.Granted claim, Deadline deadline) {
    try {
      gate.release(claim, deadline);
    } catch (RuntimeException e) {
      // The claim then lapses by itself, before SQS shows the record again.
      warn("could not release a notification claim: " + e.getClass().getSimpleName());
    }
  }

  private void confirmQuietly(NotificationGate.Claim.Granted claim, Deadline deadline) {
    try {
      gate.confirm(claim, deadline);
    } catch (RuntimeException e) {
      // Posted all the same; the claim lapses and a later redelivery could post once more.
      warn("could not record a posted notification: " + e.getClass().getSimpleName());
    }
  }

  private void warn(String message) {
    log.write(new DecisionLog.Entry("WARN", message, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null));
  }

  /** Reports an input as not delivered before any post was tried. */
  private Outcome reject(Input input, Finding finding, String reason) {
    return record(Decision.FAILED, reason, input, finding, null, null, 0L);
  }

  private Outcome record(Decision decision, String reason, Input input, Finding finding, Delivery delivery,
                      SlackDeliveryException error, long ms) {
    Optional<Severity> band = finding == null ? Optional.empty() : finding.band();
    metrics.count(decision, band.orElse(null));
    log.write(new DecisionLog.Entry(
        decision == Decision.FAILED ? "ERROR" : "INFO",
        "finding " + decision.label(),
        decision.label(),
        reason,
        input.id(),
        finding == null ? null : finding.id(),
        finding == null ? null : finding.type(),
        finding == null ? null : finding.severity(),
        band.map(Severity::name).orElse(null),
        finding == null ? null : finding.accountId(),
        finding == null ? null : finding.region(),
        finding == null ? null : finding.isSample(),
        delivery != null ? Integer.valueOf(delivery.status()) : error != null ? Integer.valueOf(error.status()) : null,
        error == null ? null : error.slackError(),
        delivery != null ? Integer.valueOf(delivery.attempts()) : error != null ? Integer.valueOf(error.attempts()) : null,
        ms));
    return new Outcome(input.id(), decision, reason);
  }

  private long millisSince(long startNanos) {
    return (ticker.nanoTime() - startNanos) / 1_000_000;
  }

  private static String quoted(String s) {
    return s == null ? "(none)" : "\"" + (s.length() > 80 ? s.substring(0, 80) + "\u2026" : s) + "\"";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "invalid input";
    }
    String line = message.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "\u2026" : line;
  }

  private static final class Job {
    final int index;
    final Input input;
    final Finding finding;
    final Severity band;
    final HttpUrl webhook;

    Job(int index, Input input, Finding finding, Severity band, HttpUrl webhook) {
      this.index = index;
      this.input = input;
      this.finding = finding;
      this.band = band;
      this.webhook = webhook;
    }

    Job to(HttpUrl url) {
      return new Job(index, input, finding, band, url);
    }
  }
}
