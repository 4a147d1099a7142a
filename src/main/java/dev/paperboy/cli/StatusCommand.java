package dev.paperboy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paperboy.config.Durations;
import dev.paperboy.deliver.NodeHeartbeat;
import dev.paperboy.deliver.Outbox;
import dev.paperboy.deliver.OutboxRow.Kind;
import dev.paperboy.select.StoredSubscriber.Status;
import dev.paperboy.select.SubscriberStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status",
    description = {"Show the outbox per digest date, the failures and the sending nodes.",
        "Per digest date: queued, sending, sent, failed (and retrying, expired, cancelled, empty) digests, and on"
            + " lines of their own the date's resends and confirmation mails; the last error of each failed message"
            + " and of each waiting to retry; and the nodes: alive, stale (missed three 15 s heartbeats), dead (silent"
            + " longer than delivery.lease: its rows are taken over) or stopped, with the rows each holds.",
        "And what came back within delivery.bounce_window: refusals of addresses, spam complaints and their rate"
            + " among the messages sent, and how many subscribers are stopped as bounced."})
final class StatusCommand extends BaseCommand {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> COLUMNS =
      List.of("queued", "retrying", "sending", "sent", "failed", "expired", "cancelled", "empty");
  /** The kinds of row in the order they are shown; a day's own columns count its digests. */
  private static final Map<Kind, String> KINDS = kinds();

  @Option(names = "--days", defaultValue = "14", paramLabel = "N",
      description = "How many of the most recent digest dates to show (default 14).")
  int days;

  @Option(names = "--json", description = "One JSON object instead of tables.")
  boolean json;

  @Override
  public Integer call() throws JsonProcessingException {
    if (days < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--days: must be at least 1, not " + days);
    Outbox outbox = app().outbox();
    TreeMap<LocalDate, Map<Kind, Map<String, Long>>> byDay = new TreeMap<>();
    for (Outbox.StatusCount c : outbox.statusCounts(null, null)) {
      byDay.computeIfAbsent(c.digestDate(), d -> new EnumMap<>(Kind.class))
          .computeIfAbsent(c.kind(), k -> new TreeMap<>()).merge(c.status(), c.count(), Long::sum);
    }
    Returned returned = returned(byDay);
    while (byDay.size() > days) byDay.pollFirstEntry();
    LocalDate from = byDay.isEmpty() ? null : byDay.firstKey();
    LocalDate to = byDay.isEmpty() ? null : byDay.lastKey();
    List<Outbox.FailedRow> failures = outbox.failures(from, to, 50);
    List<Outbox.FailedRow> retries = outbox.retries(from, to, 50);
    List<NodeLine> nodes = nodes(outbox);
    if (json) {
      ObjectNode root = toJson(byDay, failures, retries, nodes);
      returned.toJson(root.putObject("returned"));
      out().println(JSON.writeValueAsString(root));
      return ExitCodes.OK;
    }
    if (byDay.isEmpty()) out().println("no digests yet");
    else {
      out().println(line("date", c -> String.format(" %9s", c)));
      // a date's digests, then on lines of their own the resends and confirmation mails it has: a resend
      // counted as one more digest sent would overstate how many readers got that day's digest
      byDay.forEach((day, kinds) -> KINDS.forEach((kind, label) -> {
        Map<String, Long> counts = kinds.get(kind);
        if (counts == null && kind != Kind.DIGEST) return;
        Map<String, Long> shown = counts == null ? Map.of() : counts;
        out().println(line(kind == Kind.DIGEST ? day.toString() : "  " + label,
            c -> String.format(" %9d", shown.getOrDefault(c, 0L))));
      }));
    }
    if (returned.any()) {
      out().println();
      out().println(returned.line());
    }
    if (!failures.isEmpty()) {
      out().println();
      out().println("failed messages (latest first):");
      for (Outbox.FailedRow f : failures) {
        out().printf("  %s  %s  %s after %s: %s%n", f.digestDate(), f.email(), f.kind().sql(), attempts(f.attempts()),
            f.lastError());
      }
    }
    if (!retries.isEmpty()) {
      out().println();
      out().println("waiting to retry (latest failure first):");
      for (Outbox.FailedRow f : retries) {
        out().printf("  %s  %s  %s, %s, next attempt %s: %s%n", f.digestDate(), f.email(), f.kind().sql(),
            attempts(f.attempts()), f.nextAttemptAt(), f.lastError());
      }
    }
    if (!nodes.isEmpty()) {
      out().println();
      out().println("nodes:");
      int width = nodes.stream().mapToInt(n -> n.node().id().length()).max().orElse(0);
      for (NodeLine n : nodes) {
        out().printf("  %-" + width + "s  %-7s  last heartbeat %s (%s ago)  in flight %d  started %s%n", n.node().id(),
            n.liveness(), n.node().heartbeatAt(), ago(n.silent()), n.inFlight(), n.node().startedAt());
      }
    }
    return ExitCodes.OK;
  }

  /**
   * What came back within delivery.bounce_window: refusals of addresses, complaints, and the complaint
   * rate over the messages sent for those dates, the figure mailbox providers judge a sender by.
   */
  private record Returned(Duration window, int refusals, int complaints, long sent, int bounced) {
    boolean any() {
      return refusals > 0 || complaints > 0 || bounced > 0;
    }

    double complaintRate() {
      return sent == 0 ? 0 : (double) complaints / sent;
    }

    String line() {
      String rate = sent == 0 ? "no message sent for those dates"
          : String.format(Locale.ROOT, "%.2f%% of %s sent; Gmail asks for under 0.1%%, never 0.3%%",
              complaintRate() * 100, Nouns.count(sent, "message"));
      return "came back in the last " + Durations.format(window) + ": " + Nouns.count(refusals, "refusal") + ", "
          + Nouns.count(complaints, "complaint") + " (" + rate + "); " + Nouns.count(bounced, "subscriber") + " bounced";
    }

    void toJson(ObjectNode o) {
      o.put("window", Durations.format(window));
      o.put("refusals", refusals);
      o.put("complaints", complaints);
      o.put("sent", sent);
      o.put("complaint_rate", complaintRate());
      o.put("bounced_subscribers", bounced);
    }
  }

  private Returned returned(Map<LocalDate, Map<Kind, Map<String, Long>>> byDay) {
    Duration window = app().config().delivery().bounceWindow();
    Instant since = app().clock().instant().minus(window);
    LocalDate from = since.atZone(ZoneOffset.UTC).toLocalDate();
    long sent = byDay.entrySet().stream().filter(e -> !e.getKey().isBefore(from))
        .flatMap(e -> e.getValue().values().stream()).mapToLong(c -> c.getOrDefault("sent", 0L)).sum();
    int bounced = app().database().jdbi().withHandle(h -> new SubscriberStore(h).count(Status.BOUNCED));
    return new Returned(window, app().bounceLog().count(since), app().complaints().count(since), sent, bounced);
  }

  private static Map<Kind, String> kinds() {
    Map<Kind, String> kinds = new EnumMap<>(Kind.class);
    kinds.put(Kind.DIGEST, "digests");
    kinds.put(Kind.RESEND, "resends");
    kinds.put(Kind.CONFIRM, "confirmations");
    return kinds;
  }

  /** A node as status shows it: its row, what its heartbeat says, and the rows it holds under a lease. */
  private record NodeLine(Outbox.Node node, NodeHeartbeat.Liveness liveness, Duration silent, int inFlight) {}

  private List<NodeLine> nodes(Outbox outbox) {
    Instant now = app().clock().instant();
    Map<String, Integer> inFlight = outbox.inFlightByNode();
    Duration lease = app().config().delivery().lease();
    return outbox.nodes().stream().map(n -> new NodeLine(n, NodeHeartbeat.liveness(n, now, lease),
        Duration.between(n.heartbeatAt(), now), inFlight.getOrDefault(n.id(), 0))).toList();
  }

  private static String line(String first, Function<String, String> cell) {
    StringBuilder line = new StringBuilder(String.format("%-15s", first));
    COLUMNS.forEach(c -> line.append(cell.apply(c)));
    return line.toString().stripTrailing();
  }

  private static ObjectNode lastError(ObjectNode o, Outbox.FailedRow f) {
    o.put("date", f.digestDate().toString());
    o.put("email", f.email());
    o.put("kind", f.kind().sql());
    o.put("attempts", f.attempts());
    o.put("error", f.lastError());
    o.put("failed_at", f.failedAt().toString());
    return o;
  }

  private static String attempts(int n) {
    return n == 1 ? "1 attempt" : n + " attempts";
  }

  private static String ago(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 120) return s + "s";
    if (s < 7200) return s / 60 + "m";
    if (s < 2 * 86400) return s / 3600 + "h";
    return s / 86400 + "d";
  }

  private static ObjectNode toJson(Map<LocalDate, Map<Kind, Map<String, Long>>> byDay, List<Outbox.FailedRow> failures,
      List<Outbox.FailedRow> retries, List<NodeLine> nodes) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode days = root.putArray("days");
    byDay.forEach((day, kinds) -> {
      ObjectNode d = days.addObject();
      d.put("date", day.toString());
      KINDS.forEach((kind, label) -> {
        Map<String, Long> counts = kinds.getOrDefault(kind, Map.of());
        ObjectNode o = kind == Kind.DIGEST ? d : d.putObject(label);
        COLUMNS.forEach(c -> o.put(c, counts.getOrDefault(c, 0L)));
      });
    });
    ArrayNode failed = root.putArray("failed");
    for (Outbox.FailedRow f : failures) lastError(failed.addObject(), f);
    ArrayNode waiting = root.putArray("retrying");
    for (Outbox.FailedRow f : retries) lastError(waiting.addObject(), f).put("next_attempt_at", f.nextAttemptAt().toString());
    ArrayNode ns = root.putArray("nodes");
    for (NodeLine n : nodes) {
      ObjectNode o = ns.addObject();
      o.put("id", n.node().id());
      o.put("state", n.liveness().toString());
      o.put("started_at", n.node().startedAt().toString());
      o.put("heartbeat_at", n.node().heartbeatAt().toString());
      o.put("stopped_at", n.node().stoppedAt() == null ? null : n.node().stoppedAt().toString());
      o.put("in_flight", n.inFlight());
    }
    return root;
  }
}
