package dev.guarddutyslack.observability;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The release this build is: {@code pom.xml}'s version, written into the classes by the build. */
public final class Version {
  /** What a build that did not fill in the version (an IDE's, say) reports. */
  public static final String UNKNOWN = "unknown";
  private static final String RESOURCE = "/dev/guarddutyslack/version.properties";
  private static final String CURRENT = read();

  private Version() {}

  /** The release version, such as {@code 1.0.0}, or {@link #UNKNOWN}. */
  public static String current() {
    return CURRENT;
  }

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return UNKNOWN;
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "").strip();
      return version.isEmpty() || version.contains("${") ? UNKNOWN : version;
    } catch (IOException e) {
      throw new UncheckedIOException("the build's version could not be read", e);
    }
  }
}
