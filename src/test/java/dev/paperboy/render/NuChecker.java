package dev.paperboy.render;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import nu.validator.validation.SimpleDocumentValidator;
import org.junit.jupiter.api.Assumptions;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * The Nu Html Checker (vnu) in-process, as /work/shared/mailcheck/check_eml.sh runs it from the
 * command line, with the same filter for email idioms vnu cannot know about.
 */
public final class NuChecker {
  /** check_eml.sh's filter; vnu in-process words the missing-attribute message as "[content, property]". */
  static final Pattern EMAIL_IDIOMS = Pattern.compile(
      "“mso-[a-z-]+”|supported-color-schemes|following attributes: “content”, “property”|following attributes: \\[content, property]|x-apple");

  private NuChecker() {}

  /** Every error as "line:column: message", before filtering. */
  static List<String> errors(String html) throws Exception {
    List<String> errors = new ArrayList<>();
    ErrorHandler handler = new ErrorHandler() {
      @Override
      public void warning(SAXParseException e) {}

      @Override
      public void error(SAXParseException e) {
        errors.add(e.getLineNumber() + ":" + e.getColumnNumber() + ": " + e.getMessage());
      }

      @Override
      public void fatalError(SAXParseException e) {
        error(e);
      }
    };
    SimpleDocumentValidator validator;
    try {
      validator = new SimpleDocumentValidator(true, false, false);
    } catch (LinkageError e) {
      // SimpleDocumentValidator's static initialiser configures PrudentHttpEntityResolver, which
      // links against Jetty 11's client API (org.eclipse.jetty.client.api.*). The pom excludes
      // org.eclipse.jetty:jetty-client from nu.validator:validator, so the class cannot load.
      Assumptions.abort("in-process Nu checker unavailable (" + e + "): it needs org.eclipse.jetty:jetty-client 11.x "
          + "on the test classpath; drop the jetty-client exclusion from nu.validator:validator in pom.xml, or run with "
          + "-Dmaven.test.additionalClasspath=$HOME/.m2/repository/org/eclipse/jetty/jetty-client/11.0.20/jetty-client-11.0.20.jar");
      throw e;
    }
    validator.setUpMainSchema("http://s.validator.nu/html5-all.rnc", handler);
    validator.setUpValidatorAndParsers(handler, true, false);
    InputSource in = new InputSource(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    in.setEncoding("UTF-8");
    validator.checkHtmlInputSource(in);
    return errors;
  }

  /** The errors check_eml.sh would count against the digest. */
  public static List<String> realErrors(String html) throws Exception {
    return errors(html).stream().filter(e -> !EMAIL_IDIOMS.matcher(e).find()).toList();
  }
}
