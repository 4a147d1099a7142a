package dev.paperboy.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which refusals say the address cannot take mail, and which say something about us or the message. */
class SendFailureTest {

  @ParameterizedTest(name = "{0} to {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "550 5.1.1 <ada@example.org>: Recipient address rejected: User unknown | RCPT | true",
      "550 5.1.10 Recipient address rejected: domain has a null MX         | RCPT | true",
      "552 5.2.2 Mailbox full                                               | DATA | true",
      "550 5.2.1 The email account that you tried to reach is disabled     | RCPT | true",
      "550 User unknown                                                     | RCPT | true",
      "553 sorry, that domain isn't in my list of allowed rcpthosts         | RCPT | true",
      "554 5.7.1 <ada@example.org>: Relay access denied                     | RCPT | false",
      "550 5.7.1 Message rejected as spam                                   | DATA | false",
      "530 5.7.0 Must issue a STARTTLS command first                        | MAIL | false",
      "554 Transaction failed                                               | RCPT | false",
      "550 Message refused                                                  | DATA | false",
      "552 5.3.4 Message size exceeds fixed limit                           | DATA | false",
      "450 4.2.0 <ada@example.org>: Recipient address rejected: Greylisted  | RCPT | false",
      "451 4.1.1 Temporary lookup failure                                   | RCPT | false",
      "550 Rejected by 10.5.1.1 for policy reasons                          | DATA | false",
  })
  void onlyAPermanentRefusalOfTheMailboxOrItsDomainRefusesTheAddress(String reply, String stage, boolean refuses) {
    int code = Integer.parseInt(reply.substring(0, 3));
    SendFailure f = stage.equals("RCPT") ? SendFailure.recipientReply(code, reply, null)
        : SendFailure.reply(code, reply, null);

    assertThat(f.refusesAddress()).isEqualTo(refuses);
  }
}
