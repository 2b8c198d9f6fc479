package dev.stevedore.convert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The handwritten input cases under src/test/resources/convert, one folder per input kind: the input files, an
 * optional {@code args} file with extra command-line arguments, and the golden outputs {@code expected-*}.
 */
final class ConvertCases {
  static final Path ROOT = Path.of("src/test/resources/convert");

  private ConvertCases() {}

  static List<Path> cases() {
    try (Stream<Path> dirs = Files.list(ROOT)) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The command line that converts a case to {@code target}, without output options. */
  static List<String> args(Path caseDir, String target) {
    List<String> args = new ArrayList<>(inputs(caseDir).stream().map(Path::toString).toList());
    args.addAll(List.of("--to", target));
    Path extra = caseDir.resolve("args");
    if (Files.exists(extra)) {
      try {
        args.addAll(Arrays.asList(Files.readString(extra).trim().split("\\s+")));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return args;
  }

  static List<Path> inputs(Path caseDir) {
    try (Stream<Path> files = Files.list(caseDir)) {
      return files.filter(f -> {
        String name = f.getFileName().toString();
        return !name.equals("args") && !name.startsWith("expected-");
      }).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
