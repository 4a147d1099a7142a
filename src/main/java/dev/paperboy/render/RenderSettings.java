package dev.paperboy.render;

import dev.paperboy.config.PaperboyConfig;
import java.util.Objects;

/**
 * What a render needs from the configuration.
 *
 * @param baseUrl  {@code web.base_url}, without a trailing slash: the site the digest links to
 * @param siteName the name readers know the service by ({@code mail.from_name})
 * @param listName {@code mail.list_name}, e.g. "Paperboy trending papers"
 */
public record RenderSettings(String baseUrl, String siteName, String listName) {
  public RenderSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    baseUrl = baseUrl.strip().replaceAll("/+$", "");
    siteName = siteName == null || siteName.isBlank() ? "Paperboy" : Texts.clean(siteName);
    listName = listName == null || listName.isBlank() ? siteName : Texts.clean(listName);
  }

  public static RenderSettings from(PaperboyConfig config) {
    return new RenderSettings(config.web().baseUrl(), config.mail().fromName(), config.mail().listName());
  }
}
