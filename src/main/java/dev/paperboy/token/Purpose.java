package dev.paperboy.token;

/**
 * What a token may be used for. The purpose is part of what is signed, so a token made for one
 * purpose is worthless for another (an unsubscribe token cannot open the manage page).
 */
public enum Purpose {
  CONFIRM,
  UNSUBSCRIBE,
  MANAGE,
  VIEW_DIGEST,
  BOUNCE,
  /** The hidden field of a web form, bound to the browser's CSRF cookie and the form's path. */
  CSRF
}
