package dev.guarddutyslack.testing;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether a tool the tests use is installed here: a command that runs and exits 0 within a minute. */
public final class Commands {
  private Commands() {}

  public static boolean succeed(String... command) {
    try {
      Process check = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
