package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sqlite-rest demo} as a person runs it, in a terminal (a pseudo-terminal from util-linux's
 * {@code script}), and as a program runs it, piped: human log lines and only the request lines
 * around the instructions in the first case, JSON in the second.
 */
final class TerminalLogTest {

  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
  private static final Pattern TIME = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ");

  @TempDir Path dir;
  private Process process;
  private Path output;

  @AfterEach
  void stop() {
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private List<String> demoCommand() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(
        java,
        "--enable-native-access=ALL-UNNAMED",
        "-cp",
        ProductionClassPath.get(),
        "dev.sqliterest.server.cli.Main",
        "demo",
        "--dir",
        dir.resolve("demo").toString(),
        "--http-addr",
        "127.0.0.1:0",
        "--metrics-addr",
        "");
  }

  private void start(List<String> command) throws Exception {
    output = dir.resolve("out.txt");
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
  }

  /** The output so far without colours and carriage returns, once {@code ready} holds for it. */
  private String awaitOutput(Predicate<String> ready) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    String text = "";
    while (System.nanoTime() < deadline) {
      text = ANSI.matcher(Files.readString(output)).replaceAll("").replace("\r", "");
      if (ready.test(text)) {
        return text;
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the demo did not get there; it printed:\n" + text);
  }

  /** Waits for the instructions, then asks for the books with the printed token. */
  private String requestBooks() throws Exception {
    String banner = awaitOutput(t -> t.contains("Stop with Ctrl-C."));
    Matcher base = Pattern.compile("at (http://localhost:\\d+)").matcher(banner);
    Matcher token = Pattern.compile("export TOKEN=(\\S+)").matcher(banner);
    assertThat(base.find() && token.find()).as(banner).isTrue();
    int status =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base.group(1) + "/books?limit=1"))
                    .header("Authorization", "Bearer " + token.group(1))
                    .build(),
                BodyHandlers.discarding())
            .statusCode();
    assertThat(status).isEqualTo(200);
    return awaitOutput(t -> t.contains("path=/books") || t.contains("\"path\":\"/books\""));
  }

  @Test
  void onATerminal_humanLinesAndNothingButRequestsAroundTheInstructions() throws Exception {
    List<String> command = new ArrayList<>();
    for (String word : demoCommand()) {
      command.add("'" + word.replace("'", "'\\''") + "'");
    }
    // script -q: no banner of its own; -e: its exit code is the command's; /dev/null: no typescript
    start(List.of("script", "-qec", String.join(" ", command), "/dev/null"));

    String out = requestBooks();

    assertThat(out.lines().filter(l -> l.startsWith("{"))).as(out).isEmpty();
    List<String> logLines = out.lines().filter(l -> TIME.matcher(l).find()).toList();
    assertThat(logLines)
        .as(out)
        .anyMatch(l -> l.matches(".* INFO +access request method=GET path=/books status=200 .*"));
    assertThat(logLines.stream().filter(l -> l.contains(" INFO ")))
        .as("the demo's INFO lines are requests only")
        .allMatch(l -> l.contains(" request method="));
    assertThat(out).contains("export TOKEN=", "curl -H \"Authorization: Bearer $TOKEN\"");
  }

  @Test
  void piped_oneJsonObjectPerLogLine() throws Exception {
    start(demoCommand());

    String out = requestBooks();

    List<String> logLines = out.lines().filter(l -> l.startsWith("{")).collect(Collectors.toList());
    assertThat(logLines)
        .as(out)
        .anyMatch(l -> l.contains("\"message\":\"request\"") && l.contains("\"status\":200"));
    assertThat(out.lines().filter(l -> TIME.matcher(l).find())).as(out).isEmpty();
    assertThat(out).contains("export TOKEN=");
  }
}
