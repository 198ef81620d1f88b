package dev.tagship.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A tag prefix and a component take exactly what their message says: ASCII letters, digits, {@code
 * - _ . /}, by git's rules for ref names; bidi controls, other non-ASCII text and shell
 * metacharacters are refused with the character named.
 */
class TagNamePartTest {

  @TempDir Path temp;

  private VersionRequest withPrefix(String prefix) {
    return VersionRequest.builder(temp).tagPrefix(prefix).build();
  }

  private VersionRequest withComponent(String component) {
    return VersionRequest.builder(temp).component(component).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v", "payments/v", "rel/", "release-", "a_b.c/v", "V2.", "x.lock"})
  void tagPrefixOfAllowedCharactersFollowingGitsRulesIsTaken(String prefix) {
    assertThat(withPrefix(prefix).tagPrefix()).isEqualTo(prefix);
  }

  @ParameterizedTest
  @ValueSource(strings = {"web", "services/web", "web.api", "web_2", "a-b"})
  void componentOfAllowedCharactersFollowingGitsRulesIsTaken(String component) {
    assertThat(withComponent(component).component()).isEqualTo(component);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "v;id", "v$(id)", "v`id`", "v|x", "v&x", "v>x", "v<x", "v'x", "v\"x", "v!x", "v#x", "v%x",
        "v=x", "v,x", "v+x", "v~x", "v^x", "v:x", "v?x", "v*x", "v[x", "v\\x", "v@{x", "v@x",
        "v x", " v", "v\t"
      })
  void shellMetacharactersAndGitSpecialsAreRefused(String prefix) {
    assertThatThrownBy(() -> withPrefix(prefix))
        .isInstanceOf(VersionException.class)
        .matches(e -> ((VersionException) e).isUsageError())
        .hasMessageContaining("(--tag-prefix, tagPrefix)")
        .hasMessageContaining("may hold only letters A-Z and a-z, digits, '-', '_', '.' and '/'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rel\u202Eease",
        "\u202Av",
        "v\u202B",
        "v\u202C",
        "v\u202D",
        "\u2066v",
        "v\u2067",
        "v\u2068",
        "v\u2069"
      })
  void bidiControlsAreRefusedNamedAsCodePoints(String prefix) {
    int bidi = prefix.codePoints().filter(c -> c > 0x7f).findFirst().orElseThrow();
    String code = String.format("U+%04X", bidi);

    assertThatThrownBy(() -> withPrefix(prefix))
        .isInstanceOf(VersionException.class)
        .hasMessageContaining("--tag-prefix")
        .hasMessageContaining("the character " + code + " " + Character.getName(bidi))
        .hasMessageContaining("which is invisible")
        .hasMessageContaining("<" + code + ">")
        .hasMessageNotContaining(new String(Character.toChars(bidi)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"wéb", "web\u00a0", "ｗeb", "web\u0000", "web\n", "web\u001b[31m"})
  void otherNonAsciiAndControlCharactersAreRefused(String component) {
    assertThatThrownBy(() -> withComponent(component))
        .isInstanceOf(VersionException.class)
        .hasMessageContaining("component '")
        .hasMessageContaining("(--component, component)")
        .hasMessageContaining("has the character U+")
        .hasMessageNotContaining("\u0000")
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining("\u001b")
        .hasMessageNotContaining("é");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a..b", "/v", "-v", "a//b", ".hidden/v", "x.lock/v"})
  void tagPrefixBreakingGitsRefRulesIsRefused(String prefix) {
    assertThatThrownBy(() -> withPrefix(prefix))
        .isInstanceOf(VersionException.class)
        .hasMessageContaining("tag prefix '" + prefix + "'")
        .hasMessageContaining("git's rules");
  }

  @ParameterizedTest
  @ValueSource(strings = {"web/", "a//b", ".web", "web.lock", "a..b", "/web", "services/.x"})
  void componentBreakingGitsRefRulesIsRefused(String component) {
    assertThatThrownBy(() -> withComponent(component))
        .isInstanceOf(VersionException.class)
        .hasMessageContaining("component '" + component + "' (--component, component)")
        .hasMessageContaining("git's rules");
  }
}
