package io.grapevine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which column holds the customer's name when the mapping names none (column names as exports spell them). */
class NameColumnsTest {
  @Test
  void aPersonsNameIsFoundByItsWords() {
    assertThat(NameColumns.choose(List.of("Review ID", "Reviewer Display Name", "Review Content")))
        .isEqualTo("`Reviewer Display Name`");
    assertThat(NameColumns.choose(List.of("booking_ref", "guest_name", "comments"))).isEqualTo("`guest_name`");
    assertThat(NameColumns.choose(List.of("userName", "content"))).isEqualTo("`userName`");
    assertThat(NameColumns.choose(List.of("Nickname", "Body"))).isEqualTo("`Nickname`");
    assertThat(NameColumns.choose(List.of("Kundenname", "Kommentar"))).isNull();
    assertThat(NameColumns.choose(List.of("Name des Kunden", "Kommentar"))).isEqualTo("`Name des Kunden`");
  }

  @Test
  void aFirstAndALastNameAreJoined() {
    assertThat(NameColumns.choose(List.of("Passenger First Name", "Passenger Last Name", "Comment")))
        .isEqualTo("concat_ws(' ', `Passenger First Name`, `Passenger Last Name`)");
    assertThat(NameColumns.choose(List.of("Surname", "Vorname", "Text"))).isEqualTo("concat_ws(' ', `Vorname`, `Surname`)");
  }

  @Test
  void thingsAndOtherPeopleAreNotTheCustomer() {
    assertThat(NameColumns.choose(List.of("Product Name", "Hotel_Name", "Agent Name", "Assignee name", "Company name",
        "Account Name", "Name", "Survey Name", "Last Modified By Name", "Review Text"))).isNull();
  }
}
