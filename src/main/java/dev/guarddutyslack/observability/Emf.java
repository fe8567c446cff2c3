package dev.guarddutyslack.observability;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The {@code _aws} block of a CloudWatch Embedded Metric Format line: which of the line's fields are metrics,
 * in the project's namespace, and by which dimension sets. The values themselves are the line's own fields.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html">EMF specification</a>
 */
public final class Emf {
  /** The CloudWatch namespace of every metric the project writes (its alarms name it too). */
  public static final String NAMESPACE = "GuardDutySlack";

  private Emf() {}

  /**
   * @param dimensionSets each a list of dimension names (an empty one: the metrics without dimensions)
   * @param units metric name to unit, in the order to declare them
   */
  public static void header(JsonGenerator g, long timestampMillis, List<List<String>> dimensionSets,
                            Map<String, String> units) throws IOException {
    g.writeObjectFieldStart("_aws");
    g.writeNumberField("Timestamp", timestampMillis);
    g.writeArrayFieldStart("CloudWatchMetrics");
    g.writeStartObject();
    g.writeStringField("Namespace", NAMESPACE);
    g.writeArrayFieldStart("Dimensions");
    for (List<String> set : dimensionSets) {
      g.writeStartArray();
      for (String dimension : set) {
        g.writeString(dimension);
      }
      g.writeEndArray();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("Metrics");
    for (Map.Entry<String, String> metric : units.entrySet()) {
      g.writeStartObject();
      g.writeStringField("Name", metric.getKey());
      g.writeStringField("Unit", metric.getValue());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
  }
}
