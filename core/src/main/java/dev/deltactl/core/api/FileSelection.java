package dev.deltactl.core.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The files of a listing as they stream by: the totals of all of them, and the first {@code limit} in the order
 * asked for, kept in a heap of at most {@code limit} entries (the one that would come last is dropped first), so a
 * table of any number of files is listed in memory bounded by the limit. Without a limit every entry is kept.
 */
public final class FileSelection {
  private final Comparator<FileEntry> order;
  private final Integer limit;
  private final PriorityQueue<FileEntry> top;
  private final List<FileEntry> all;
  private long files;
  private long bytes;
  private long records;
  private long deleted;
  private long withoutStats;

  public FileSelection(FileSort sort, boolean descending, Integer limit) {
    this.order = order(sort, descending);
    this.limit = limit;
    // the heap's head is the entry that comes last in the order: the one to drop
    this.top = limit == null ? null : new PriorityQueue<>(Math.min(limit, 1024) + 1, order.reversed());
    this.all = limit == null ? new ArrayList<>() : null;
  }

  /** The order of a sort: by the key, then by path so that equal keys list the same way every time. */
  public static Comparator<FileEntry> order(FileSort sort, boolean descending) {
    Comparator<FileEntry> key = switch (sort) {
      case PATH -> Comparator.comparing(FileEntry::path);
      case SIZE -> Comparator.comparingLong(FileEntry::size);
      case MODIFIED -> Comparator.comparing(FileEntry::modificationTime);
      // files without statistics come first ascending, last descending
      case RECORDS -> Comparator.comparing(FileEntry::numRecords, Comparator.nullsFirst(Comparator.naturalOrder()));
    };
    if (descending) {
      key = key.reversed();
    }
    return sort == FileSort.PATH ? key : key.thenComparing(FileEntry::path);
  }

  public void add(FileEntry f) {
    files++;
    bytes += f.size();
    deleted += f.deletedRows();
    if (f.numRecords() == null) {
      withoutStats++;
    } else {
      records += f.numRecords();
    }
    if (all != null) {
      all.add(f);
      return;
    }
    if (top.size() < limit) {
      top.add(f);
    } else if (order.compare(f, top.peek()) < 0) {
      top.poll();
      top.add(f);
    }
  }

  /** The kept files, in order. */
  public List<FileEntry> files() {
    List<FileEntry> out = all != null ? all : new ArrayList<>(top);
    out.sort(order);
    return out;
  }

  public FilesResult.Totals totals() {
    return new FilesResult.Totals(files, bytes, records, deleted, withoutStats);
  }
}
