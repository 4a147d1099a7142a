package dev.paperboy.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The subjects mail clients send to the List-Unsubscribe mailto address, and what they name. */
class UnsubscribeRequestsTest {
  private static final String ID = "JId-UVST8HgAz_TQ6kqsL-";

  @Test
  void theSubjectOfTheMailtoNamesTheMessageWhateverAClientAddsAround() {
    assertThat(UnsubscribeRequests.mailtoQuery(ID)).isEqualTo("subject=unsubscribe%20" + ID);
    assertThat(UnsubscribeRequests.publicId("unsubscribe " + ID)).contains(ID);
    assertThat(UnsubscribeRequests.publicId("Re: Unsubscribe  " + ID + " (sent by Mail)")).contains(ID);
    assertThat(UnsubscribeRequests.publicId("UNSUBSCRIBE " + ID)).contains(ID);

    assertThat(UnsubscribeRequests.publicId("unsubscribe")).isEmpty();
    assertThat(UnsubscribeRequests.publicId("unsubscribe " + ID + "x")).as("longer than an id").isEmpty();
    assertThat(UnsubscribeRequests.publicId("unsubscribe " + ID.substring(1))).as("shorter").isEmpty();
    assertThat(UnsubscribeRequests.publicId("please unsubscribe me")).isEmpty();
    assertThat(UnsubscribeRequests.publicId(null)).isEmpty();
  }
}
