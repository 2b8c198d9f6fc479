package dev.stevedore.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.stevedore.testing.RepositoryRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Argo CD health scripts shipped with the chart, run by a real Lua 5.1 interpreter (as Argo CD's gopher-lua
 * is 5.1) against status fixtures. Each fixture's first line says "# expect: <Kind> <health status>".
 */
class ArgoCdHealthTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Stream<Path> fixtures() throws IOException {
    return Files.list(RepositoryRoot.get().resolve("operator/src/test/resources/argocd")).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void healthMatchesTheFixture(Path fixture) throws Exception {
    String[] expect = Files.readAllLines(fixture).get(0).replace("# expect:", "").trim().split(" ");
    Path script = RepositoryRoot.get().resolve("helm/stevedore/argocd/ecs.stevedore.dev_" + expect[0] + "/health.lua");
    String lua = "obj = " + luaValue(YAML.readTree(fixture.toFile())) + "\n"
        + "local hs = dofile(" + luaString(script.toString()) + ")\n"
        + "io.write(hs.status, '\\t', hs.message or '')\n";
    Process process = new ProcessBuilder("lua5.1", "-").redirectErrorStream(true).start();
    process.getOutputStream().write(lua.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output.split("\t")[0]).as("health of %s: %s", fixture.getFileName(), output).isEqualTo(expect[1]);
    assertThat(output.split("\t", 2)[1]).as("a message for people").isNotBlank();
  }

  /** JSON as a Lua table constructor, the way Argo CD hands objects to health scripts. */
  static String luaValue(JsonNode node) {
    if (node == null || node.isNull()) {
      return "nil";
    }
    if (node.isObject()) {
      StringBuilder s = new StringBuilder("{");
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        s.append('[').append(luaString(e.getKey())).append("]=").append(luaValue(e.getValue())).append(',');
      }
      return s.append('}').toString();
    }
    if (node.isArray()) {
      StringBuilder s = new StringBuilder("{");
      node.forEach(n -> s.append(luaValue(n)).append(','));
      return s.append('}').toString();
    }
    if (node.isNumber() || node.isBoolean()) {
      return node.asText();
    }
    return luaString(node.asText());
  }

  static String luaString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
