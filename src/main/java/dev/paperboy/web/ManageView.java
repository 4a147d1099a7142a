package dev.paperboy.web;

import java.util.List;

/**
 * The manage page.
 *
 * @param status        active, paused, pending or unsubscribed
 * @param managedByFile the topic file lists the address: settings are shown, not offered for change
 * @param nextDigest    "Tuesday 17 March at 08:00 (Europe/London)", or null when none is coming
 * @param done          what the last action did, to say so at the top; null for none
 * @param form          the editable form (web subscribers)
 * @param summary       the settings as text (file subscribers)
 * @param topicsGone    a web subscriber none of whose topics the topic file has any more: they get nothing
 *                      until they choose new ones, and the page must say so
 */
record ManageView(String email, String status, String statusLabel, boolean managedByFile, String nextDigest,
    String done, FormView form, Summary summary, boolean topicsGone) {

  /** Settings as text. */
  record Summary(List<String> topics, String delivery) {}
}
