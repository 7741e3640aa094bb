package dev.deltactl.core.api;

import java.util.Objects;

/**
 * Find the files the current version of a table references that storage no longer has (and, with {@code verify},
 * data files that do not read as Parquet); with {@code repair}, remove their entries in one commit.
 *
 * @param verify also read the Parquet footer of every data file that is there (one read per file)
 * @param repair commit the removal of the entries found; otherwise a dry run that changes nothing
 */
public record FsckRequest(TableRef table, boolean verify, boolean repair) {
  public FsckRequest {
    Objects.requireNonNull(table, "table").requireCurrent("fsck");
  }
}
