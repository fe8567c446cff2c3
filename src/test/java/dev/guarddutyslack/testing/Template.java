package dev.guarddutyslack.testing;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A CloudFormation/SAM template as the tests see it. The YAML is read as CloudFormation reads it: the
 * short-form tags ({@code !Ref}, {@code !If}, {@code !GetAtt a.b}, …) become their long forms
 * ({@code Ref}, {@code Fn::If}, {@code Fn::GetAtt: [a, b]}), which a plain YAML reader would drop.
 * The condition functions and {@code Ref} to parameters are evaluated as CloudFormation does; a {@code Ref}
 * to a resource is left as it is, or handed to a caller's policy (SAM CLI's, for example).
 *
 * @see <a href="https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html">Intrinsic functions</a>
 * @see <a href="https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html">Rules</a>
 */
public final class Template {
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** What a value that CloudFormation drops ({@code AWS::NoValue}) resolves to while evaluating. */
  public static final JsonNode NO_VALUE = NullNode.getInstance();
  private final JsonNode root;

  private Template(JsonNode root) {
    this.root = root;
  }

  public static Template load() {
    return load("template.yaml");
  }

  /** A template already in JSON form, such as the output of the SAM transform. */
  public static Template of(JsonNode root) {
    return new Template(root);
  }

  public static Template load(String file) {
    Path path = Fixtures.BASE.resolve(file);
    try (YAMLParser parser = YAML.createParser(path.toFile())) {
      parser.nextToken();
      return new Template(read(parser));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One YAML node at the parser's current token, with a short-form tag turned into its long form. */
  private static JsonNode read(YAMLParser parser) throws IOException {
    String tag = parser.getTypeId();
    JsonNode value;
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      ObjectNode object = NODES.objectNode();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        object.set(name, read(parser));
      }
      value = object;
    } else if (token == JsonToken.START_ARRAY) {
      ArrayNode array = NODES.arrayNode();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        array.add(read(parser));
      }
      value = array;
    } else if (token == JsonToken.VALUE_NULL) {
      value = NullNode.getInstance();
    } else if (token == JsonToken.VALUE_NUMBER_INT) {
      value = NODES.numberNode(parser.getLongValue());
    } else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
      value = NODES.numberNode(parser.getDecimalValue());
    } else if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
      value = NODES.booleanNode(token == JsonToken.VALUE_TRUE);
    } else {
      value = TextNode.valueOf(parser.getText());
    }
    if (tag == null || tag.isEmpty()) {
      return value;
    }
    String name = tag.startsWith("!") ? tag.substring(1) : tag;
    ObjectNode longForm = NODES.objectNode();
    switch (name) {
      case "Ref", "Condition" -> longForm.set(name, value);
      case "GetAtt" -> {
        if (value.isTextual()) {
          String text = value.asText();
          int dot = text.indexOf('.');
          longForm.set("Fn::GetAtt", NODES.arrayNode().add(text.substring(0, dot)).add(text.substring(dot + 1)));
        } else {
          longForm.set("Fn::GetAtt", value);
        }
      }
      default -> longForm.set("Fn::" + name, value);
    }
    return longForm;
  }

  public JsonNode root() {
    return root;
  }

  public JsonNode resource(String name) {
    JsonNode resource = root.path("Resources").path(name);
    if (resource.isMissingNode()) {
      throw new AssertionError("the template has no resource " + name);
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

  /** The resources of one type, by logical id, in template order. */
  public Map<String, JsonNode> resourcesOfType(String type) {
    Map<String, JsonNode> found = new LinkedHashMap<>();
    root.path("Resources").properties().forEach(e -> {
      if (type.equals(e.getValue().path("Type").asText())) {
        found.put(e.getKey(), e.getValue());
      }
    });
    return found;
  }

  /** The function's handler string, as {@code sam build} and Lambda see it. */
  public String handler() {
    return resource("NotifierFunction").path("Properties").path("Handler").asText();
  }

  /** Every parameter's default, overridden by the values given. */
  public Map<String, String> parameterValues(Map<String, String> overrides) {
    Map<String, String> values = new LinkedHashMap<>();
    root.path("Parameters").properties().forEach(p -> {
      if (p.getValue().has("Default")) {
        values.put(p.getKey(), p.getValue().get("Default").asText());
      }
    });
    values.putAll(overrides);
    return values;
  }

  /**
   * Any part of the template with parameter {@code Ref}s, {@code Fn::If} and the condition functions
   * evaluated as CloudFormation would for these parameters (defaults for the others); {@code Ref} to a
   * resource or a pseudo parameter and other functions are left as they are.
   */
  public JsonNode evaluate(JsonNode node, Map<String, String> parameters) {
    return new Evaluator(parameterValues(parameters), name -> null).resolve(node);
  }

  /** Like {@link #evaluate}, with {@code Ref}s that are not parameters resolved by {@code otherRefs} (null: left). */
  public JsonNode evaluate(JsonNode node, Map<String, String> parameters, Function<String, JsonNode> otherRefs) {
    return new Evaluator(parameterValues(parameters), otherRefs).resolve(node);
  }

  /** Whether a named condition holds for these parameters. */
  public boolean condition(String name, Map<String, String> parameters) {
    return new Evaluator(parameterValues(parameters), ref -> null).condition(name);
  }

  /** The rule's event pattern with the template's conditions evaluated for these parameters. */
  public JsonNode eventPattern(Map<String, String> parameters) {
    return eventPattern("FindingsRule", parameters);
  }

  public JsonNode eventPattern(String rule, Map<String, String> parameters) {
    return evaluate(resource(rule).path("Properties").path("EventPattern"), parameters);
  }

  /**
   * Whether every assertion of the template's {@code Rules} holds for these parameters, that is, whether
   * CloudFormation would accept them; the descriptions of those that fail otherwise.
   */
  public Map<String, Boolean> ruleAssertions(Map<String, String> parameters) {
    Evaluator evaluator = new Evaluator(parameterValues(parameters), ref -> null);
    Map<String, Boolean> results = new LinkedHashMap<>();
    root.path("Rules").properties().forEach(rule -> {
      boolean applies = !rule.getValue().has("RuleCondition")
          || evaluator.truth(evaluator.resolve(rule.getValue().get("RuleCondition")));
      for (JsonNode assertion : rule.getValue().path("Assertions")) {
        results.put(rule.getKey() + ": " + assertion.path("AssertDescription").asText(),
            !applies || evaluator.truth(evaluator.resolve(assertion.get("Assert"))));
      }
    });
    return results;
  }

  /** Evaluates the intrinsic functions the tests need, for one set of parameter values. */
  private final class Evaluator {
    private final Map<String, String> parameters;
    private final Function<String, JsonNode> otherRefs;
    private final Map<String, Boolean> conditions = new HashMap<>();

    Evaluator(Map<String, String> parameters, Function<String, JsonNode> otherRefs) {
      this.parameters = parameters;
      this.otherRefs = otherRefs;
    }

    JsonNode resolve(JsonNode node) {
      if (node.isObject() && node.size() == 1) {
        String key = node.fieldNames().next();
        JsonNode args = node.get(key);
        switch (key) {
          case "Ref" -> {
            String name = args.asText();
            if (name.equals("AWS::NoValue")) {
              return NO_VALUE;
            }
            if (parameters.containsKey(name)) {
              return parameterValue(name);
            }
            JsonNode other = otherRefs.apply(name);
            return other != null ? other : node;
          }
          case "Fn::If" -> {
            return resolve(condition(args.get(0).asText()) ? args.get(1) : args.get(2));
          }
          case "Fn::Equals" -> {
            return NODES.booleanNode(resolve(args.get(0)).equals(resolve(args.get(1))));
          }
          case "Fn::Not" -> {
            return NODES.booleanNode(!truth(resolve(args.get(0))));
          }
          case "Fn::And", "Fn::Or" -> {
            boolean and = key.equals("Fn::And");
            boolean result = and;
            for (JsonNode arg : args) {
              boolean value = truth(resolve(arg));
              result = and ? result && value : result || value;
            }
            return NODES.booleanNode(result);
          }
          case "Condition" -> {
            return NODES.booleanNode(condition(args.asText()));
          }
          case "Fn::Contains" -> {
            // A rule function: whether the list holds the value.
            JsonNode list = resolve(args.get(0));
            JsonNode value = resolve(args.get(1));
            boolean found = false;
            for (JsonNode item : list) {
              found |= item.equals(value);
            }
            return NODES.booleanNode(found);
          }
          case "Fn::Join" -> {
            JsonNode items = resolve(args.get(1));
            if (items.isArray() && allText(items)) {
              List<String> parts = new ArrayList<>();
              items.forEach(item -> parts.add(item.asText()));
              return TextNode.valueOf(String.join(args.get(0).asText(), parts));
            }
            return node;
          }
          case "Fn::Split" -> {
            // As CloudFormation splits: every part, empty ones too.
            JsonNode source = resolve(args.get(1));
            if (source.isTextual()) {
              ArrayNode parts = NODES.arrayNode();
              for (String part : source.asText().split(java.util.regex.Pattern.quote(args.get(0).asText()), -1)) {
                parts.add(part);
              }
              return parts;
            }
            return node;
          }
          case "Fn::Sub" -> {
            String text = args.isArray() ? args.get(0).asText() : args.asText();
            Map<String, JsonNode> variables = new HashMap<>();
            if (args.isArray()) {
              args.get(1).properties().forEach(e -> variables.put(e.getKey(), resolve(e.getValue())));
            }
            return substitute(node, text, variables);
          }
          default -> {
            // Other functions stay as they are.
          }
        }
      }
      if (node.isObject()) {
        ObjectNode copy = NODES.objectNode();
        node.properties().forEach(e -> {
          JsonNode value = resolve(e.getValue());
          if (value != NO_VALUE) {
            copy.set(e.getKey(), value);
          }
        });
        return copy;
      }
      if (node.isArray()) {
        ArrayNode copy = NODES.arrayNode();
        node.forEach(item -> {
          JsonNode value = resolve(item);
          if (value != NO_VALUE) {
            copy.add(value);
          }
        });
        return copy;
      }
      return node;
    }

    /** A parameter's value as {@code Ref} gives it: a list for the list types, text otherwise. */
    private JsonNode parameterValue(String name) {
      String value = parameters.get(name);
      if (root.path("Parameters").path(name).path("Type").asText().startsWith("CommaDelimitedList")) {
        ArrayNode list = NODES.arrayNode();
        for (String item : value.split(",", -1)) {
          list.add(item.strip());
        }
        return list;
      }
      return TextNode.valueOf(value);
    }

    private static boolean allText(JsonNode items) {
      for (JsonNode item : items) {
        if (!item.isTextual()) {
          return false;
        }
      }
      return true;
    }

    /**
     * {@code Fn::Sub}: each {@code ${Name}} from the function's own variables, then the parameters (pseudo
     * parameters such as {@code AWS::Partition} when the caller gives them). Left as it is when one is unknown.
     */
    private JsonNode substitute(JsonNode node, String text, Map<String, JsonNode> variables) {
      StringBuilder out = new StringBuilder();
      int at = 0;
      while (true) {
        int start = text.indexOf("${", at);
        if (start < 0) {
          out.append(text.substring(at));
          return TextNode.valueOf(out.toString());
        }
        int end = text.indexOf('}', start);
        String name = text.substring(start + 2, end);
        JsonNode value = variables.containsKey(name) ? variables.get(name)
            : parameters.containsKey(name) ? parameterValue(name) : null;
        if (value == null || !value.isTextual()) {
          return node;
        }
        out.append(text, at, start).append(value.asText());
        at = end + 1;
      }
    }

    boolean condition(String name) {
      Boolean known = conditions.get(name);
      if (known != null) {
        return known;
      }
      JsonNode definition = root.path("Conditions").path(name);
      if (definition.isMissingNode()) {
        throw new AssertionError("the template has no condition " + name);
      }
      boolean value = truth(resolve(definition));
      conditions.put(name, value);
      return value;
    }

    boolean truth(JsonNode value) {
      if (!value.isBoolean()) {
        throw new AssertionError("not a condition value: " + value);
      }
      return value.asBoolean();
    }
  }
}
