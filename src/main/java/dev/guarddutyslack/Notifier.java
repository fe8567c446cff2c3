package dev.guarddutyslack;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  private static final JavaType ENVELOPE =
      TypeFactory.defaultInstance().constructParametricType(EventBridgeEvent.class, JsonNode.class);
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
    EventBridgeEvent<JsonNode> event = mapper.convertValue(json, ENVELOPE);
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
          try {
            inputs.add(of(messageId, mapper.readTree(record.path("body").asText(""))));
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            inputs.add(unparseable(messageId, "the message body is not JSON"));
          }
        }
        return inputs;
      }
      if (root.has("detail-type")) {
        return List.of(of(root.path("id").asText("event"), root));
      }
      throw new IllegalArgumentException(
          "the input is neither an SQS batch (Records) nor an EventBridge event (detail-type)");
    }
  }

  /**
   * Decides and delivers every input.
   *
   * @return the ids of the inputs that were not delivered and should be retried
   */
  public Set<String> process(List<Input> inputs, Deadline deadline) throws InterruptedException {
    Set<String> failed = new LinkedHashSet<>();
    List<Job> jobs = new ArrayList<>();
    Webhooks webhooks = null;
    String webhooksProblem = null;
    for (Input input : inputs) {
      Optional<Job> job = decide(input, failed);
      if (job.isEmpty()) {
        continue;
      }
      if (webhooks == null && webhooksProblem == null) {
        try {
          webhooks = webhookSource.webhooks();
        } catch (ConfigException | WebhookSource.WebhooksUnavailableException e) {
          webhooksProblem = e.getMessage();
        }
      }
      Job j = job.get();
      if (webhooksProblem != null) {
        reject(failed, j.input, j.finding, "webhooks unavailable: " + webhooksProblem);
        continue;
      }
      Optional<HttpUrl> url = webhooks.forBand(j.band);
      if (url.isEmpty()) {
        record(Decision.SKIPPED, "no webhook for band " + j.band.name(), j.input, j.finding, null, null, 0L);
        continue;
      }
      jobs.add(j.to(url.get()));
    }
    deliver(jobs, deadline, failed);
    metrics.flush();
    return failed;
  }

  private Optional<Job> decide(Input input, Set<String> failed) {
    if (input.event() == null) {
      reject(failed, input, null, "unparseable: " + input.parseError());
      return Optional.empty();
    }
    Parsed parsed;
    try {
      parsed = parse(mapper, input.event());
    } catch (IllegalArgumentException e) {
      reject(failed, input, null, "unparseable: " + firstLine(e.getMessage()));
      return Optional.empty();
    }
    if (parsed.finding() == null) {
      record(Decision.SKIPPED, "not a finding: detail-type " + quoted(parsed.event().detailType()) + " from "
          + quoted(parsed.event().source()), input, null, null, null, 0L);
      return Optional.empty();
    }
    Finding finding = parsed.finding();
    Optional<Severity> band = finding.band();
    if (band.isEmpty()) {
      reject(failed, input, finding, "unparseable: the finding has no numeric severity");
      return Optional.empty();
    }
    if (finding.severity() < config.minSeverity()) {
      record(Decision.FILTERED, "severity below minimum " + config.minSeverity(), input, finding, null, null, 0L);
      return Optional.empty();
    }
    return Optional.of(new Job(input, finding, band.get(), null));
  }

  private void deliver(List<Job> jobs, Deadline deadline, Set<String> failed) throws InterruptedException {
    Map<HttpUrl, List<Job>> byWebhook = new LinkedHashMap<>();
    for (Job job : jobs) {
      byWebhook.computeIfAbsent(job.webhook, k -> new ArrayList<>()).add(job);
    }
    List<Future<List<String>>> running = new ArrayList<>();
    for (List<Job> queue : byWebhook.values()) {
      running.add(executor.submit(() -> deliverInOrder(queue, deadline)));
    }
    for (Future<List<String>> future : running) {
      try {
        failed.addAll(future.get());
      } catch (ExecutionException e) {
        throw new IllegalStateException("delivery failed unexpectedly", e.getCause());
      }
    }
  }

  private List<String> deliverInOrder(List<Job> queue, Deadline deadline) throws InterruptedException {
    List<String> failed = new ArrayList<>();
    for (Job job : queue) {
      if (!deliverOne(job, deadline)) {
        failed.add(job.input.id());
      }
    }
    return failed;
  }

  private boolean deliverOne(Job job, Deadline deadline) throws InterruptedException {
    long start = ticker.nanoTime();
    NotificationGate.Claim claim;
    try {
      claim = gate.claim(job.finding, job.band);
    } catch (RuntimeException e) {
      record(Decision.FAILED, "deduplication store unavailable: " + e.getClass().getSimpleName(),
          job.input, job.finding, null, null, millisSince(start));
      return false;
    }
    if (!claim.post()) {
      record(Decision.SUPPRESSED, claim.reason(), job.input, job.finding, null, null, millisSince(start));
      return true;
    }
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(formatter.format(job.finding, claim.notice()));
    } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
      releaseQuietly(claim);
      record(Decision.FAILED, "could not format: " + e.getClass().getSimpleName(), job.input, job.finding,
          null, null, millisSince(start));
      return false;
    }
    try {
      Delivery delivery = client.post(job.webhook, body, deadline);
      confirmQuietly(claim);
      long ms = millisSince(start);
      metrics.slackLatency(job.band, ms);
      record(Decision.POSTED, claim.reason(), job.input, job.finding, delivery, null, ms);
      return true;
    } catch (SlackDeliveryException e) {
      releaseQuietly(claim);
      record(Decision.FAILED, e.retryable() ? "slack unavailable, will retry" : "slack rejected the message",
          job.input, job.finding, null, e, millisSince(start));
      return false;
    }
  }

  private void releaseQuietly(NotificationGate.Claim claim) {
    try {
      gate.release(claim);
    } catch (RuntimeException e) {
      // The claim then lapses by itself, before SQS shows the record again.
      warn("could not release a notification claim: " + e.getClass().getSimpleName());
    }
  }

  private void confirmQuietly(NotificationGate.Claim claim) {
    try {
      gate.confirm(claim);
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
  private void reject(Set<String> failed, Input input, Finding finding, String reason) {
    record(Decision.FAILED, reason, input, finding, null, null, 0L);
    failed.add(input.id());
  }

  private void record(Decision decision, String reason, Input input, Finding finding, Delivery delivery,
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
    final Input input;
    final Finding finding;
    final Severity band;
    final HttpUrl webhook;

    Job(Input input, Finding finding, Severity band, HttpUrl webhook) {
      this.input = input;
      this.finding = finding;
      this.band = band;
      this.webhook = webhook;
    }

    Job to(HttpUrl url) {
      return new Job(input, finding, band, url);
    }
  }
}
