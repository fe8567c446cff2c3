package dev.guarddutyslack.aws;

import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.config.Env;
import dev.guarddutyslack.guardduty.Partition;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
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

  private static final List<String> SERVICE_ENDPOINTS = List.of("AWS_ENDPOINT_URL_DYNAMODB",
      "AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_GUARDDUTY");

  public AwsSettings {
    serviceEndpoints = Map.copyOf(serviceEndpoints);
  }

  /**
   * @throws ConfigException naming an endpoint override that is not an http(s) URL
   */
  public static AwsSettings from(Env env) {
    Map<String, URI> services = new LinkedHashMap<>();
    for (String variable : SERVICE_ENDPOINTS) {
      env.httpUrl(variable).ifPresent(uri -> services.put(variable, uri));
    }
    return new AwsSettings(env.get(REGION).or(() -> env.get(DEFAULT_REGION)), env.httpUrl(ENDPOINT_URL), services);
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
    return URI.create("https://" + service.endpointPrefix() + "." + inRegion + "." + Partition.ofRegion(inRegion)
        .dnsSuffix() + "/");
  }

  String signingRegion() {
    return region.orElseThrow(() -> new IllegalStateException(REGION + " is not set"));
  }
}
