package dev.paperboy.testing;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** GreenMail as the tests use it: SMTP on 127.0.0.1, any sender, any recipient. */
public final class GreenMails {
  private GreenMails() {}

  /** A started server; port 0 picks a free one, or give the port of one that was stopped to "restart" it. */
  public static GreenMail start(int port) {
    GreenMail gm = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
        .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    gm.start();
    return gm;
  }
}
