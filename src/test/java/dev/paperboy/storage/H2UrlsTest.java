package dev.paperboy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class H2UrlsTest {
  private static final Path HOME = Path.of("/srv/paperboy");

  @Test
  void aRelativeFileBecomesAbsoluteWithEverySettingPaperboyReliesOn() {
    assertThat(H2Urls.complete("jdbc:h2:data/paperboy", HOME)).isEqualTo("jdbc:h2:file:/srv/paperboy/data/paperboy"
        + ";AUTO_SERVER=TRUE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
  }

  @Test
  void aSettingTheUserGaveIsKept() {
    String url = H2Urls.complete("jdbc:h2:file:/var/lib/pb/db;mode=MySQL;AUTO_SERVER=FALSE", HOME);
    assertThat(url).startsWith("jdbc:h2:file:/var/lib/pb/db;mode=MySQL;AUTO_SERVER=FALSE;DATABASE_TO_LOWER=TRUE")
        .doesNotContain("MODE=PostgreSQL").doesNotContain("AUTO_SERVER=TRUE");
  }

  @Test
  void theDataFileIsTheCompletedPathWithH2sSuffix() {
    assertThat(H2Urls.dataFile(H2Urls.complete("jdbc:h2:data/paperboy", HOME)))
        .isEqualTo(Path.of("/srv/paperboy/data/paperboy.mv.db"));
    assertThat(H2Urls.dataFile(H2Urls.complete("jdbc:h2:mem:x", HOME))).isNull();
  }
}
