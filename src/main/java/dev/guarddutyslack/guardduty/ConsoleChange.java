package dev.guarddutyslack.guardduty;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A change made to findings that their messages should show: made outside this project (the GuardDuty console,
 * the CLI, another tool), as CloudTrail records it and EventBridge delivers it ({@code detail-type: AWS API Call
 * via CloudTrail}): GuardDuty's {@code ArchiveFindings}, {@code UnarchiveFindings} or
 * {@code UpdateFindingsFeedback}, which findings, by whom and when (a call GuardDuty refused, {@code errorCode},
 * changed nothing and is not one); or made by a triage click in Slack, as the triage function hands it on
 * ({@link #inSlack}), bound to what it says by a MAC.
 *
 * <p>Everything in it is read as finding text: the caller's ARN may carry a session name anyone chose.
 *
 * @param action what was done: {@link #ARCHIVED}, {@link #UNARCHIVED}, {@link #USEFUL} or {@link #NOT_USEFUL}
 * @param findingIds the findings, as GuardDuty names them (at most 50, GuardDuty's own limit)
 * @param region where, from the event
 * @param by the caller's ARN, or null
 * @param at when, as CloudTrail gives it ({@code 2026-11-20T10:14:00Z}), or null
 * @param userAgent the caller's user agent as CloudTrail recorded it, or null
 * @param slackUser who clicked, a Slack user id ({@code U…}), for a change made in Slack; else null
 * @param mac the MAC the triage function bound a change made in Slack with; else null
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/ug/logging-using-cloudtrail.html">GuardDuty and
 *     CloudTrail</a>
 * @see <a href="https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-guardduty.html">GuardDuty events</a>
 */
public record ConsoleChange(String action, List<String> findingIds, String region, String by, String at,
                            String userAgent, String slackUser, String mac) {
  public static final String DETAIL_TYPE = "AWS API Call via CloudTrail";
  public static final String EVENT_SOURCE = "guardduty.amazonaws.com";
  /** The calls followed: they change what a finding's message should say. */
  public static final Set<String> EVENT_NAMES = Set.of("ArchiveFindings", "UnarchiveFindings",
      "UpdateFindingsFeedback");
  public static final String ARCHIVED = "archived";
  public static final String UNARCHIVED = "unarchived";
  public static final String USEFUL = "marked useful";
  public static final String NOT_USEFUL = "marked not useful";
  /** The most finding ids one call names (ArchiveFindings takes 50). */
  static final int MAX_IDS = 50;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,64}");

  public ConsoleChange {
    findingIds = List.copyOf(findingIds);
  }

  /** A change without a recorded user agent. */
  public ConsoleChange(String action, List<String> findingIds, String region, String by, String at) {
    this(action, findingIds, region, by, at, null, null, null);
  }

  /** A change made in the console, as CloudTrail records it. */
  public ConsoleChange(String action, List<String> findingIds, String region, String by, String at,
                       String userAgent) {
    this(action, findingIds, region, by, at, userAgent, null, null);
  }

  /**
   * A change made by a triage click in Slack: {@code slackUser} (a Slack user id) clicked at {@code at}, and the
   * triage function bound it with {@code mac}.
   */
  public static ConsoleChange inSlack(String action, String findingId, String region, String slackUser, String at,
                                      String mac) {
    return new ConsoleChange(action, List.of(findingId), region, null, at, null, slackUser, mac);
  }

  /** Whether a triage click in Slack made the change (and the triage function handed it on). */
  public boolean madeInSlack() {
    return slackUser != null;
  }

  /**
   * Whether this project's own triage made the call (its requests name themselves {@code guardduty-slack}): the
   * clicked message was replaced by the click already.
   */
  public boolean byThisProject() {
    return !madeInSlack() && userAgent != null && userAgent.startsWith("guardduty-slack");
  }

  /** Whether the envelope is one of the calls followed ({@link #EVENT_NAMES}), made to GuardDuty. */
  static boolean is(EventBridgeEvent<JsonNode> envelope) {
    return DETAIL_TYPE.equals(envelope.detailType()) && EventBridgeEvent.GUARDDUTY_SOURCE.equals(envelope.source())
        && envelope.detail() != null && EVENT_SOURCE.equals(envelope.detail().path("eventSource").asText())
        && EVENT_NAMES.contains(envelope.detail().path("eventName").asText());
  }

  /**
   * The change the call made; empty for a call GuardDuty refused, or one that names no finding (or feedback that
   * is neither useful nor not). Finding ids of any other shape than GuardDuty's are left out.
   */
  static Optional<ConsoleChange> of(EventBridgeEvent<JsonNode> envelope) {
    JsonNode detail = envelope.detail();
    if (detail.hasNonNull("errorCode")) {
      return Optional.empty();
    }
    JsonNode request = detail.path("requestParameters");
    String action = switch (detail.path("eventName").asText()) {
      case "ArchiveFindings" -> ARCHIVED;
      case "UnarchiveFindings" -> UNARCHIVED;
      default -> switch (request.path("feedback").asText()) {
        case "USEFUL" -> USEFUL;
        case "NOT_USEFUL" -> NOT_USEFUL;
        default -> null;
      };
    };
    List<String> ids = new ArrayList<>();
    for (JsonNode id : request.path("findingIds")) {
      if (id.isTextual() && ID.matcher(id.asText()).matches() && ids.size() < MAX_IDS && !ids.contains(id.asText())) {
        ids.add(id.asText());
      }
    }
    if (action == null || ids.isEmpty()) {
      return Optional.empty();
    }
    String region = detail.path("awsRegion").isTextual() ? detail.path("awsRegion").asText() : envelope.region();
    JsonNode arn = detail.path("userIdentity").path("arn");
    JsonNode time = detail.path("eventTime");
    JsonNode agent = detail.path("userAgent");
    return Optional.of(new ConsoleChange(action, ids, region, arn.isTextual() ? arn.asText() : null,
        time.isTextual() ? time.asText() : envelope.time(), agent.isTextual() ? agent.asText() : null));
  }
}
