package dev.sqliterest.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.io.FileInputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rule behind the worst bug this project had: closing any descriptor of a live database file
 * drops SQLite's POSIX locks, and another process then deletes the WAL under the server. Only the
 * classes below open files themselves; none of them is ever given the path of a live database, its
 * {@code -wal} or its {@code -shm}. Everything else reads those through {@code Database.files()}
 * (which closes its descriptors only after the last SQLite connection). Adding a class here needs
 * that same argument.
 */
final class LiveFileRuleTest {

  /** Classes that open files, and what they open. */
  private static final Set<String> OPENERS =
      Set.of(
          "dev.sqliterest.sqlite.LiveFiles$LiveFile", // the live database and WAL, closed after
          // SQLite
          "dev.sqliterest.replication.wal.WalReader", // open(Path): WAL copies and tests only
          "dev.sqliterest.replication.MetaDir", // files in the meta directory, directory fsync
          "dev.sqliterest.replication.ReplicatedDatabase", // local L0 files in the meta directory
          "dev.sqliterest.replication.Snapshotter", // its scratch file
          "dev.sqliterest.replication.Compactor", // its scratch file and local L0 files
          "dev.sqliterest.replication.Replica", // local L0 files to upload
          "dev.sqliterest.replication.CleanShutdown", // its marker file
          "dev.sqliterest.replication.client.file.FileReplicaClient", // the file replica
          "dev.sqliterest.replication.client.DirectorySync", // directories, to fsync them
          "dev.sqliterest.replication.restore.LtxRestorer", // the restore's temporary output
          "dev.sqliterest.replication.restore.RestoreOutput", // the restore's temporary output
          "dev.sqliterest.replication.restore.LegacyRestorer", // the restore's temporary output
          "dev.sqliterest.replication.follow.BatchFetcher", // downloads in the follower's
          // directory
          "dev.sqliterest.replication.follow.PageApplier", // the batch file in the follower's
          // directory (the database is written through Database.updatePages)
          "dev.sqliterest.replication.follow.FollowerDir", // the follower's stop record
          "dev.sqliterest.replication.restore.LocalState", // L0 files of a stopped database
          "dev.sqliterest.replication.restore.StartupRestore", // meta-directory files before
          // serving
          "dev.sqliterest.server.auth.WatchedFile", // key files
          "dev.sqliterest.server.migrate.Migrator", // migration files
          "dev.sqliterest.server.policy.PolicyFile", // the role policy file
          "dev.sqliterest.server.config.ConfigDocument", // the serve --config file
          "dev.sqliterest.server.cli.DemoCredentials", // the demo's secret
          "dev.sqliterest.server.cli.LtxDumpCommand", // an LTX file named on the command line
          "dev.sqliterest.server.cli.LtxVerifyCommand", // an LTX file named on the command line
          "dev.sqliterest.server.debug.ThreadDumps", // its temporary dump
          "dev.sqliterest.server.debug.JfrRecordings"); // its temporary recording

  private static final JavaClasses MAIN = MainClasses.ALL;

  @Test
  void onlyTheListedClassesOpenFiles() {
    noClasses()
        .that(
            DescribedPredicate.describe(
                "are not listed in OPENERS",
                (JavaClass c) ->
                    !OPENERS.contains(outermost(c.getName())) && !OPENERS.contains(c.getName())))
        .should()
        .callMethod(FileChannel.class, "open", Path.class, OpenOption[].class)
        .orShould()
        .callMethod(FileChannel.class, "open", Path.class, Set.class, FileAttribute[].class)
        .orShould()
        .callConstructor(RandomAccessFile.class, java.io.File.class, String.class)
        .orShould()
        .callConstructor(RandomAccessFile.class, String.class, String.class)
        .orShould()
        .callConstructor(FileInputStream.class, java.io.File.class)
        .orShould()
        .callConstructor(FileInputStream.class, String.class)
        .orShould()
        .callMethod(Files.class, "newInputStream", Path.class, OpenOption[].class)
        .orShould()
        .callMethod(Files.class, "newByteChannel", Path.class, OpenOption[].class)
        .orShould()
        .callMethod(Files.class, "newByteChannel", Path.class, Set.class, FileAttribute[].class)
        .orShould()
        .callMethod(Files.class, "readAllBytes", Path.class)
        .orShould()
        .callMethod(Files.class, "readString", Path.class)
        .orShould()
        .callMethod(Files.class, "readString", Path.class, java.nio.charset.Charset.class)
        .orShould()
        .callMethod(Files.class, "newBufferedReader", Path.class)
        .orShould()
        .callMethod(Files.class, "newBufferedReader", Path.class, java.nio.charset.Charset.class)
        .orShould()
        .callMethod(Files.class, "copy", Path.class, java.io.OutputStream.class)
        .because(
            "a closed descriptor of a live database, -wal or -shm drops SQLite's POSIX locks:"
                + " read them through Database.files(), or add the class to OPENERS with the reason"
                + " its files are never the live database")
        .check(MAIN);
  }

  private static String outermost(String name) {
    int dollar = name.indexOf('$');
    return dollar < 0 ? name : name.substring(0, dollar);
  }
}
