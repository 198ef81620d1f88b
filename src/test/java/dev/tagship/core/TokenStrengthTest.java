package dev.tagship.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TokenStrengthTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private static byte[] random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return value;
  }

  @Test
  void tokensFromOpensslRandAreAccepted() {
    for (int i = 0; i < 50; i++) {
      assertThat(TokenStrength.weakness(HexFormat.of().formatHex(random(16)))).isEmpty();
      assertThat(TokenStrength.weakness(HexFormat.of().formatHex(random(32)))).isEmpty();
      assertThat(TokenStrength.weakness(Base64.getEncoder().encodeToString(random(32)))).isEmpty();
    }
    assertThat(TokenStrength.weakness("a-test-token-that-is-long-enough-0123")).isEmpty();
  }

  @Test
  void oneRepeatedCharacterIsRefusedWhateverItsLength() {
    assertThat(TokenStrength.weakness("x".repeat(64)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("one character repeated"));
  }

  @Test
  void tokensUnder128BitsAreRefusedWithTheEstimate() {
    // 20 characters of lower-case letters and digits: 20 x log2(36) = 103 bits
    assertThat(TokenStrength.weakness("0123456789abcdef0123"))
        .hasValueSatisfying(reason -> assertThat(reason).contains("103 bits").contains("128"));
    // long, but a pattern: "ab" 31 times measures 62 bits by its character frequencies
    assertThat(TokenStrength.weakness("ab".repeat(31)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("pattern"));
  }

  @Test
  void theEstimateNeverShowsTheToken() {
    String token = "0123456789abcdef0123";
    assertThat(TokenStrength.weakness(token).orElseThrow()).doesNotContain(token);
  }

  /**
   * Issue 11: tokens "under 128 bits of entropy are refused". The estimate counts characters and
   * their frequencies, so a run of the alphabet or a 16-character sequence written twice passes as
   * 128 bits and more, though either is guessed at once.
   */
  @Test
  void sequencesAndRepeatedBlocksAreRefusedThoughEachCharacterIsRare() {
    assertThat(TokenStrength.weakness("0123456789abcdef0123456789abcdef")).isPresent();
    assertThat(TokenStrength.weakness("abcdefghijklmnopqrstuvwxyz012345")).isPresent();
  }
}
