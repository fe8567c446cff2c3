package dev.guarddutyslack.wiring;

import dev.guarddutyslack.aws.SecretsManager;
import dev.guarddutyslack.buttons.ButtonKeySetting;
import dev.guarddutyslack.buttons.ButtonKeys;
import dev.guarddutyslack.buttons.SecretsButtonKeys;
import dev.guarddutyslack.time.Ticker;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** What both functions' compositions choose alike. */
final class SharedParts {
  private SharedParts() {}

  /** The button key: the stack's secret, read on first use; the local value; or none with triage off. */
  static ButtonKeys buttonKeys(ButtonKeySetting key, Supplier<SecretsManager> secrets,
                                       Consumer<String> warnings) {
    return key.secretArn().<ButtonKeys>map(arn -> new SecretsButtonKeys(secrets.get(), arn, Ticker.SYSTEM,
            warnings))
        .or(() -> key.value().map(ButtonKeys::of)).orElse(ButtonKeys.NONE);
  }

}
