package dev.paperboy.web;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The time zones the forms offer: UTC first, then every region/city id Java knows, sorted. */
final class WebZones {
  private static final Pattern REGION = Pattern.compile("(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia"
      + "|Europe|Indian|Pacific)/[A-Za-z0-9_+\\-/]+");
  private static final List<String> LIST;
  private static final Set<String> IDS;

  static {
    TreeSet<String> ids = new TreeSet<>();
    for (String id : ZoneId.getAvailableZoneIds()) {
      if (REGION.matcher(id).matches()) ids.add(id);
    }
    List<String> list = new ArrayList<>();
    list.add("UTC");
    list.addAll(ids);
    LIST = List.copyOf(list);
    IDS = Set.copyOf(ids);
  }

  private WebZones() {}

  static List<String> list() {
    return LIST;
  }

  /** Region ids, without UTC. */
  static Set<String> ids() {
    return IDS;
  }
}
