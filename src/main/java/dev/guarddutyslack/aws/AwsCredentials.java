package dev.guarddutyslack.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The function's credentials, from the SDK's own providers, in the order Lambda provides them: the
 * {@code aws.accessKeyId} system properties (tests), the {@code AWS_ACCESS_KEY_ID} variables (an on-demand
 * Lambda function), then the container endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}), which is how
 * Lambda gives credentials to a function restored from a SnapStart snapshot. No profile file, no instance
 * metadata, no web identity: none of them exists in Lambda, and looking costs time at a cold start.
 *
 * <p>{@link #forget()} drops the providers and whatever they cached, so that a snapshot taken after it
 * holds no credentials; the next call resolves fresh ones.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials">SnapStart and credentials</a>
 */
public final class AwsCredentials {
  private final java.util.function.Supplier<AwsCredentialsProvider> providers;
  private volatile AwsCredentialsProvider provider;

  /** The function's credentials, as Lambda provides them. */
  public AwsCredentials() {
    this(AwsCredentials::newProvider);
  }

  private AwsCredentials(java.util.function.Supplier<AwsCredentialsProvider> providers) {
    this.providers = providers;
    this.provider = providers.get();
  }

  /** Credentials from a given provider (tests and tools). */
  public static AwsCredentials of(AwsCredentialsProvider provider) {
    return new AwsCredentials(() -> provider);
  }

  AwsCredentialsIdentity resolve() {
    return provider.resolveCredentials();
  }

  /** Forgets every resolved credential (before a SnapStart snapshot). */
  public void forget() {
    AwsCredentialsProvider old = provider;
    provider = providers.get();
    if (old != provider && old instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Closing only stops a refresh thread; the provider is dropped either way.
      }
    }
  }

  private static AwsCredentialsProvider newProvider() {
    return AwsCredentialsProviderChain.builder()
        .reuseLastProviderEnabled(true)
        .credentialsProviders(SystemPropertyCredentialsProvider.create(), EnvironmentVariableCredentialsProvider.create(),
            ContainerCredentialsProvider.builder().build())
        .build();
  }
}
