package dev.tagship.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import dev.tagship.core.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tagship-helm: built for this machine, the same Helm as helm-java's, started safely. */
class HelmHelperBinaryTest {

  @TempDir Path temp;

  @Test
  void theRollbackProgramRunsTheHelmVersionThatHelmJavaBundles() throws Exception {
    Process version = new ProcessBuilder(HelmHelperBinary.path().toString(), "version").start();
    assertThat(version.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String ours = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(ours.trim()).isEqualTo(Helm.version().call().trim());
  }

  @Test
  void aRequestThatIsNotJsonIsRefusedWithAResultSayingSo() throws Exception {
    Process rollback = new ProcessBuilder(HelmHelperBinary.path().toString(), "rollback").start();
    try (OutputStream in = rollback.getOutputStream()) {
      in.write("kubeconfig: here".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(rollback.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(rollback.exitValue()).isEqualTo(1);
    assertThat(new String(rollback.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("\"error\":\"the rollback request is not valid JSON");
  }

  @Test
  void aRequestLackingWhatHelmNeedsNamesEachMissingField() throws Exception {
    Process rollback = new ProcessBuilder(HelmHelperBinary.path().toString(), "rollback").start();
    try (OutputStream in = rollback.getOutputStream()) {
      in.write("{\"release\":\"shop\",\"revision\":0}".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(rollback.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(rollback.exitValue()).isEqualTo(1);
    assertThat(new String(rollback.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains(
            "lacks kubeconfig, namespace, revision (a positive number), timeoutSeconds (a positive"
                + " number)");
  }

  @Test
  void aProgramInsideAJarIsCopiedOutOnceAndOnlyUserExecutable() throws IOException {
    byte[] program = "#!/bin/sh\necho helm\n".getBytes(StandardCharsets.UTF_8);
    URL inJar = jarEntry(program);
    String sha256 = Sha256.hex(program);

    Path copied = HelmHelperBinary.extract(inJar, sha256, temp.resolve("cache").resolve(sha256));
    Path again = HelmHelperBinary.extract(inJar, sha256, temp.resolve("cache").resolve(sha256));

    assertThat(again).isEqualTo(copied);
    assertThat(Files.readAllBytes(copied)).isEqualTo(program);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copied)))
        .isEqualTo("rwx------");
    try (var files = Files.list(temp.resolve("cache").resolve(sha256))) {
      assertThat(files.toList()).containsExactly(copied);
    }
  }

  @Test
  void aCopyWhoseDigestDiffersFromTheBuildsIsRefusedAndRemoved() throws IOException {
    URL inJar = jarEntry("tampered".getBytes(StandardCharsets.UTF_8));
    Path folder = temp.resolve("cache").resolve("0".repeat(64));

    assertThatThrownBy(() -> HelmHelperBinary.extract(inJar, "0".repeat(64), folder))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("its build recorded " + "0".repeat(64));
    try (var files = Files.list(folder)) {
      assertThat(files.toList()).isEmpty();
    }
  }

  private URL jarEntry(byte[] content) throws IOException {
    Path jar = temp.resolve("tagship.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("dev/tagship/deploy/helm/linux-amd64/tagship-helm"));
      out.write(content);
      out.closeEntry();
    }
    return new URL("jar:" + jar.toUri() + "!/dev/tagship/deploy/helm/linux-amd64/tagship-helm");
  }
}
