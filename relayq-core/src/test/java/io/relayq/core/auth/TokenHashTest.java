package io.relayq.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenHashTest {
  @Test
  void hashIsTheHexSha256OfTheToken() {
    // SHA-256("abc") from FIPS 180-2, appendix B.1
    assertThat(TokenHash.of("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void equalHashesMatchAndAnyDifferenceDoesNot() {
    String h = TokenHash.of(ApiTokens.generate());
    assertThat(TokenHash.matches(h, new String(h.toCharArray()))).isTrue();
    char[] last = h.toCharArray();
    last[last.length - 1] = last[last.length - 1] == '0' ? '1' : '0';
    assertThat(TokenHash.matches(h, new String(last))).isFalse();
    char[] first = h.toCharArray();
    first[0] = first[0] == '0' ? '1' : '0';
    assertThat(TokenHash.matches(h, new String(first))).isFalse();
    assertThat(TokenHash.matches(h, h.substring(1))).isFalse();
    assertThat(TokenHash.matches(h, null)).isFalse();
    assertThat(TokenHash.matches(null, h)).isFalse();
  }

  @Test
  void generatedTokensAreLongRandomAndRecognisable() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String t = ApiTokens.generate();
      assertThat(t).matches("rq_[0-9A-Za-z]{32}");
      seen.add(t);
    }
    assertThat(seen).hasSize(1000);
    // 32 base62 characters carry 32 * log2(62) > 190 bits, well above 128
    assertThat(32 * Math.log(62) / Math.log(2)).isGreaterThan(128);
  }

  @Test
  void tokenNamesAreShortPlainWords() {
    assertThat(ApiTokens.isValidName("laptop-anna")).isTrue();
    assertThat(ApiTokens.isValidName("ci.build_1")).isTrue();
    assertThat(ApiTokens.isValidName("-x")).isFalse();
    assertThat(ApiTokens.isValidName("a b")).isFalse();
    assertThat(ApiTokens.isValidName("x".repeat(65))).isFalse();
    assertThatThrownBy(() -> ApiTokens.checkName("")).hasMessageContaining("1-64 letters");
  }

  @Test
  void rolesReadTheirWireNames() {
    for (TokenRole r : TokenRole.values()) {
      assertThat(TokenRole.fromWire(r.wireName())).isEqualTo(r);
    }
    assertThatThrownBy(() -> TokenRole.fromWire("root")).hasMessageContaining("admin, submit, read, worker");
  }
}
