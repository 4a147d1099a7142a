package dev.paperboy.source;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the array that {@code https://huggingface.co/api/daily_papers} returns. Each element
 * carries a {@code paper} object (id, authors, summary, upvotes, ...) and the day it was listed as
 * its top-level {@code publishedAt}.
 *
 * <p>The listing day is the UTC date of the top-level {@code publishedAt}, and the rank is the
 * position among the entries of the same day, in array order. Summaries are unfolded: single line
 * breaks become spaces, a blank line stays as one paragraph break "\n\n". {@code githubRepo} and
 * {@code ai_keywords} are read from the paper object, else from the element itself, since both
 * placements occur. Elements that are not objects or have neither a title nor an id are skipped;
 * unknown fields are ignored. Broken JSON fails with "line:column" as the location.
 */
public final class HfJsonParser implements SourceParser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HF_PAPERS = "https://huggingface.co/papers/";
  private static final Pattern URL_SAFE_ID = Pattern.compile("[A-Za-z0-9._/-]+");

  @Override
  public ParsedSource parse(String name, byte[] content, ParseContext context) throws SourceException {
    String text = TextDecoder.decode(name, content);
    Scan scan = new Scan(context);
    try (JsonParser json = JSON.createParser(text)) {
      JsonToken first = json.nextToken();
      if (first == null) throw new SourceException(name, null, "empty input; expected a JSON array of daily papers");
      if (first != JsonToken.START_ARRAY) {
        throw new SourceException(name, where(json.currentTokenLocation()),
            "the top-level JSON value is " + describe(first) + "; expected an array of daily papers");
      }
      int index = 0;
      for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
        if (token == null) throw new SourceException(name, where(json.currentLocation()), "the array is not closed");
        JsonNode entry = JSON.readTree(json);
        scan.accept(++index, entry == null ? NullNode.getInstance() : entry);
      }
      if (json.nextToken() != null) {
        throw new SourceException(name, where(json.currentTokenLocation()), "unexpected content after the array");
      }
    } catch (JsonProcessingException e) {
      // Jackson's own "[Source: REDACTED (...); line: 1, column: 1]" is noise next to our location
      String message = e.getOriginalMessage().replaceAll("\\[Source: .*?; line:", "[line:");
      throw new SourceException(name, where(e.getLocation()), "invalid JSON: " + message, e);
    } catch (IOException e) {
      throw new SourceException(name, null, "cannot read JSON: " + e.getMessage(), e);
    }
    return new ParsedSource(name, SourceFormat.HF_JSON, scan.papers, scan.skipped, scan.warnings);
  }

  private static String where(JsonLocation location) {
    return location == null ? null : location.getLineNr() + ":" + location.getColumnNr();
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_OBJECT -> "an object";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.toString();
    };
  }

  /** The state of one pass over one array; parsers themselves stay stateless. */
  private static final class Scan {
    private final ParseContext context;
    final List<ParsedPaper> papers = new ArrayList<>();
    final List<ParsedSource.Skipped> skipped = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    private final Map<LocalDate, Integer> lastRank = new HashMap<>();
    private final Map<String, Integer> firstEntry = new HashMap<>();

    Scan(ParseContext context) {
      this.context = context;
    }

    void accept(int index, JsonNode entry) {
      String where = "entry " + index;
      if (!entry.isObject()) {
        skipped.add(new ParsedSource.Skipped(where, "not a JSON object but " + entry.getNodeType().toString().toLowerCase(Locale.ROOT)));
        return;
      }
      JsonNode paper = entry.path("paper");
      String id = text(paper, "id");
      String title = Whitespace.collapse(text(entry, "title") != null ? text(entry, "title") : text(paper, "title"));
      if (title.isEmpty()) {
        skipped.add(new ParsedSource.Skipped(where, id == null ? "no title and no paper id" : "paper " + id + " has no title"));
        return;
      }
      LocalDate listedOn = listingDay(index, entry);
      if (listedOn == null) {
        skipped.add(new ParsedSource.Skipped(where, "publishedAt '" + text(entry, "publishedAt") + "' is not a date"));
        return;
      }
      String arxivId = ArxivIds.exact(id);
      Integer first = firstEntry.putIfAbsent(listedOn + " " + (arxivId != null ? arxivId : title.toLowerCase(Locale.ROOT)), index);
      if (first != null) {
        skipped.add(new ParsedSource.Skipped(where, "duplicate of entry " + first));
        return;
      }
      int rank = lastRank.merge(listedOn, 1, Integer::sum);
      papers.add(new ParsedPaper(arxivId, title, Whitespace.unfold(text(paper, "summary")), authors(paper), listedOn, rank,
          upvotes(paper, entry), firstText(paper, entry, "githubRepo"), keywords(paper, entry),
          id != null && URL_SAFE_ID.matcher(id).matches() ? HF_PAPERS + id : null));
    }

    /** The UTC day of the element's publishedAt; the ingest day when it has none; null when it is garbage. */
    private LocalDate listingDay(int index, JsonNode entry) {
      String publishedAt = text(entry, "publishedAt");
      if (publishedAt == null) {
        if (!context.explicitDate()) warnings.add("entry " + index + " has no publishedAt; dated " + context.ingestDate() + " (today)");
        return context.ingestDate();
      }
      try {
        return OffsetDateTime.parse(publishedAt).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
      } catch (DateTimeParseException notADateTime) {
        try {
          return LocalDate.parse(publishedAt);
        } catch (DateTimeParseException notADate) {
          return null;
        }
      }
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
  }

  /** The field from the paper object, else from the element around it. */
  private static String firstText(JsonNode paper, JsonNode entry, String field) {
    String value = text(paper, field) != null ? text(paper, field) : text(entry, field);
    return value == null ? null : value.strip();
  }

  private static List<String> authors(JsonNode paper) {
    List<String> names = new ArrayList<>();
    for (JsonNode author : paper.path("authors")) {
      if (author.path("hidden").asBoolean(false)) continue;
      String name = Whitespace.collapse(author.isTextual() ? author.asText() : text(author, "name"));
      if (!name.isEmpty()) names.add(name);
    }
    return names;
  }

  private static Integer upvotes(JsonNode paper, JsonNode entry) {
    JsonNode value = paper.path("upvotes").isIntegralNumber() ? paper.path("upvotes") : entry.path("upvotes");
    return value.isIntegralNumber() && value.canConvertToInt() ? value.intValue() : null;
  }

  private static List<String> keywords(JsonNode paper, JsonNode entry) {
    JsonNode array = paper.path("ai_keywords").isArray() ? paper.path("ai_keywords") : entry.path("ai_keywords");
    LinkedHashSet<String> keywords = new LinkedHashSet<>();
    for (JsonNode keyword : array) {
      String k = keyword.isTextual() ? Whitespace.collapse(keyword.asText()) : "";
      if (!k.isEmpty()) keywords.add(k);
    }
    return List.copyOf(keywords);
  }
}
