package dev.guarddutyslack.buttons;

import java.time.Duration;
import java.util.List;

/**
 * The key that binds a triage button to its finding ({@link ButtonValue}), held by the notifier and the triage
 * function alone: {@code TRIAGE_BUTTON_KEY} locally, or the stack's generated secret
 * ({@code TRIAGE_BUTTON_KEY_ARN}). The notifier signs with the current key; the triage function accepts the
 * current and the previous one, so that the buttons of recent messages keep working after a rotation.
 */
public interface ButtonKeys {
  /** How long the notifier waits for the key when it makes a message's buttons. */
  Duration READ_TIME = Duration.ofSeconds(2);
  /** No key: triage is off, and messages carry no triage buttons. */
  ButtonKeys NONE = new Fixed(List.of());

  /**
   * The key new buttons are made with.
   *
   * @param timeLeft how long a read may take
   * @throws dev.guarddutyslack.config.StoreUnavailableException when it cannot be read now
   */
  byte[] current(Duration timeLeft);

  /**
   * The keys a click's button may have been made with: the current one, and the previous one when there is one.
   *
   * @param afresh read them again rather than from what is cached (a button no cached key made may be younger
   *     than the cache)
   * @param timeLeft how long reads may take
   * @throws dev.guarddutyslack.config.StoreUnavailableException when they cannot be read now
   */
  List<byte[]> accepted(boolean afresh, Duration timeLeft);

  /** Whether there is a key at all (triage is on). */
  default boolean present() {
    return true;
  }

  /** Drops what was read (before a SnapStart snapshot). */
  default void forget() {}

  /** A key given as a value ({@code TRIAGE_BUTTON_KEY}, local use), or none. */
  static ButtonKeys of(String key) {
    return new Fixed(List.of(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** One fixed key, or none. */
  record Fixed(List<byte[]> keys) implements ButtonKeys {
    @Override
    public byte[] current(Duration timeLeft) {
      if (keys.isEmpty()) {
        throw new IllegalStateException("triage is off: there is no button key");
      }
      return keys.get(0);
    }

    @Override
    public List<byte[]> accepted(boolean afresh, Duration timeLeft) {
      return keys;
    }

    @Override
    public boolean present() {
      return !keys.isEmpty();
    }
  }
}
