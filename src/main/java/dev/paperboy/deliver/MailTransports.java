package dev.paperboy.deliver;

import dev.paperboy.config.PaperboyConfig;

/** Opens {@link MailTransport}s: one per sender thread, each kept for the thread's life. */
public interface MailTransports {
  MailTransport open();

  /** The transport delivery.transport names: {@code smtp} (smtp.*) or {@code maildir} (delivery.maildir). */
  static MailTransports fromConfig(PaperboyConfig config) {
    return switch (config.delivery().transport()) {
      case "smtp" -> new SmtpTransports(config.smtp(), config.mail().domain());
      case "maildir" -> new MaildirTransport(config.resolve(config.delivery().maildir()));
      default -> throw new IllegalArgumentException("unknown delivery.transport: " + config.delivery().transport());
    };
  }
}
