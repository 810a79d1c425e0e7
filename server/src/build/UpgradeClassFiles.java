import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.constant.ClassDesc;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Rewrites the class files of a jar that are older than Java 6 (class file version below 50:
 * picocli's, compiled for Java 5) as Java 8 class files with stack maps, so that the JDK's AOT
 * cache can hold them: it skips such classes ("Old class has been linked"), and picocli's 181 were
 * the largest part of a command's start that no cache held (docs/PERFORMANCE.md, Restore). The
 * bytecode stays as it is; the JDK's Class-File API (JDK 24+) computes the stack maps, and the
 * JVM's verifier checks them when it loads the classes. server/pom.xml runs this on the runnable
 * jar at {@code package}.
 *
 * <p>Usage: {@code java UpgradeClassFiles.java JAR}
 */
public final class UpgradeClassFiles {

  private static final int FIRST_WITH_STACK_MAPS = 50;
  private static final int TARGET_MAJOR = 52;

  public static void main(String[] args) throws IOException {
    Path jar = Path.of(args[0]);
    try (FileSystem zip = FileSystems.newFileSystem(jar)) {
      ClassHierarchyResolver inJar =
          ClassHierarchyResolver.ofResourceParsing(desc -> open(zip, desc));
      ClassFile classFile =
          ClassFile.of(
              ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
              ClassFile.ClassHierarchyResolverOption.of(
                  inJar.orElse(ClassHierarchyResolver.defaultResolver())));
      Map<Path, byte[]> upgraded = new LinkedHashMap<>();
      for (Path entry : classFiles(zip)) {
        byte[] bytes = Files.readAllBytes(entry);
        if (major(bytes) < FIRST_WITH_STACK_MAPS) {
          ClassTransform toTarget =
              ClassTransform.endHandler(c -> c.withVersion(TARGET_MAJOR, 0))
                  // rebuilding every method's code is what makes the API compute its stack maps
                  .andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL));
          upgraded.put(entry, classFile.transformClass(classFile.parse(bytes), toTarget));
        }
      }
      for (var e : upgraded.entrySet()) {
        Files.write(e.getKey(), e.getValue());
      }
      System.out.println(
          "UpgradeClassFiles: " + upgraded.size() + " class files of " + jar + " now version 52");
    }
  }

  private static List<Path> classFiles(FileSystem zip) throws IOException {
    try (Stream<Path> all = Files.walk(zip.getPath("/"))) {
      return all.filter(p -> p.toString().endsWith(".class")).toList();
    }
  }

  private static int major(byte[] classFile) {
    return ((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF);
  }

  /** The class file of {@code desc} in the jar, or {@code null} (the JDK's resolver then). */
  private static InputStream open(FileSystem zip, ClassDesc desc) {
    String name = desc.descriptorString();
    Path p = zip.getPath(name.substring(1, name.length() - 1) + ".class");
    try {
      return Files.exists(p) ? Files.newInputStream(p) : null;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
