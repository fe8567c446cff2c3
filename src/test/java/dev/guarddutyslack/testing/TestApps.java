package dev.guarddutyslack.testing;

import dev.guarddutyslack.dedup.NotificationGate;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.webhooks.WebhookSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The handler as production wires it ({@link TestApp}), built for a test and closed after it, however it ends:
 * the set-up the handler's tests share.
 * <pre>@RegisterExtension final TestApps apps = new TestApps();
 * TestApp app = apps.start(Map.of("SLACK_WEBHOOK_URL", slack.url("/hook")), ticker);</pre>
 */
public final class TestApps implements AfterEachCallback {
  private final List<TestApp> started = new CopyOnWriteArrayList<>();

  /** Production's choices for {@code env}, with a gate that keeps nothing. */
  public TestApp start(Map<String, String> env, Ticker ticker) {
    return keep(new TestApp(env, ticker));
  }

  /** @param gate and source: null for what production would choose from {@code env} */
  public TestApp start(Map<String, String> env, Ticker ticker, NotificationGate gate, WebhookSource source) {
    return keep(new TestApp(env, ticker, gate, source));
  }

  private TestApp keep(TestApp app) {
    started.add(app);
    return app;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    started.forEach(TestApp::close);
    started.clear();
  }
}
