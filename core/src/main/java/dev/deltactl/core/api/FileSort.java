package dev.deltactl.core.api;

import java.util.Locale;

/** The order of {@code files}: by path (the default), size, modification time or record count. */
public enum FileSort {
  PATH,
  SIZE,
  MODIFIED,
  RECORDS;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
