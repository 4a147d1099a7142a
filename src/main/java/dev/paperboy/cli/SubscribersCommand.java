package dev.paperboy.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.paperboy.config.ConfigException;
import dev.paperboy.select.Prefs;
import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.SubscriberStore;
import dev.paperboy.select.Topic;
import dev.paperboy.select.TopicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "subscribers",
    description = {
      "List every subscriber, from the topic file and from the web, with status and topics.",
      "The topic file's (origin file) and those who signed up on the web (origin web), with their status"
          + " (pending: not confirmed yet; active; paused; unsubscribed; bounced: their address refused mail"
          + " delivery.bounce_limit times, see `paperboy reactivate`) and topics.",
      "An address the topic file lists but no command has stored yet shows as 'not stored yet'; a status"
          + " marked ! is a subscriber who reported our mail as spam (complained_at in --json)."
    })
final class SubscribersCommand extends BaseCommand {
  private static final int NAME_WIDTH = 20;
  private static final int TOPICS_WIDTH = 40;

  @Option(names = "--json", description = "One JSON array, an object per subscriber.")
  boolean json;

  @Option(names = "--status", paramLabel = "STATUS", description = "Only these: pending, active, paused, unsubscribed or bounced.")
  String status;

  @Option(names = "--origin", paramLabel = "ORIGIN", description = "Only these: file or web.")
  String origin;

  /** One line of the listing. */
  record Row(String id, String email, String name, String origin, String status, boolean stored, boolean listed,
      List<String> topics, Instant createdAt, Instant confirmedAt, Instant unsubscribedAt, Instant complainedAt) {}

  @Override
  public Integer call() {
    if (status != null && !List.of("pending", "active", "paused", "unsubscribed", "bounced").contains(status)) {
      err().println("--status: '" + status + "' is not one of pending, active, paused, unsubscribed, bounced");
      return ExitCodes.BAD_INPUT;
    }
    if (origin != null && !List.of("file", "web").contains(origin)) {
      err().println("--origin: '" + origin + "' is not one of file, web");
      return ExitCodes.BAD_INPUT;
    }
    TopicFile file = null;
    try {
      file = app().topicFile();
    } catch (ConfigException e) {
      err().println("warning: the topic file cannot be read, so topics are not shown:" + System.lineSeparator()
          + e.getMessage());
    }
    Map<String, TopicFile.Entry> listed = new HashMap<>();
    if (file != null) for (TopicFile.Entry e : file.entries()) listed.put(e.subscriber().emailKey(), e);
    Listing out = json ? new JsonListing() : new TextListing();
    TopicFile f = file;
    Map<String, Instant> complained = app().complaints().latestBySubscriber();
    app().database().jdbi().useTransaction(h -> new SubscriberStore(h).forEachRow(r -> {
      TopicFile.Entry entry = listed.remove(r.emailKey());
      out.add(stored(r, entry, f, complained.get(r.id())));
    }));
    // listed in the file, never stored: the next send or serve stores them
    for (TopicFile.Entry e : listed.values()) {
      Subscriber s = e.subscriber();
      out.add(new Row(null, s.email(), s.name(), "file", e.paused() ? "paused" : "active", false, true,
          titles(s.topics()), null, null, null, null));
    }
    out.finish();
    return ExitCodes.OK;
  }

  private Row stored(StoredSubscriber r, TopicFile.Entry entry, TopicFile file, Instant complainedAt) {
    List<String> topics = List.of();
    if (entry != null) {
      topics = titles(entry.subscriber().topics());
    } else if (file != null && r.prefs() != null) {
      topics = Prefs.read("subscriber " + r.id() + " prefs", r.prefs(), file, r.id(), r.email(), r.name()).subscriber()
          .map(s -> titles(s.topics())).orElse(List.of());
    }
    return new Row(r.id(), r.email(), r.name(), r.origin().name().toLowerCase(Locale.ROOT),
        r.status().name().toLowerCase(Locale.ROOT), true, entry != null, topics, r.createdAt(), r.confirmedAt(),
        r.unsubscribedAt(), complainedAt);
  }

  private static List<String> titles(List<Topic> topics) {
    return topics.stream().map(Topic::title).toList();
  }

  private boolean wanted(Row r) {
    return (status == null || status.equals(r.status())) && (origin == null || origin.equals(r.origin()));
  }

  private interface Listing {
    void add(Row r);

    void finish();
  }

  /** Aligned columns; long names and topic lists are cut. */
  private final class TextListing implements Listing {
    private final List<Row> rows = new java.util.ArrayList<>();
    private int emailWidth = "EMAIL".length();

    @Override
    public void add(Row r) {
      if (!wanted(r)) return;
      rows.add(r);
      emailWidth = Math.max(emailWidth, r.email().length());
    }

    @Override
    public void finish() {
      if (rows.isEmpty()) {
        out().println("no subscribers" + (status != null || origin != null ? " match" : ""));
        return;
      }
      String format = "%-" + emailWidth + "s  %-" + NAME_WIDTH + "s  %-6s  %-12s  %-10s  %s%n";
      out().printf(format, "EMAIL", "NAME", "ORIGIN", "STATUS", "SINCE", "TOPICS");
      long counted = 0;
      Map<String, Integer> byStatus = new java.util.TreeMap<>();
      for (Row r : rows) {
        String note = !r.stored() ? "not stored yet" : r.origin().equals("file") && !r.listed() ? r.status() + "*" : r.status();
        if (r.complainedAt() != null) note += "!";
        out().printf(format, r.email(), cut(r.name(), NAME_WIDTH), r.origin(), note,
            r.createdAt() == null ? "" : r.createdAt().atOffset(ZoneOffset.UTC).toLocalDate(),
            cut(String.join(", ", r.topics()), TOPICS_WIDTH));
        byStatus.merge(r.status(), 1, Integer::sum);
        counted++;
      }
      StringBuilder summary = new StringBuilder().append(counted).append(counted == 1 ? " subscriber" : " subscribers");
      byStatus.forEach((s, n) -> summary.append(", ").append(n).append(' ').append(s));
      out().println(summary);
      if (rows.stream().anyMatch(r -> r.stored() && r.origin().equals("file") && !r.listed())) {
        out().println("* no longer in the topic file: gets nothing until listed again or signed up on the web");
      }
      long complained = rows.stream().filter(r -> r.complainedAt() != null).count();
      if (complained > 0) {
        out().println("! reported our mail as spam (" + complained + "): mail them again only if they ask for it;"
            + " mailbox providers judge every digest by the complaints");
      }
    }

    private String cut(String s, int width) {
      return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
  }

  /** A JSON array, written as the rows come. */
  private final class JsonListing implements Listing {
    private final JsonGenerator g;

    JsonListing() {
      try {
        g = new JsonFactory().createGenerator(out());
        g.useDefaultPrettyPrinter();
        g.writeStartArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void add(Row r) {
      if (!wanted(r)) return;
      try {
        g.writeStartObject();
        g.writeStringField("id", r.id());
        g.writeStringField("email", r.email());
        g.writeStringField("name", r.name());
        g.writeStringField("origin", r.origin());
        g.writeStringField("status", r.status());
        g.writeBooleanField("stored", r.stored());
        g.writeBooleanField("in_topic_file", r.listed());
        g.writeArrayFieldStart("topics");
        for (String t : r.topics()) g.writeString(t);
        g.writeEndArray();
        g.writeStringField("created_at", r.createdAt() == null ? null : r.createdAt().toString());
        g.writeStringField("confirmed_at", r.confirmedAt() == null ? null : r.confirmedAt().toString());
        g.writeStringField("unsubscribed_at", r.unsubscribedAt() == null ? null : r.unsubscribedAt().toString());
        g.writeStringField("complained_at", r.complainedAt() == null ? null : r.complainedAt().toString());
        g.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void finish() {
      try {
        g.writeEndArray();
        g.flush();
        out().println();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
