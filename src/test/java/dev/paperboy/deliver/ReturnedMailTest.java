package dev.paperboy.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Returned mail as it really arrives: a delivery report a Postfix wrote for a digest Paperboy sent it
 * (the whole message returned), and a feedback-loop report wrapping a digest a Postfix delivered.
 */
class ReturnedMailTest {
  private static final String OUR_MESSAGE_ID = "<\\d{8}\\.[A-Za-z0-9_-]{22}@paperboy\\.example\\.org>";

  @Test
  void aPostfixDeliveryReportNamesTheRecipientItsStatusAndTheReturnedDigest() throws Exception {
    ReturnedMail mail = read("postfix-dsn-user-unknown.eml");

    assertThat(mail.recipients()).singleElement().satisfies(r -> {
      assertThat(r.address()).isEqualTo("hardbounce@example.org");
      assertThat(r.action()).isEqualTo("failed");
      assertThat(r.status()).isEqualTo("5.1.1");
      assertThat(r.refusesAddress()).isTrue();
      assertThat(r.summary()).isEqualTo("5.1.1 (X-Postfix; Mailbox does not exist (sink test))");
    });
    assertThat(mail.envelopeTo()).contains("bounce@paperboy.example.org");
    assertThat(mail.originalMessageId()).as("the digest's own, not the report's").matches(OUR_MESSAGE_ID);
    assertThat(mail.feedbackType()).isEmpty();
    assertThat(mail.isComplaint()).isFalse();
  }

  @Test
  void aFeedbackReportIsAComplaintAboutTheDigestItWraps() throws Exception {
    ReturnedMail mail = read("arf-abuse.eml");

    assertThat(mail.feedbackType()).isEqualTo("abuse");
    assertThat(mail.isComplaint()).isTrue();
    assertThat(mail.originalMessageId()).matches(OUR_MESSAGE_ID);
    assertThat(mail.recipients()).isEmpty();
  }

  private static ReturnedMail read(String name) throws Exception {
    try (InputStream in = ReturnedMailTest.class.getResourceAsStream("/returned/" + name)) {
      return ReturnedMail.read(in);
    }
  }
}
