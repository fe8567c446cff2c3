package dev.guarddutyslack.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.core.Decision;
import dev.guarddutyslack.guardduty.Severity;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Counts decisions and Slack latency and writes them as CloudWatch Embedded Metric Format lines: one line
 * per band per batch, with the metrics both by band and in total. No library: EMF is a JSON shape that
 * Lambda's log pipeline turns into metrics.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html">EMF specification</a>
 */
public final class Metrics {
  public static final String NAMESPACE = "GuardDutySlack";
  /** EMF takes at most 100 values for one metric in one line. */
  private static final int MAX_VALUES = 100;
  private static final String NO_BAND = "NONE";

  private final ObjectMapper mapper;
  private final Consumer<String> sink;
  private final Clock clock;
  private final Map<String, Map<Decision, Integer>> counts = new TreeMap<>();
  private final Map<String, List<Long>> latencies = new TreeMap<>();

  public Metrics(ObjectMapper mapper, Consumer<String> sink, Clock clock) {
    this.mapper = mapper;
    this.sink = sink;
    this.clock = clock;
  }

  public synchronized void count(Decision decision, Severity band) {
    counts.computeIfAbsent(key(band), k -> new EnumMap<>(Decision.class)).merge(decision, 1, Integer::sum);
  }

  public synchronized void slackLatency(Severity band, long millis) {
    latencies.computeIfAbsent(key(band), k -> new ArrayList<>()).add(millis);
  }

  /** Writes what was counted since the last flush and starts again. */
  public synchronized void flush() {
    Set<String> bands = new TreeSet<>(counts.keySet());
    bands.addAll(latencies.keySet());
    for (String band : bands) {
      sink.accept(line(band, counts.getOrDefault(band, Map.of()), latencies.getOrDefault(band, List.of())));
    }
    counts.clear();
    latencies.clear();
  }

  private String line(String band, Map<Decision, Integer> bandCounts, List<Long> bandLatencies) {
    ObjectNode root = mapper.createObjectNode();
    ObjectNode aws = root.putObject("_aws");
    aws.put("Timestamp", clock.millis());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", NAMESPACE);
    ArrayNode dimensions = directive.putArray("Dimensions");
    dimensions.addArray().add("Band");
    dimensions.addArray();
    ArrayNode metrics = directive.putArray("Metrics");
    root.put("Band", band);
    for (Decision decision : Decision.values()) {
      String name = metricName(decision);
      metrics.addObject().put("Name", name).put("Unit", "Count");
      root.put(name, bandCounts.getOrDefault(decision, 0));
    }
    if (!bandLatencies.isEmpty()) {
      metrics.addObject().put("Name", "SlackLatency").put("Unit", "Milliseconds");
      ArrayNode values = root.putArray("SlackLatency");
      bandLatencies.stream().skip(Math.max(0, bandLatencies.size() - MAX_VALUES)).forEach(values::add);
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("metrics line could not be written", e);
    }
  }

  /** {@code FindingsPosted}, {@code FindingsFailed}… */
  public static String metricName(Decision decision) {
    String label = decision.label();
    return "Findings" + Character.toUpperCase(label.charAt(0)) + label.substring(1);
  }

  private static String key(Severity band) {
    return band == null ? NO_BAND : band.name();
  }
}
