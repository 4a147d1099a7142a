package dev.paperboy.deliver;

import dev.paperboy.select.Audience;
import dev.paperboy.select.TopicFile;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the topic file's subscribers into the store, and stops the mail of those it paused or no
 * longer lists: their queued digests are cancelled, as a pause on the web does, so that a paused reader
 * gets nothing, not the rest of what was queued. Needs no renderer: {@code resend} syncs too. On each
 * new read of the file it also cancels what waits for anyone stopped by other means whose cancel a
 * crash may have cut off.
 */
public final class TopicFileSync {
  private static final Logger LOG = LoggerFactory.getLogger(TopicFileSync.class);

  private final Audience audience;
  private final Outbox outbox;
  private volatile TopicFile lastSynced;

  public TopicFileSync(Audience audience, Outbox outbox) {
    this.audience = audience;
    this.outbox = outbox;
  }

  /** Syncs; the subscribers the file no longer lists are looked for once per file read, not at every slot. */
  public Audience.SyncReport sync(TopicFile file) {
    Audience.SyncReport report = audience.upsert(file);
    for (String id : report.paused()) outbox.cancelFor(id);
    if (file != lastSynced) { // each new read, and the first of every process: after a crash too
      cancelForUnlisted(file);
      int held = outbox.cancelHeldBack();
      if (held > 0) LOG.info("{} message(s) waiting for subscribers who no longer get mail: cancelled", held);
      lastSynced = file;
    }
    return report;
  }

  /**
   * Cancels what waits for subscribers the file brought in and no longer lists.
   *
   * @return how many messages were cancelled
   */
  public int cancelForUnlisted(TopicFile file) {
    Set<String> listed = new HashSet<>();
    for (TopicFile.Entry e : file.entries()) listed.add(e.subscriber().emailKey());
    int subscribers = 0;
    int messages = 0;
    for (Map.Entry<String, String> waiting : outbox.fileSubscribersWithMailWaiting().entrySet()) {
      if (listed.contains(waiting.getValue())) continue;
      subscribers++;
      messages += outbox.cancelFor(waiting.getKey());
    }
    if (subscribers > 0) {
      LOG.info("{} no longer lists {} subscriber(s) with mail waiting: {} message(s) cancelled", file.file(), subscribers,
          messages);
    }
    return messages;
  }
}
