package dev.guarddutyslack.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The signature check against Slack's own worked example
 * (https://api.slack.com/authentication/verifying-requests-from-slack, "Validating a request"), and against
 * every way a request can be changed after Slack signed it.
 */
class SlackSignatureTest {
  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final String TIMESTAMP = "1531420618";
  private static final byte[] BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
      + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect"
      + "&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
      + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c").getBytes(StandardCharsets.UTF_8);
  private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
  private static final Instant SIGNED_AT = Instant.ofEpochSecond(1531420618);

  @Test
  void slacksWorkedExampleSignsAndVerifies() {
    assertThat(SlackSignature.sign(SECRET, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    assertThat(SlackSignature.verify(SECRET, TIMESTAMP, SIGNATURE, BODY, SIGNED_AT.plusSeconds(30)))
        .isEqualTo(SlackSignature.Verdict.VALID);
  }

  @Test
  void aTamperedBodyTimestampSignatureOrSecretIsRefused() {
    byte[] body = BODY.clone();
    body[body.length - 1] ^= 1;
    assertThat(SlackSignature.verify(SECRET, TIMESTAMP, SIGNATURE, body, SIGNED_AT)).isEqualTo(SlackSignature.Verdict.WRONG);
    assertThat(SlackSignature.verify(SECRET, "1531420619", SIGNATURE, BODY, SIGNED_AT))
        .as("the timestamp is part of what is signed").isEqualTo(SlackSignature.Verdict.WRONG);
    assertThat(SlackSignature.verify(SECRET, TIMESTAMP, SIGNATURE.toUpperCase(), BODY, SIGNED_AT))
        .isEqualTo(SlackSignature.Verdict.WRONG);
    assertThat(SlackSignature.verify(SECRET, TIMESTAMP, SIGNATURE.substring(0, 60), BODY, SIGNED_AT))
        .isEqualTo(SlackSignature.Verdict.WRONG);
    assertThat(SlackSignature.verify(SECRET, TIMESTAMP, "v1=" + SIGNATURE.substring(3), BODY, SIGNED_AT))
        .isEqualTo(SlackSignature.Verdict.WRONG);
    assertThat(SlackSignature.verify(SECRET + "0", TIMESTAMP, SIGNATURE, BODY, SIGNED_AT))
        .isEqualTo(SlackSignature.Verdict.WRONG);
  }

  @Test
  void aTimestampMoreThanFiveMinutesFromNowIsStaleEitherWay() {
    assertThat(SlackSignature.verify(SECRET, TIMESTAMP, SIGNATURE, BODY, SIGNED_AT.plusSeconds(300)))
        .isEqualTo(SlackSignature.Verdict.VALID);
    assertThat(SlackSignature.verify(SECRET, TIMESTAMP, SIGNATURE, BODY, SIGNED_AT.plusSeconds(301)))
        .isEqualTo(SlackSignature.Verdict.STALE);
    assertThat(SlackSignature.verify(SECRET, TIMESTAMP, SIGNATURE, BODY, SIGNED_AT.minusSeconds(301)))
        .isEqualTo(SlackSignature.Verdict.STALE);
  }

  @Test
  void missingOrMalformedHeadersAreRefused() {
    assertThat(SlackSignature.verify(SECRET, null, SIGNATURE, BODY, SIGNED_AT)).isEqualTo(SlackSignature.Verdict.MISSING);
    assertThat(SlackSignature.verify(SECRET, TIMESTAMP, null, BODY, SIGNED_AT)).isEqualTo(SlackSignature.Verdict.MISSING);
    assertThat(SlackSignature.verify(SECRET, "1531420618.5", SIGNATURE, BODY, SIGNED_AT))
        .isEqualTo(SlackSignature.Verdict.MISSING);
    assertThat(SlackSignature.verify(SECRET, "-1531420618", SIGNATURE, BODY, SIGNED_AT))
        .isEqualTo(SlackSignature.Verdict.MISSING);
  }
}
