package dev.guarddutyslack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code template.yaml} as the tests see it, with just enough of CloudFormation's intrinsics ({@code Ref},
 * {@code Fn::If}, {@code Fn::Equals}) evaluated to read the rule pattern for a given parameter.
 */
public final class Template {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final JsonNode root;

  private Template(JsonNode root) {
    this.root = root;
  }

  public static Template load() {
    try {
      return new Template(YAML.readTree(Fixtures.BASE.resolve("template.yaml").toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JsonNode resource(String name) {
    JsonNode resource = root.path("Resources").path(name);
    if (resource.isMissingNode()) {
      throw new AssertionError("template.yaml has no resource " + name);
    }
    return resource;
  }

  /** A value from the {@code Globals} section. */
  public JsonNode global(String section, String name) {
    return root.path("Globals").path(section).path(name);
  }

  public JsonNode parameter(String name) {
    return root.path("Parameters").path(name);
  }

  /** The function's handler string, as {@code sam build} and Lambda see it. */
  public String handler() {
    return resource("NotifierFunction").path("Properties").path("Handler").asText();
  }

  /** Any part of the template with {@code Ref}, {@code Fn::If} and {@code Fn::Equals} evaluated. */
  public JsonNode evaluate(JsonNode node, Map<String, String> parameters) {
    return resolve(node, parameters);
  }

  /** The rule's event pattern with the template's conditions evaluated for these parameters. */
  public JsonNode eventPattern(Map<String, String> parameters) {
    return resolve(resource("FindingsRule").path("Properties").path("EventPattern"), parameters);
  }

  private JsonNode resolve(JsonNode node, Map<String, String> parameters) {
    if (node.isObject() && node.size() == 1) {
      String key = node.fieldNames().next();
      JsonNode args = node.get(key);
      switch (key) {
        case "Ref":
          if (!parameters.containsKey(args.asText())) {
            throw new AssertionError("no value for parameter " + args.asText());
          }
          return TextNode.valueOf(parameters.get(args.asText()));
        case "Fn::If":
          return resolve(condition(args.get(0).asText(), parameters) ? args.get(1) : args.get(2), parameters);
        default:
          break;
      }
    }
    if (node.isObject()) {
      ObjectNode copy = YAML.createObjectNode();
      node.properties().forEach(e -> copy.set(e.getKey(), resolve(e.getValue(), parameters)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = YAML.createArrayNode();
      node.forEach(item -> copy.add(resolve(item, parameters)));
      return copy;
    }
    return node;
  }

  private boolean condition(String name, Map<String, String> parameters) {
    JsonNode condition = root.path("Conditions").path(name);
    JsonNode equals = condition.get("Fn::Equals");
    if (equals == null) {
      throw new AssertionError("condition " + name + " is not a long-form Fn::Equals the tests can evaluate");
    }
    return resolve(equals.get(0), parameters).asText().equals(resolve(equals.get(1), parameters).asText());
  }
}
