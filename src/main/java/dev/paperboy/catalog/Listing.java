package dev.paperboy.catalog;

import java.time.LocalDate;

/** One appearance of a paper on a daily listing. */
public record Listing(LocalDate date, int rank, Integer upvotes, String source) {}
