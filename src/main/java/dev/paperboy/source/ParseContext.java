package dev.paperboy.source;

import java.time.LocalDate;

/**
 * What a parser needs to know beyond the bytes.
 *
 * @param ingestDate   the day the ingest runs as (--date, else today in the local zone); a listing's
 *                     year-less date line resolves to the latest such date not after it
 * @param explicitDate true when the user gave --date, so a listing without a date line is dated by it
 *                     without a warning
 */
public record ParseContext(LocalDate ingestDate, boolean explicitDate) {}
