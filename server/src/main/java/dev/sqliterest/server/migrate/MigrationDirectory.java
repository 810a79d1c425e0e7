package dev.sqliterest.server.migrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The migration files of one directory, by version. File names follow golang-migrate: {@code
 * ^([0-9]+)_(.*)\.(down|up)\.(.*)$}; other files are ignored (and listed in {@link #ignored()}, so
 * a misnamed {@code 1_books.drop.sql} can be pointed out). Subdirectories are not searched.
 */
public record MigrationDirectory(
    Path path, NavigableMap<Long, Migration> migrations, List<String> ignored) {

  private static final Pattern NAME = Pattern.compile("^([0-9]+)_(.*)\\.(down|up)\\.(.*)$");

  public static MigrationDirectory scan(Path dir) throws MigrationException {
    if (!Files.isDirectory(dir)) {
      throw new MigrationException(
          "migrations directory "
              + dir
              + (Files.exists(dir) ? " is not a directory" : " does not exist"));
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new MigrationException("list migrations directory " + dir + ": " + e.getMessage(), e);
    }
    Map<Long, Path> ups = new HashMap<>();
    Map<Long, Path> downs = new HashMap<>();
    Map<Long, String> titles = new HashMap<>();
    List<String> ignored = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      Matcher m = NAME.matcher(name);
      if (!m.matches()) {
        ignored.add(name);
        continue;
      }
      long version;
      try {
        version = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        throw new MigrationException(
            "migration " + file + ": version " + m.group(1) + " is too large", e);
      }
      Map<Long, Path> byDirection = m.group(3).equals("up") ? ups : downs;
      Path previous = byDirection.putIfAbsent(version, file);
      if (previous != null) {
        throw new MigrationException(
            "duplicate migration file: "
                + previous.getFileName()
                + " and "
                + name
                + " are both version "
                + version
                + " "
                + m.group(3));
      }
      titles.putIfAbsent(version, m.group(2));
    }
    NavigableMap<Long, Migration> migrations = new TreeMap<>();
    titles.forEach(
        (version, title) ->
            migrations.put(
                version,
                new Migration(
                    version,
                    title,
                    Optional.ofNullable(ups.get(version)),
                    Optional.ofNullable(downs.get(version)))));
    return new MigrationDirectory(dir, migrations, List.copyOf(ignored));
  }

  public boolean isEmpty() {
    return migrations.isEmpty();
  }

  public Optional<Migration> get(long version) {
    return Optional.ofNullable(migrations.get(version));
  }
}
