package dev.guarddutyslack.triage;

/** The Slack app's signing secret, which every request to the Request URL is signed with. */
public interface SigningSecret {
  /**
   * @throws dev.guarddutyslack.config.StoreUnavailableException when it cannot be read now
   */
  String current();
}
