package dev.guarddutyslack.routing;

import java.util.List;

/**
 * Mistakes in the routing rules, each naming the rule and field ({@code ROUTES[2].to: …}): the first of each
 * rule, so that one start names every rule to fix. The function does not start with them.
 */
public final class RoutesException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  /** Serialisable: {@link List#copyOf} is. */
  @SuppressWarnings("serial")
  private final List<String> mistakes;

  public RoutesException(String mistake) {
    this(List.of(mistake));
  }

  public RoutesException(List<String> mistakes) {
    super(String.join("; ", mistakes));
    this.mistakes = List.copyOf(mistakes);
  }

  /** Each mistake, in the rules' order. */
  public List<String> mistakes() {
    return mistakes;
  }
}
