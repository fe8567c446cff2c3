package dev.guarddutyslack.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTreeTest {
  private static final JsonFactory JSON = new JsonFactory();
  /** The reference the streaming reader must agree with. */
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String EVERY_KIND = """
      {"text":"caf\\u00e9 \\ud83d\\ude80","int":7,"long":9007199254740993,"big":123456789012345678901234567890,
       "float":8.9,"true":true,"false":false,"null":null,"empty":{},"list":[1,[2,{"a":[]}],"x"]}""";

  @Test
  void readsEveryKindOfValueAsJacksonsOwnReaderDoes() throws IOException {
    JsonNode expected = MAPPER.readTree(EVERY_KIND);
    assertThat(JsonTree.read(JSON, EVERY_KIND)).isEqualTo(expected);
    assertThat(JsonTree.read(JSON, EVERY_KIND.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    assertThat(JsonTree.read(JSON, new ByteArrayInputStream(EVERY_KIND.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(expected);
    JsonNode read = JsonTree.read(JSON, EVERY_KIND);
    assertThat(read.get("long").longValue()).isEqualTo(9007199254740993L);
    assertThat(read.get("big").bigIntegerValue()).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(read.get("text").textValue()).isEqualTo("café 🚀");
  }

  @Test
  void emptyInputIsAMissingNodeAndNotJsonIsAnError() throws IOException {
    assertThat(JsonTree.read(JSON, "").isMissingNode()).isTrue();
    assertThat(JsonTree.read(JSON, "  \n").isMissingNode()).isTrue();
    assertThatThrownBy(() -> JsonTree.read(JSON, "{\"a\":")).isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> JsonTree.read(JSON, "{} {}")).isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("more than one JSON value");
    assertThatThrownBy(() -> JsonTree.read(JSON, "[1,]")).isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void jacksonsStreamLimitsApply() {
    JsonFactory shallow = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(10).build()).build();
    String deep = "[".repeat(11) + "]".repeat(11);
    assertThatThrownBy(() -> JsonTree.read(shallow, deep)).isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("depth");
  }

  @Test
  void writesATreeBackAsTheSameJson() throws IOException {
    JsonNode tree = JsonTree.read(JSON, EVERY_KIND);
    StringWriter out = new StringWriter();
    try (var g = JSON.createGenerator(out)) {
      JsonTree.write(g, tree);
    }
    assertThat(MAPPER.readTree(out.toString())).isEqualTo(MAPPER.readTree(EVERY_KIND));
  }

  @Test
  void writingScaffoldsOneObjectForBytesTextAndStreams() throws IOException {
    JsonWriting.Fields fields = g -> {
      g.writeStringField("id", "a<b");
      g.writeNumberField("n", 2);
    };
    String expected = "{\"id\":\"a<b\",\"n\":2}";
    assertThat(new String(JsonWriting.bytes(JSON, fields), StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(JsonWriting.text(JSON, fields)).isEqualTo(expected);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonWriting.to(out, JSON, fields);
    out.write('\n');
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected + "\n");
  }

  @Test
  void aFailingWriterSurfacesAsAnUncheckedError() {
    JsonWriting.Fields failing = g -> {
      throw new IOException("boom");
    };
    assertThatThrownBy(() -> JsonWriting.bytes(JSON, failing)).isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("JSON could not be written").hasRootCauseMessage("boom");
    assertThatThrownBy(() -> JsonWriting.text(JSON, failing)).isInstanceOf(java.io.UncheckedIOException.class);
  }
}
