package dev.paperboy.deliver;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The name of the machine, for node ids and Maildir file names. */
final class LocalHost {
  private LocalHost() {}

  static String name() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
