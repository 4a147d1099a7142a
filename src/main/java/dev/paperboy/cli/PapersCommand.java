package dev.paperboy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paperboy.catalog.Listing;
import dev.paperboy.catalog.Paper;
import java.time.LocalDate;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "papers", description = "List the catalog, most recently listed first.")
final class PapersCommand extends BaseCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--since", paramLabel = "YYYY-MM-DD", description = "Only papers listed on or after this day.")
  LocalDate since;

  @Option(names = "--json", description = "One JSON object per line instead of a table.")
  boolean json;

  @Option(names = "--limit", paramLabel = "N", description = "At most N papers.")
  Integer limit;

  @Override
  public Integer call() throws JsonProcessingException {
    if (limit != null && limit < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--limit: must be 0 or more, not " + limit);
    }
    List<Paper> papers = app().catalog().papers(since);
    if (limit != null) papers = papers.subList(0, Math.min(limit, papers.size()));
    for (Paper p : papers) {
      out().println(json ? JSON.writeValueAsString(toJson(p)) : line(p));
    }
    if (!json) err().println(Nouns.count(papers.size(), "paper"));
    return ExitCodes.OK;
  }

  private static String line(Paper p) {
    String day = p.lastListed() == null ? "          " : p.lastListed().toString();
    String votes = p.upvotes() == null ? "     " : String.format("%5d", p.upvotes());
    return String.format("%s #%-3d %s  %-16s %s", day, p.lastRank(), votes, p.id(), p.title());
  }

  static ObjectNode toJson(Paper p) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", p.id());
    o.put("arxiv_id", p.arxivId());
    o.put("title", p.title());
    ArrayNode authors = o.putArray("authors");
    p.authors().forEach(authors::add);
    o.put("abstract", p.abstractText());
    ObjectNode links = o.putObject("links");
    links.put("page", p.pageUrl());
    p.absUrl().ifPresent(u -> links.put("abs", u));
    p.pdfUrl().ifPresent(u -> links.put("pdf", u));
    if (p.hfUrl() != null) links.put("hf", p.hfUrl());
    if (p.githubUrl() != null) links.put("github", p.githubUrl());
    ArrayNode listings = o.putArray("listings");
    for (Listing l : p.listings()) {
      ObjectNode n = listings.addObject();
      n.put("date", l.date().toString());
      n.put("rank", l.rank());
      if (l.upvotes() != null) n.put("upvotes", l.upvotes());
      n.put("source", l.source());
    }
    if (p.upvotes() == null) o.putNull("upvotes");
    else o.put("upvotes", p.upvotes());
    ArrayNode keywords = o.putArray("keywords");
    p.keywords().forEach(keywords::add);
    o.put("source", p.source());
    o.put("first_seen", p.firstSeen().toString());
    return o;
  }
}
