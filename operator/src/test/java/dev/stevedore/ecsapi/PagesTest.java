package dev.stevedore.ecsapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PagesTest {
  private final List<String> items = IntStream.rangeClosed(1, 25).mapToObj(i -> String.format("arn-%03d", i)).toList();

  @Test
  void pagingWithTheTokenVisitsEveryItemOnceInOrder() {
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Pages.Page page = Pages.page(items, null, token, 10);
      seen.addAll(page.items());
      token = page.nextToken();
      pages++;
    } while (token != null);
    assertThat(seen).isEqualTo(items);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void aTokenStillWorksAfterItsLastItemWasRemoved() {
    Pages.Page first = Pages.page(items, 5, null, 10);
    List<String> fewer = new ArrayList<>(items);
    fewer.remove("arn-005");
    assertThat(Pages.page(fewer, 5, first.nextToken(), 10).items()).startsWith("arn-006");
  }

  @Test
  void maxResultsOutsideOneToHundredAndForeignTokensAreInvalidParameters() {
    for (int bad : new int[] {0, 101, -1}) {
      assertThatThrownBy(() -> Pages.page(items, bad, null, 10)).isInstanceOfSatisfying(EcsApiException.class,
          e -> assertThat(e.type()).isEqualTo("InvalidParameterException"));
    }
    assertThatThrownBy(() -> Pages.page(items, 10, "bm90LW91cnM", 10)).isInstanceOfSatisfying(EcsApiException.class,
        e -> assertThat(e.type()).isEqualTo("InvalidParameterException"));
  }

  @Test
  void theLastPageHasNoToken() {
    assertThat(Pages.page(items, 100, null, 10).nextToken()).isNull();
    assertThat(Pages.page(List.of(), null, null, 10).items()).isEmpty();
  }
}
