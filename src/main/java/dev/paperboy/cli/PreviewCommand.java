package dev.paperboy.cli;

import dev.paperboy.config.ConfigException;
import dev.paperboy.config.Location;
import dev.paperboy.render.RenderedDigest;
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
    DeliveryHistory history = history();
    DeliveryHistory.History h = subscriber.id() == null ? DeliveryHistory.History.NONE
        : history.of(java.util.List.of(subscriber.id())).getOrDefault(subscriber.id(), DeliveryHistory.History.NONE);
    Digest digest = run.select(subscriber, date != null ? date : run.dateFor(subscriber), h);
    RenderedDigest rendered = app().renderer().render(digest);
    String id = subscriber.id() != null ? subscriber.id() : "preview";
    var recipient = app().links().recipient(subscriber.withId(id), "preview");
    String content = switch (format) {
      case html -> rendered.html(recipient);
      case text -> rendered.text(recipient);
      case eml -> throw new UnsupportedOperationException("eml preview arrives with the message builder");
    };
    if (out != null) {
      Files.writeString(out, content, StandardCharsets.UTF_8);
      err().println("wrote " + out + ": " + digest.paperCount() + " papers, subject: " + rendered.subject());
    } else {
      out().print(content);
      out().flush();
    }
    return ExitCodes.OK;
  }

  /** Until the outbox exists every subscriber is new; the deliver stage provides the real history. */
  private DeliveryHistory history() {
    return ids -> Map.of();
  }
}
