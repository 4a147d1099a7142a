package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.render.NuChecker;
import dev.paperboy.select.StoredSubscriber;
import dev.paperboy.storage.Database;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every page of the web app, in each of its states, is valid HTML to the Nu Html Checker (vnu, in-process). */
class PageHtmlTest {
  @TempDir Path dir;

  @Test
  void everyPageIsValidHtml() throws Exception {
    try (WebHarness web = new WebHarness(Database.Dialect.H2, dir, "")) {
      StoredSubscriber ada = ManageTest.confirmed(web, "ada@example.org");
      StoredSubscriber lou = SignUpTest.stored(web, "admin-listed@example.org").orElseThrow();
      web.signUp("pending@example.org", "ssm");
      web.deliver();
      String confirm = web.link(web.mailsTo("pending@example.org").get(0), "/confirm/");

      Map<String, HttpResponse<String>> pages = new LinkedHashMap<>();
      pages.put("sign-up form", web.get("/"));
      pages.put("sign-up form with errors", web.post("/", List.of(Map.entry("csrf", WebHarness.csrf(web.get("/"))),
          Map.entry("email", "not an address"), Map.entry("name", "x".repeat(300)), Map.entry("keywords", "?!"),
          Map.entry("timezone", "Mars/Olympus_Mons"), Map.entry("send_at", "25:00"), Map.entry("frequency", "often"))));
      pages.put("manage", web.get(web.links.manage(ada.id()) + "?done=saved"));
      pages.put("manage with errors", web.post(web.links.manage(ada.id()), ManageTest.form("", "save", List.of(),
          "?!", "Mars/Olympus_Mons", "25:00", "often")));
      pages.put("manage, the topic file's subscriber", web.get(web.links.manage(lou.id())));
      pages.put("confirm", web.get(confirm));
      pages.put("confirmed", web.postWithoutCookies(confirm, List.of()));
      pages.put("unsubscribe", web.get(web.links.unsubscribe(lou.id())));
      pages.put("not found", web.get("/nowhere"));
      pages.put("check your inbox", web.get("/check-your-inbox"));
      pages.put("sign-up form expired", web.postWithoutCookies("/", List.of(Map.entry("email", "x@example.org"))));
      pages.put("posted from another site", web.postWithoutCookies(web.links.manage(ada.id()),
          List.of(Map.entry("action", "pause")), "Origin", "https://evil.example"));
      pages.put("method not allowed", web.send(java.net.http.HttpRequest.newBuilder(web.uri("/"))
          .method("DELETE", java.net.http.HttpRequest.BodyPublishers.noBody()).build()));
      pages.put("malformed URI", web.sendAlone(java.net.http.HttpRequest.newBuilder(web.uri("/manage/%00%ff")).build()));
      pages.put("too large", web.sendAlone(java.net.http.HttpRequest.newBuilder(web.uri("/"))
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x".repeat(70_000))).build()));
      // last: Ada's one topic leaves the topic file
      web.home.topics(WebHarness.TOPICS.replace("  diffusion: {title: Diffusion models, query: 'diffusion OR denoising'}\n",
          ""));
      web.reloadTopics();
      pages.put("manage, no topics left", web.get(web.links.manage(ada.id())));
      Map<String, List<String>> errors = new LinkedHashMap<>();
      for (Map.Entry<String, HttpResponse<String>> p : pages.entrySet()) {
        assertThat(p.getValue().body()).as(p.getKey()).startsWith("<!DOCTYPE html>");
        List<String> found = NuChecker.realErrors(p.getValue().body());
        if (!found.isEmpty()) errors.put(p.getKey(), found);
      }
      assertThat(errors).isEmpty();
    }
  }
}
