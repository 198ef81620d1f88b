package dev.tagship.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTreeTest {

  private static JsonTree parse(String json) throws IOException {
    return JsonTree.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsAnImageIndexTheWayItsReadersAskForIt() throws IOException {
    JsonTree index =
        parse(
            """
            {"schemaVersion": 2, "manifests": [
              {"mediaType": "application/vnd.oci.image.manifest.v1+json",
               "digest": "sha256:abc", "size": 918,
               "annotations": {"org.opencontainers.image.ref.name": "1.0.0"}},
              {"digest": "sha256:def", "size": "12", "annotations": null}
            ], "big": 123456789012345678901234567890, "ratio": 0.5, "ok": true}
            """);

    List<String> digests = new ArrayList<>();
    index.path("manifests").forEach(manifest -> digests.add(manifest.path("digest").asText()));
    JsonTree first = index.path("manifests").iterator().next();

    assertThat(digests).containsExactly("sha256:abc", "sha256:def");
    assertThat(index.path("manifests").size()).isEqualTo(2);
    assertThat(first.path("size").asLong(-1)).isEqualTo(918);
    assertThat(first.path("annotations").path("org.opencontainers.image.ref.name").asText(null))
        .isEqualTo("1.0.0");
    assertThat(index.path("schemaVersion").asText()).isEqualTo("2");
    assertThat(index.path("ok").asText()).isEqualTo("true");
    assertThat(index.path("ratio").asLong(-1)).isEqualTo(-1);
    assertThat(index.path("big").asLong(-1)).isEqualTo(-1);
    assertThat(index.fields().keySet())
        .containsExactly("schemaVersion", "manifests", "big", "ratio", "ok");
  }

  @Test
  void missingAndNullAreEmptyNeverAnError() throws IOException {
    JsonTree tree = parse("{\"a\": null, \"list\": [1]}");

    assertThat(tree.path("a").asText("fallback")).isEqualTo("fallback");
    assertThat(tree.path("nothing").path("deeper").asText()).isEmpty();
    assertThat(tree.path("nothing").asLong(7)).isEqualTo(7);
    assertThat(tree.path("list").path("x").size()).isZero();
    assertThat(tree.path("a").iterator().hasNext()).isFalse();
    assertThat(tree.path("list").asText(null)).isNull();
  }

  @Test
  void whatIsNotOneJsonDocumentIsRefused() {
    assertThatThrownBy(() -> parse("")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> parse("{\"a\": 1} {\"b\": 2}"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("more than one");
    assertThatThrownBy(() -> parse("{\"a\": ")).isInstanceOf(IOException.class);
  }
}
