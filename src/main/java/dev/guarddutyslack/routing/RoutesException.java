package dev.guarddutyslack.routing;

/**
 * A mistake in the routing rules, naming the rule and field ({@code ROUTES[2].to: …}); the function does not
 * start with it.
 */
public final class RoutesException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public RoutesException(String message) {
    super(message);
  }
}
