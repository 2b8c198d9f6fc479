package dev.stevedore.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.stevedore.testing.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;

/**
 * The Argo CD health scripts shipped with the chart, run against status fixtures by LuaJ, a Lua VM that Maven
 * fetches like any other test dependency. Each fixture's first line says "# expect: <Kind> <health status>".
 *
 * <p>Argo CD runs a health script from {@code argocd-cm} in gopher-lua (Lua 5.1) with only the package, base and
 * table libraries open (util/lua/lua.go, unless the key asks for useOpenLibs), the object as the global
 * {@code obj}, and takes the table the script returns. The VM here opens the same libraries and no more, so a
 * script that reached for {@code string} or {@code math} fails here as it would there. LuaJ implements Lua 5.2:
 * the 5.2 additions a 5.1 VM lacks ({@code goto}, labels, {@code _ENV}, {@code rawlen}, {@code table.pack},
 * {@code table.unpack}) are refused or removed, and 5.1's global {@code unpack} is provided.
 */
class ArgoCdHealthTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  /** gitops-engine's health codes; Argo CD reports any other string as Unknown. */
  private static final Set<String> HEALTH_CODES =
      Set.of("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown");

  static Stream<Path> fixtures() throws IOException {
    return Files.list(RepositoryRoot.get().resolve("operator/src/test/resources/argocd")).sorted();
  }

  static Stream<Path> scripts() throws IOException {
    return Files.list(RepositoryRoot.get().resolve("helm/stevedore/argocd")).filter(Files::isDirectory)
        .map(d -> d.resolve("health.lua")).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void healthMatchesTheFixture(Path fixture) throws Exception {
    String[] expect = Files.readAllLines(fixture).get(0).replace("# expect:", "").trim().split(" ");
    Path script = RepositoryRoot.get().resolve("helm/stevedore/argocd/ecs.stevedore.dev_" + expect[0] + "/health.lua");

    Health health = HealthScript.of(script).run(YAML.readTree(fixture.toFile()));

    assertThat(health.status()).as("health of %s: %s", fixture.getFileName(), health).isEqualTo(expect[1]);
    assertThat(health.message()).as("a message for people").isNotBlank();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  void everyShippedScriptIsLua51AndHasFixtures(Path script) throws IOException {
    HealthScript.of(script);
    String kind = script.getParent().getFileName().toString().replace("ecs.stevedore.dev_", "");
    assertThat(fixtures().map(f -> firstLine(f))).as("fixtures for " + kind).anyMatch(l -> l.contains(" " + kind + " "));
  }

  // The checks below show that the runner can fail: a broken script is not a passing one.

  @Test
  void aScriptThatRaisesAnErrorFails(@TempDir Path dir) throws IOException {
    HealthScript script = HealthScript.of(write(dir, "error('the script is broken')"));

    assertThatThrownBy(() -> script.run(YAML.readTree("{metadata: {name: web}}")))
        .isInstanceOf(LuaError.class).hasMessageContaining("the script is broken");
  }

  @Test
  void aScriptThatDoesNotParseFails(@TempDir Path dir) throws IOException {
    HealthScript script = HealthScript.of(write(dir, "local hs = {status = 'Healthy'\nreturn hs"));

    assertThatThrownBy(() -> script.run(YAML.readTree("{metadata: {name: web}}"))).isInstanceOf(LuaError.class);
  }

  @Test
  void aScriptThatUsesALibraryArgoCdDoesNotOpenFails(@TempDir Path dir) throws IOException {
    HealthScript script = HealthScript.of(write(dir,
        "return {status = 'Healthy', message = string.format('%d tasks', obj.spec.desiredCount)}"));

    assertThatThrownBy(() -> script.run(YAML.readTree("{spec: {desiredCount: 2}}"))).isInstanceOf(LuaError.class);
  }

  @Test
  void aScriptThatReturnsAnUnknownStatusFails(@TempDir Path dir) throws IOException {
    HealthScript script = HealthScript.of(write(dir, "return {status = 'Fine', message = 'all good'}"));

    assertThatThrownBy(() -> script.run(YAML.readTree("{}"))).isInstanceOf(AssertionError.class)
        .hasMessageContaining("Fine");
  }

  @Test
  void lua52SyntaxIsRefused(@TempDir Path dir) throws IOException {
    Path script = write(dir, "for i = 1, 3 do\n  if i == 2 then goto done end\nend\n::done::\n"
        + "return {status = 'Healthy', message = 'x'}");

    assertThatThrownBy(() -> HealthScript.of(script)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("goto");
  }

  @Test
  void lua51GlobalsAreThereAndLua52OnesAreNot(@TempDir Path dir) throws IOException {
    HealthScript script = HealthScript.of(write(dir, "local a, b = unpack({'x', 'y'})\n"
        + "return {status = 'Healthy', message = a .. b .. tostring(rawlen) .. tostring(table.unpack)}"));

    assertThat(script.run(YAML.readTree("{}")).message()).isEqualTo("xynilnil");
  }

  private static Path write(Path dir, String lua) throws IOException {
    return Files.writeString(dir.resolve("health.lua"), lua);
  }

  private static String firstLine(Path file) {
    try {
      return Files.readAllLines(file).get(0) + " ";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** What Argo CD reads from the table a health script returns. */
  record Health(String status, String message) {}

  /** One health script, checked for Lua 5.1 syntax and run as Argo CD runs it. */
  static final class HealthScript {
    /** Lua 5.2 syntax that gopher-lua (5.1) does not parse. */
    private static final List<Pattern> LUA_52_SYNTAX =
        List.of(Pattern.compile("\\bgoto\\b"), Pattern.compile("::\\s*\\w+\\s*::"), Pattern.compile("\\b_ENV\\b"));
    private static final Pattern COMMENT = Pattern.compile("--(\\[(=*)\\[(?s).*?]\\2]|[^\\n]*)");
    private static final Pattern STRING = Pattern.compile("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'");

    private final Path file;
    private final String source;

    private HealthScript(Path file, String source) {
      this.file = file;
      this.source = source;
    }

    static HealthScript of(Path file) throws IOException {
      String source = Files.readString(file);
      String code = STRING.matcher(COMMENT.matcher(source).replaceAll(" ")).replaceAll("\"\"");
      for (Pattern construct : LUA_52_SYNTAX) {
        if (construct.matcher(code).find()) {
          throw new AssertionError(file + " uses Lua 5.2 syntax that Argo CD's Lua 5.1 VM refuses: " + construct);
        }
      }
      return new HealthScript(file, source);
    }

    /** Runs the script with {@code obj} set to the object, and reads the health it returns. */
    Health run(JsonNode object) {
      Globals globals = argoCdGlobals();
      globals.set("obj", luaValue(object));
      LuaValue returned = globals.load(source, "@" + file).call();
      if (!returned.istable()) {
        throw new AssertionError(file + " returned " + returned.typename() + ", not a table");
      }
      String status = returned.get("status").optjstring(null);
      if (!HEALTH_CODES.contains(status)) {
        throw new AssertionError(file + " returned the status " + status + ", which Argo CD reports as Unknown");
      }
      return new Health(status, returned.get("message").optjstring(""));
    }

    private static Globals argoCdGlobals() {
      Globals globals = new Globals();
      globals.load(new JseBaseLib());
      globals.load(new PackageLib());
      globals.load(new TableLib());
      LoadState.install(globals);
      LuaC.install(globals);
      LuaValue table = globals.get("table");
      globals.set("unpack", table.get("unpack"));
      table.set("unpack", LuaValue.NIL);
      table.set("pack", LuaValue.NIL);
      globals.set("rawlen", LuaValue.NIL);
      return globals;
    }

    /** JSON as Argo CD decodes it for Lua: objects and arrays as tables, every number a double, null as nil. */
    static LuaValue luaValue(JsonNode node) {
      if (node == null || node.isNull() || node.isMissingNode()) {
        return LuaValue.NIL;
      }
      if (node.isObject()) {
        LuaTable table = new LuaTable();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          table.rawset(e.getKey(), luaValue(e.getValue()));
        }
        return table;
      }
      if (node.isArray()) {
        LuaTable table = new LuaTable();
        int index = 1;
        for (JsonNode element : node) {
          table.rawset(index++, luaValue(element));
        }
        return table;
      }
      if (node.isNumber()) {
        return LuaValue.valueOf(node.asDouble());
      }
      if (node.isBoolean()) {
        return LuaValue.valueOf(node.asBoolean());
      }
      return LuaValue.valueOf(node.asText());
    }
  }
}
