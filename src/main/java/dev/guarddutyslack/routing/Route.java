package dev.guarddutyslack.routing;

import dev.guarddutyslack.slack.Mention;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One rule of {@code ROUTES}: what it matches and what it does. A rule either sends ({@code to}, with an
 * optional {@code mention}, and {@code continue} to let later rules add destinations) or mutes ({@code mute},
 * a reason); {@code until} ends it.
 *
 * @param index its position in {@code ROUTES}, from 0, for messages ({@code ROUTES[2]})
 * @param to destination names; empty for a mute rule
 * @param mute the reason, for a mute rule
 * @param until the last day (UTC) on which the rule applies
 */
public record Route(int index, String name, Match match, List<String> to, Optional<Mention> mention,
                    Optional<String> mute, Optional<LocalDate> until, boolean continues) {

  public Route {
    to = List.copyOf(to);
  }

  public boolean mutes() {
    return mute.isPresent();
  }

  /** Whether the rule has ended by {@code today} (UTC). */
  public boolean expired(LocalDate today) {
    return until.isPresent() && today.isAfter(until.get());
  }

  /** How messages name it: {@code 'on-call'}. */
  public String quotedName() {
    return "'" + name + "'";
  }
}
