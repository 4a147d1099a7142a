package dev.paperboy.render;

import dev.paperboy.config.BadInput;
import dev.paperboy.config.Location;

/** A digest template that cannot be used: missing, unparsable, or failing on the data it was given. */
public final class RenderException extends RuntimeException implements BadInput {
  private final Location location;

  public RenderException(Location location, String message, Throwable cause) {
    super(location + ": " + message, cause);
    this.location = location;
  }

  /** The template file, with line and column when the template engine knew them. */
  public Location location() {
    return location;
  }
}
