package dev.guarddutyslack.observability;

import com.fasterxml.jackson.core.JsonFactory;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.json.JsonWriting;
import dev.guarddutyslack.outcome.Decision;
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
  /** EMF takes at most 100 values for one metric in one line. */
  private static final int MAX_VALUES = 100;
  private static final String NO_BAND = "NONE";

  private final JsonFactory json;
  private final Consumer<String> sink;
  private final Clock clock;
  private final Map<String, Map<Decision, Integer>> counts = new TreeMap<>();
  private final Map<String, List<Long>> latencies = new TreeMap<>();

  public Metrics(JsonFactory json, Consumer<String> sink, Clock clock) {
    this.json = json;
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
    return JsonWriting.text(json, g -> {
      Map<String, String> units = new java.util.LinkedHashMap<>();
      for (Decision decision : Decision.values()) {
        units.put(metricName(decision), "Count");
      }
      if (!bandLatencies.isEmpty()) {
        units.put("SlackLatency", "Milliseconds");
      }
      Emf.header(g, clock.millis(), List.of(List.of("Band"), List.of()), units);
      g.writeStringField("Band", band);
      for (Decision decision : Decision.values()) {
        g.writeNumberField(metricName(decision), bandCounts.getOrDefault(decision, 0));
      }
      if (!bandLatencies.isEmpty()) {
        g.writeArrayFieldStart("SlackLatency");
        for (Long value : bandLatencies.subList(Math.max(0, bandLatencies.size() - MAX_VALUES), bandLatencies.size())) {
          g.writeNumber(value);
        }
        g.writeEndArray();
      }
    });
  }

  /**
   * {@code FindingsPosted}, {@code FindingsFailed}, {@code FindingsRateLimited}…; {@code DigestsPosted},
   * {@code DigestsPending}, {@code DigestsUnknown}.
   */
  public static String metricName(Decision decision) {
    switch (decision) {
      case DIGEST_POSTED:
        return "DigestsPosted";
      case DIGEST_PENDING:
        return "DigestsPending";
      case DIGEST_UNKNOWN:
        return "DigestsUnknown";
      default:
        break;
    }
    StringBuilder name = new StringBuilder("Findings");
    for (String word : decision.label().split("_")) {
      name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return name.toString();
  }

  private static String key(Severity band) {
    return band == null ? NO_BAND : band.name();
  }
}
