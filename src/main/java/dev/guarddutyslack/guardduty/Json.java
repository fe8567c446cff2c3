package dev.guarddutyslack.guardduty;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;

/**
 * The project's one {@link ObjectMapper}, configured to read real GuardDuty data leniently: unknown fields
 * ignored, numbers given as strings (and strings as numbers) accepted, a value of the wrong shape read as
 * absent instead of failing the whole finding.
 */
public final class Json {
  private Json() {}

  /** Builds the mapper; call once per execution environment and share it (it is thread-safe). */
  public static ObjectMapper newMapper() {
    SimpleModule lenientStrings = new SimpleModule("lenient-strings");
    lenientStrings.addDeserializer(String.class, new LenientStringDeserializer());
    ObjectMapper mapper = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        .enable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
        .enable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .addModule(lenientStrings)
        .addHandler(new ShapeTolerance())
        .build();
    mapper.coercionConfigDefaults()
        .setAcceptBlankAsEmpty(true)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.AsNull);
    mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert)
        .setCoercion(CoercionInputShape.Float, CoercionAction.TryConvert)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.TryConvert);
    return mapper;
  }

  /** Strings that arrive as numbers or booleans keep their text; objects and arrays keep their JSON. */
  private static final class LenientStringDeserializer extends JsonDeserializer<String> {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken token = p.currentToken();
      if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
        return p.readValueAsTree().toString();
      }
      if (token == JsonToken.VALUE_NULL) {
        return null;
      }
      return p.getValueAsString();
    }
  }

  /** A value of the wrong shape (an object where text was expected, "abc" for a number…) reads as absent. */
  private static final class ShapeTolerance extends DeserializationProblemHandler {
    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t,
                                        JsonParser p, String failureMsg) throws IOException {
      p.skipChildren();
      return null;
    }

    @Override
    public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                                            ValueInstantiator valueInsts, JsonParser p, String msg) throws IOException {
      p.skipChildren();
      return null;
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String valueToConvert,
                                         String failureMsg) {
      return null;
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number valueToConvert,
                                         String failureMsg) {
      return null;
    }
  }
}
