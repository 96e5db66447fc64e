package io.grapevine.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void escapesMarkupFromTheData() {
    assertThat(Html.escape("<script>alert('x')</script> & \"q\""))
        .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    assertThat(Html.escape(null)).isEmpty();
  }

  @Test
  void formatsRatesAndMissingValues() {
    assertThat(Html.pct(0.4812)).isEqualTo("48.1%");
    assertThat(Html.pct(null)).isEqualTo("–");
  }
}
