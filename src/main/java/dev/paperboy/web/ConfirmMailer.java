package dev.paperboy.web;

import dev.paperboy.deliver.DigestBody;
import dev.paperboy.deliver.DigestPersonaliser;
import dev.paperboy.deliver.Outbox;
import dev.paperboy.deliver.OutboxRow;
import dev.paperboy.render.ConfirmRenderer;
import dev.paperboy.render.Links;
import dev.paperboy.render.RenderedDigest;
import dev.paperboy.select.StoredSubscriber;
import java.util.HashMap;
import java.util.Map;

/**
 * Puts a sign-up's mail in the outbox, where the running senders pick it up within
 * {@code delivery.poll_interval}: durable, retried, and built with the same headers as a digest. The
 * body is the shared render of {@code confirm.html}/{@code confirm.txt}; the row carries the
 * recipient's links, filled in at send time.
 *
 * <p>The row carries no name: nothing typed into the form goes into a mail to an address that has
 * not confirmed, neither in the body nor as the To header's display name.
 */
final class ConfirmMailer {
  private final Outbox outbox;
  private final ConfirmRenderer renderer;
  private final Links links;
  private final ConfirmTokens confirmTokens;

  ConfirmMailer(Outbox outbox, ConfirmRenderer renderer, Links links, ConfirmTokens confirmTokens) {
    this.outbox = outbox;
    this.renderer = renderer;
    this.links = links;
    this.confirmTokens = confirmTokens;
  }

  /** @return false when a mail for this subscriber is still waiting to go out (it is not duplicated) */
  boolean send(ConfirmRenderer.Variant variant, StoredSubscriber s) {
    RenderedDigest r = renderer.render(variant);
    Map<String, String> recipient = new HashMap<>();
    recipient.put(OutboxRow.UNSUBSCRIBE_URL, links.unsubscribe(s.id()));
    recipient.put(DigestPersonaliser.MANAGE_URL, links.manage(s.id()));
    if (variant == ConfirmRenderer.Variant.CONFIRM) {
      recipient.put(DigestPersonaliser.CONFIRM_URL, confirmTokens.url(s));
    }
    return outbox.enqueueConfirm(s.id(), s.email(), new DigestBody(r.subject(), r.encodedHtml(), r.encodedText()),
        recipient);
  }
}
