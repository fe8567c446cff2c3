package dev.guarddutyslack.triage;

import com.fasterxml.jackson.core.JsonFactory;
import dev.guarddutyslack.aws.Sqs;
import dev.guarddutyslack.buttons.ButtonKeys;
import dev.guarddutyslack.buttons.ClickNotice;
import dev.guarddutyslack.guardduty.FindingRef;
import java.time.Duration;
import java.time.Instant;

/**
 * Hands a click on to the notifier's queue ({@code NOTIFIER_QUEUE_URL}) as a {@link ClickNotice}, bound with the
 * current button key; the notifier takes it up within seconds, as it takes findings.
 */
public final class SqsClickNotices implements ClickNotices {
  private final Sqs sqs;
  private final String queueUrl;
  private final ButtonKeys keys;
  private final JsonFactory json;

  public SqsClickNotices(Sqs sqs, String queueUrl, ButtonKeys keys, JsonFactory json) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.keys = keys;
    this.json = json;
  }

  @Override
  public boolean handOn(TriageAction action, FindingRef finding, String userId, Instant at, Duration timeLeft) {
    String notice = ClickNotice.write(json, action.actionId(), finding.region(), finding.findingId(), userId, at,
        keys.current(timeLeft));
    sqs.send(queueUrl, notice, Duration.ZERO, timeLeft);
    return true;
  }
}
