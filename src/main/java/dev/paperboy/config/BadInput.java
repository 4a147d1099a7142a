package dev.paperboy.config;

/**
 * Marks an exception caused by what the user gave us (a file, a flag, a feed) rather than by a fault
 * of ours or of the environment. The CLI reports these with their message only and exits with 2.
 */
public interface BadInput {}
