package dev.guarddutyslack.aws;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where the function's AWS calls go, from the standard variables only: {@code AWS_REGION} (set by Lambda;
 * {@code AWS_DEFAULT_REGION} as a fallback), and, for tests and local use, the SDKs' endpoint overrides
 * {@code AWS_ENDPOINT_URL_<SERVICE>} and {@code AWS_ENDPOINT_URL}. No profile file is read.
 *
 * @see <a href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html">Service-specific endpoints</a>
 */
public record AwsSettings(Optional<String> region, Optional<URI> endpoint, Map<String, URI> serviceEndpoints) {
  public static final String REGION = "AWS_REGION";
  public static final String DEFAULT_REGION = "AWS_DEFAULT_REGION";
  public static final String ENDPOINT_URL = "AWS_ENDPOINT_URL";

  public AwsSettings {
    serviceEndpoints = Map.copyOf(serviceEndpoints);
  }

  /** The endpoint of a service: its own override, the global one, or its regional endpoint. */
  URI endpoint(AwsService service) {
    return endpoint(service, region.orElseThrow(() -> new IllegalStateException(REGION + " is not set")));
  }

  /** The endpoint of a service in a given region (GuardDuty acts on a finding in the finding's region). */
  URI endpoint(AwsService service, String inRegion) {
    URI own = serviceEndpoints.get(service.endpointVariable());
    if (own != null) {
      return own;
    }
    if (endpoint.isPresent()) {
      return endpoint.get();
    }
    String suffix = inRegion.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    return URI.create("https://" + service.endpointPrefix() + "." + inRegion + "." + suffix + "/");
  }

  String signingRegion() {
    return region.orElseThrow(() -> new IllegalStateException(REGION + " is not set"));
  }
}
