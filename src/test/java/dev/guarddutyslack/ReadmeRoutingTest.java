package dev.guarddutyslack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.Readme;
import dev.guarddutyslack.testing.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The routing example of docs/routing.md and its table of what each fixture does, checked against the preview. */
class ReadmeRoutingTest {
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z-]+\\.json)` \\| (.+) \\|$");
  private static final Pattern DESTINATION = Pattern.compile("\\b(PAYMENTS|ONCALL|STAGING|CRITICAL|HIGH|MEDIUM|LOW)\\b");

  private static String preview(String fixture, Map<String, String> env) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = Preview.run(new String[] {Fixtures.EVENTS.resolve(fixture).toString()}, env,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
    assertThat(status).as(fixture).isZero();
    java.util.List<String> lines = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("# "))
        .toList();
    // A finding has its title line, then what happens to it; anything else, one line saying what it is.
    return lines.size() > 1 ? lines.get(1).substring(2) : lines.get(0).substring(lines.get(0).indexOf(": ") + 2);
  }

  private static Set<String> destinations(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = DESTINATION.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void theTableSaysWhatThePreviewDoesWithEachFixture() throws Exception {
    String routes = TestApp.MAPPER.readTree(Readme.block("routing-example")).toString();
    Map<String, String> env = Map.of("ROUTES", routes, "ACCOUNT_NAMES", "222233334444=sandbox");
    String routing = Readme.doc("routing.md");
    String table = routing.substring(routing.indexOf("<!-- routing-fixtures"));
    table = table.substring(0, table.indexOf("\n\n", table.indexOf("| fixture |")));
    Matcher row = ROW.matcher(table);
    int rows = 0;
    while (row.find()) {
      rows++;
      String fixture = row.group(1);
      String says = row.group(2).split(";")[0];
      String does = preview(fixture, env);
      if (says.startsWith("filtered") || says.startsWith("skipped")) {
        assertThat(does).as(fixture).startsWith(says.substring(0, says.indexOf(':')));
        continue;
      }
      assertThat(destinations(does.substring(does.indexOf(" to ")))).as(fixture + ": " + does)
          .isEqualTo(destinations(says.substring(says.indexOf("to "))));
      assertThat(does.contains("@here")).as(fixture + " mentions").isEqualTo(says.contains("@here"));
      assertThat(does.contains("no rule matched")).as(fixture).isEqualTo(says.startsWith("no rule matched"));
    }
    assertThat(rows).isEqualTo(Fixtures.eventFiles().size() - 1);
  }
}
