package dev.guarddutyslack.slack;

import java.util.regex.Pattern;

/**
 * Who a message calls for, as an operator writes it in a routing rule: {@code here}, {@code channel},
 * {@code subteam:S…} (a user group) or {@code user:U…}. Only this type renders Slack's mention syntax, and it is
 * made only from that written form, never from a finding's text.
 *
 * @see <a href="https://api.slack.com/reference/surfaces/formatting#mentioning-users">Mentioning users</a>
 * @see <a href="https://api.slack.com/reference/surfaces/formatting#mentioning-groups">Mentioning groups</a>
 * @see <a href="https://api.slack.com/reference/surfaces/formatting#special-mentions">Special mentions</a>
 */
public final class Mention {
  /** Slack's ids: an upper-case letter for the kind, then upper-case letters and digits. */
  private static final Pattern SUBTEAM = Pattern.compile("subteam:(S[A-Z0-9]{2,20})");
  private static final Pattern USER = Pattern.compile("user:([UW][A-Z0-9]{2,20})");

  private final String written;
  private final String syntax;

  private Mention(String written, String syntax) {
    this.written = written;
    this.syntax = syntax;
  }

  /**
   * @throws IllegalArgumentException saying what is accepted, when {@code written} is none of the forms
   */
  public static Mention parse(String written) {
    if ("here".equals(written)) {
      return new Mention(written, "<!here>");
    }
    if ("channel".equals(written)) {
      return new Mention(written, "<!channel>");
    }
    var subteam = SUBTEAM.matcher(written);
    if (subteam.matches()) {
      return new Mention(written, "<!subteam^" + subteam.group(1) + ">");
    }
    var user = USER.matcher(written);
    if (user.matches()) {
      return new Mention(written, "<@" + user.group(1) + ">");
    }
    throw new IllegalArgumentException("must be here, channel, subteam:S\u2026 or user:U\u2026 (a Slack id in"
        + " upper-case letters and digits)");
  }

  /** Slack's syntax for it ({@code <!here>}, {@code <!subteam^S0123ABC>}, {@code <@U0123ABC>}). */
  public Mrkdwn mrkdwn() {
    return Mrkdwn.mention(syntax);
  }

  /** As the operator wrote it, for logs and the preview. */
  @Override
  public String toString() {
    return written;
  }
}
