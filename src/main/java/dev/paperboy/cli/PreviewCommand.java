package dev.paperboy.cli;

import dev.paperboy.config.ConfigException;
import dev.paperboy.config.Location;
import dev.paperboy.deliver.DigestPersonaliser;
import dev.paperboy.deliver.OutboxHistory;
import dev.paperboy.deliver.OutboxRow;
import dev.paperboy.deliver.Personalised;
import dev.paperboy.render.Links;
import dev.paperboy.render.Recipient;
import dev.paperboy.render.RenderedDigest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import dev.paperboy.select.Audience;
import dev.paperboy.select.DeliveryHistory;
import dev.paperboy.select.Digest;
import dev.paperboy.select.Selector;
import dev.paperboy.select.SelectionRun;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.TopicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "preview",
    description = {
      "Render the digest a subscriber would get now (or on --date) without sending or recording anything.",
      "Papers already sent to them and their previous digest are taken into account, as a real send would."
    })
final class PreviewCommand extends BaseCommand {

  enum Format { html, text, eml }

  @Option(names = "--subscriber", required = true, paramLabel = "EMAIL", description = "Whose digest.")
  String email;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD",
      description = "The digest date (default: today in the subscriber's time zone).")
  LocalDate date;

  @Option(names = "--format", defaultValue = "html", paramLabel = "FORMAT",
      description = "html (default), text or eml (the whole message as it would be sent).")
  Format format;

  @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  Path out;

  @Option(names = "--topics", paramLabel = "FILE", description = "The topic file (default: topics.file from the configuration).")
  Path topics;

  @Override
  public Integer call() throws IOException {
    TopicFile file = topics != null ? app().topicFile(topics) : app().topicFile();
    Subscriber subscriber = new Audience(app().database().jdbi(), app().clock()).find(file, email)
        .orElseThrow(() -> new ConfigException(Location.of(file.file()), "no subscriber " + email + " in the topic file or the database"));
    Instant now = app().clock().instant();
    SelectionRun run = Selector.over(app().database().jdbi()).prepare(now);
    DeliveryHistory history = new OutboxHistory(app().outbox());
    DeliveryHistory.History h = subscriber.id() == null ? DeliveryHistory.History.NONE
        : history.of(java.util.List.of(subscriber.id())).getOrDefault(subscriber.id(), DeliveryHistory.History.NONE);
    Digest digest = run.select(subscriber, date != null ? date : run.dateFor(subscriber), h);
    RenderedDigest rendered = app().renderer().render(digest);
    String id = subscriber.id() != null ? subscriber.id() : "preview";
    var recipient = app().links().recipient(subscriber.withId(id), Links.PREVIEW_DIGEST);
    String content = switch (format) {
      case html -> rendered.html(recipient);
      case text -> rendered.text(recipient);
      case eml -> eml(subscriber.withId(id), digest, rendered, recipient);
    };
    if (out != null) {
      Files.writeString(out, content, StandardCharsets.UTF_8);
      err().println("wrote " + out + ": " + Nouns.count(digest.paperCount(), "paper") + ", subject: " + rendered.subject());
    } else {
      out().print(content);
      out().flush();
    }
    return ExitCodes.OK;
  }

  /** The whole message as the senders would build it now, headers and signature included. */
  private String eml(Subscriber s, Digest digest, RenderedDigest rendered, Recipient recipient) throws IOException {
    Instant now = app().clock().instant();
    OutboxRow row = new OutboxRow(0, "preview", s.id(), s.email(), digest.date(), digest.windowEnd(), null,
        Map.of(OutboxRow.NAME, s.name(), OutboxRow.UNSUBSCRIBE_URL, recipient.unsubscribeUrl(),
            DigestPersonaliser.MANAGE_URL, recipient.manageUrl()),
        digest.picks().stream().map(p -> p.paper().id()).toList(),
        app().outbox().messageId(digest.date(), "preview-" + Long.toHexString(now.toEpochMilli())),
        OutboxRow.Kind.DIGEST, 0, null, OutboxRow.Status.QUEUED, 0, now, null, null, null, now, now, null);
    Personalised content = new Personalised(rendered.subject(), rendered.html(recipient), rendered.text(recipient));
    try {
      MimeMessage m = app().messageBuilder().build(row, content, now);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      m.writeTo(bytes);
      return bytes.toString(StandardCharsets.UTF_8);
    } catch (MessagingException e) {
      throw new IOException("cannot build the message: " + e.getMessage(), e);
    }
  }
}
