package dev.tagship.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {

  @Test
  void secretAndItsEncodingsAreMasked() {
    String secret = "p@ss w0rd/+";
    SecretMasker masker = SecretMasker.of(List.of(secret));
    String base64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
    String urlEncoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);

    String masked = masker.mask("plain " + secret + " b64 " + base64 + " url " + urlEncoded);

    assertThat(masked).isEqualTo("plain **** b64 **** url ****");
  }

  /**
   * Issue 11: a secret is masked "with its base64 and URL encodings". Only three spellings were:
   * padded base64, unpadded base64url and Java's form encoding. Base64 without its padding (what
   * {@code base64 | tr -d =} and JWT-style tools print), the URL encoding of a path or of
   * JavaScript's encodeURIComponent (space as %20, '/' kept) and lower-case percent escapes went
   * out in clear.
   */
  @Test
  void theOtherCommonSpellingsOfBase64AndUrlEncodingAreMaskedToo() {
    String secret = "Sup3r/Secret+Pass?&= x";
    SecretMasker masker = SecretMasker.of(List.of(secret));
    String unpadded =
        Base64.getEncoder()
            .withoutPadding()
            .encodeToString(secret.getBytes(StandardCharsets.UTF_8));
    String percent = "Sup3r%2FSecret%2BPass%3F%26%3D%20x";
    String pathStyle = "Sup3r/Secret%2BPass%3F%26%3D%20x";
    String lowerCase = "Sup3r%2fSecret%2bPass%3f%26%3d+x";

    assertThat(masker.mask("b64 " + unpadded)).isEqualTo("b64 ****");
    assertThat(masker.mask("uri " + percent)).isEqualTo("uri ****");
    assertThat(masker.mask("path " + pathStyle)).isEqualTo("path ****");
    assertThat(masker.mask("lower " + lowerCase)).isEqualTo("lower ****");
  }

  @Test
  void longerSecretContainingAShorterOneIsMaskedWhole() {
    SecretMasker masker = SecretMasker.of(List.of("abc-12", "abc-12-def"));

    assertThat(masker.mask("x abc-12-def y abc-12")).isEqualTo("x **** y ****");
  }

  @Test
  void veryShortValuesAreNotTreatedAsSecrets() {
    assertThat(SecretMasker.of(List.of("1", "")).mask("build 1 of 10")).isEqualTo("build 1 of 10");
  }

  @Test
  void aValueTooShortToBeASecretLeavesOrdinaryWordsAlone() {
    SecretMasker masker = SecretMasker.of(List.of("short", "12345"));

    assertThat(masker.mask("the sign-in token is too short to be safe; a shortcut; 12345"))
        .isEqualTo("the sign-in token is too short to be safe; a shortcut; 12345");
  }

  @Test
  void aValueOfLettersOnlyIsMaskedWhereItStandsWholeButNotInsideAnotherWord() {
    SecretMasker masker = SecretMasker.of(List.of("sunshine", "20250101"));

    assertThat(masker.mask("password=sunshine; sunshines, nosunshine, 'sunshine' on 20250101"))
        .isEqualTo("password=****; sunshines, nosunshine, '****' on ****");
    assertThat(masker.mask("build 202501017 and sunshine_x"))
        .isEqualTo("build 202501017 and sunshine_x");
  }

  @Test
  void aValueMixingLettersDigitsOrSymbolsIsMaskedEvenInsideOtherText() {
    SecretMasker masker = SecretMasker.of(List.of("abc123"));

    assertThat(masker.mask("xabc123y and abc123")).isEqualTo("x****y and ****");
  }

  @Test
  void withAddsSecretsWithoutChangingTheOriginal() {
    SecretMasker first = SecretMasker.of(List.of("alpha-secret"));
    SecretMasker both = first.with(List.of("beta-secret"));

    assertThat(first.mask("alpha-secret beta-secret")).isEqualTo("**** beta-secret");
    assertThat(both.mask("alpha-secret beta-secret")).isEqualTo("**** ****");
  }
}
