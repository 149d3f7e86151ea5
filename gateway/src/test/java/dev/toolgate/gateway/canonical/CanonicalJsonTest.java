package dev.toolgate.gateway.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  private static String canonical(String json) throws Exception {
    return CanonicalJson.of(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void keyOrderAndWhitespaceDoNotMatter() throws Exception {
    assertThat(canonical("{ \"b\" : 1,\n\t\"a\": {\"y\": [1, 2], \"x\": null} }"))
        .isEqualTo(canonical("{\"a\":{\"x\":null,\"y\":[1,2]},\"b\":1}"))
        .isEqualTo("{\"a\":{\"x\":null,\"y\":[1,2]},\"b\":1}");
  }

  @Test
  void numberSpellingDoesNotMatter() throws Exception {
    for (String one : new String[] {"1", "1.0", "1e0", "1E+0", "10E-1", "0.1e1", "1.000"}) {
      assertThat(canonical("{\"n\":" + one + "}")).as(one).isEqualTo("{\"n\":1}");
    }
    assertThat(canonical("[-0, 0.0, -0.0e5]")).isEqualTo("[0,0,0]");
    assertThat(canonical("[1500, 1.5e3, 15E2]")).isEqualTo("[1500,1500,1500]");
    assertThat(canonical("[0.000001, 1e-6]")).isEqualTo("[0.000001,0.000001]");
  }

  @Test
  void differentNumbersStayDifferentEvenBeyondDoublePrecision() throws Exception {
    assertThat(canonical("[12345678901234567890]"))
        .isNotEqualTo(canonical("[12345678901234567891]"));
    assertThat(canonical("[0.1]")).isNotEqualTo(canonical("[0.10000000000000001]"));
  }

  @Test
  void veryLargeAndSmallNumbersUseExponents() {
    assertThat(CanonicalJson.number(new BigDecimal("1e21"))).isEqualTo("1e+21");
    assertThat(CanonicalJson.number(new BigDecimal("-1.25e-8"))).isEqualTo("-1.25e-8");
    assertThat(CanonicalJson.number(new BigDecimal("123456789012345678901")))
        .isEqualTo("123456789012345678901");
    assertThat(CanonicalJson.number(new BigDecimal("1234567890123456789012")))
        .isEqualTo("1.234567890123456789012e+21");
  }

  @Test
  void stringsUseTheShortestEscapes() throws Exception {
    assertThat(canonical("[\"\\u0041\\/\\u00e9\"]")).isEqualTo("[\"A/é\"]");
    assertThat(canonical("[\"a\\\"b\\\\c\\n\\u0001\"]")).isEqualTo("[\"a\\\"b\\\\c\\n\\u0001\"]");
  }

  @Test
  void arrayOrderMatters() throws Exception {
    assertThat(canonical("[1,2]")).isNotEqualTo(canonical("[2,1]"));
  }

  @Test
  void membersSortByUtf16CodeUnits() throws Exception {
    // U+20AC (euro) sorts after U+00E9, and a surrogate pair (U+1F600) after both, as JCS says.
    assertThat(canonical("{\"\\ud83d\\ude00\":1,\"\\u20ac\":2,\"\\u00e9\":3,\"z\":4}"))
        .isEqualTo("{\"z\":4,\"é\":3,\"€\":2,\"😀\":1}");
  }
}
