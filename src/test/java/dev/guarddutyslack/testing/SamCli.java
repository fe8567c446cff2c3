package dev.guarddutyslack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The environment {@code sam local invoke <Function> --env-vars env.json} gives a function, computed from the
 * template as SAM CLI computes it. From its source:
 * <ul>
 *   <li>{@code samcli/lib/samlib/wrapper.py} runs SAM's plugins, so {@code Globals.Function.Environment}
 *       is merged under the function's own {@code Environment.Variables};</li>
 *   <li>{@code samcli/commands/local/lib/sam_base_provider.py}: first every {@code Ref} to a parameter is
 *       replaced by its value (the default, or a {@code --parameter-overrides} value, even an empty one), with
 *       samtranslator's {@code RefAction}; then its own intrinsic resolver
 *       ({@code samcli/lib/intrinsic_resolver}) follows {@code Fn::If} through the template's conditions and
 *       turns a {@code Ref} to a resource into the resource's logical id
 *       ({@code intrinsics_symbol_table.py}: {@code "Ref": lambda logical_id: logical_id});</li>
 *   <li>{@code samcli/commands/local/lib/local_lambda.py} ({@code _make_env_vars}) takes overrides from
 *       env.json's {@code Parameters} and then the function's own entry (by logical id), and the shell's
 *       environment;</li>
 *   <li>{@code samcli/local/lambdafn/env_vars.py} ({@code EnvironmentVariables.resolve}): only variables the
 *       template declares are passed, each with its template value, overridden by the shell's value, then by
 *       the env.json value; a value that is still a list or object (an unresolved intrinsic such as
 *       {@code Fn::GetAtt}) or None becomes {@code ""}; the {@code AWS_*} variables are added, with the
 *       user's credentials or the placeholders {@code defaultkey}/{@code defaultsecret} in
 *       {@code us-east-1}.</li>
 * </ul>
 */
public final class SamCli {
  private SamCli() {}

  /** The variables env.json sets for the function that the template does not declare: SAM CLI drops them. */
  public static Set<String> undeclared(Template template, String function, JsonNode envJson) {
    Set<String> declared = declaredVariables(template, function).keySet();
    Set<String> undeclared = new TreeSet<>();
    overrides(envJson, function).keySet().stream().filter(name -> !declared.contains(name)).forEach(undeclared::add);
    return undeclared;
  }

  /**
   * The function's environment under {@code sam local invoke}, for a user with no AWS credentials.
   *
   * @param shell the variables of the shell that runs SAM CLI
   */
  public static Map<String, String> environment(Template template, String function, JsonNode envJson,
                                         Map<String, String> shell) {
    JsonNode properties = template.resource(function).path("Properties");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_SAM_LOCAL", "true");
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", scalar(properties, template, "MemorySize"));
    env.put("AWS_LAMBDA_FUNCTION_TIMEOUT", scalar(properties, template, "Timeout"));
    env.put("AWS_LAMBDA_FUNCTION_HANDLER", properties.path("Handler").asText());
    env.put("AWS_LAMBDA_FUNCTION_NAME", function);
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "aws/lambda/" + function);
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", "$LATEST");
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_ACCESS_KEY_ID", "defaultkey");
    env.put("AWS_SECRET_ACCESS_KEY", "defaultsecret");
    env.put("AWS_ACCOUNT_ID", "123456789012");
    Map<String, String> overrides = overrides(envJson, function);
    declaredVariables(template, function).forEach((name, value) -> {
      JsonNode resolved = template.evaluate(value, Map.of(), ref -> template.root().path("Resources").has(ref)
          ? TextNode.valueOf(ref) : null);
      String text = resolved == null || resolved.isContainerNode() || resolved.isNull() ? "" : resolved.asText();
      if (shell.containsKey(name)) {
        text = shell.get(name);
      }
      if (overrides.containsKey(name)) {
        text = overrides.get(name);
      }
      env.put(name, text);
    });
    return env;
  }

  /** The declared variables, Globals first and the function's own over them, unresolved. */
  public static Map<String, JsonNode> declaredVariables(Template template, String function) {
    Map<String, JsonNode> variables = new LinkedHashMap<>();
    template.global("Function", "Environment").path("Variables").properties()
        .forEach(e -> variables.put(e.getKey(), e.getValue()));
    template.resource(function).path("Properties").path("Environment").path("Variables").properties()
        .forEach(e -> variables.put(e.getKey(), e.getValue()));
    return variables;
  }

  private static Map<String, String> overrides(JsonNode envJson, String function) {
    Map<String, String> overrides = new LinkedHashMap<>();
    envJson.path("Parameters").properties().forEach(e -> overrides.put(e.getKey(), e.getValue().asText()));
    envJson.path(function).properties().forEach(e -> overrides.put(e.getKey(), e.getValue().asText()));
    return overrides;
  }

  private static String scalar(JsonNode properties, Template template, String name) {
    JsonNode own = properties.path(name);
    return own.isMissingNode() ? template.global("Function", name).asText() : own.asText();
  }
}
