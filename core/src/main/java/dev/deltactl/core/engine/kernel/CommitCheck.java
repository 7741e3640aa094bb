package dev.deltactl.core.engine.kernel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Whether a commit file of a Delta log holds one JSON object per line. A commit cut short by a failed copy
 * or overwritten with other bytes fails here, naming the file and the line, whichever engine read it.
 */
public final class CommitCheck {
  private static final JsonFactory JSON = new JsonFactory();
  /** A commit file's name: 20 digits and {@code .json}. */
  public static final Pattern COMMIT_NAME = Pattern.compile("\\d{20}\\.json");

  private CommitCheck() {}

  /**
   * What is wrong with a commit file's bytes, or null when every line is one JSON object. An empty file is
   * a commit without actions: Delta's Spark reader accepts it (and commits on top of it), so it passes here.
   */
  public static String problem(byte[] content) {
    String text = new String(content, StandardCharsets.UTF_8);
    int line = 0;
    for (String l : (Iterable<String>) text.lines()::iterator) {
      line++;
      if (l.isBlank()) {
        continue; // Delta's readers skip blank lines
      }
      if (!isObject(l)) {
        return "not valid JSON at line " + line;
      }
    }
    return null;
  }

  private static boolean isObject(String line) {
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (JsonProcessingException e) {
      return false;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A log file as messages name it: its path, without the scheme for a local file. */
  public static String display(String hadoopPath) {
    java.net.URI uri = new org.apache.hadoop.fs.Path(hadoopPath).toUri();
    return uri.getScheme() == null || uri.getScheme().equals("file") ? uri.getPath() : hadoopPath;
  }

  /** The error for a damaged commit file: exit 1, naming the file and what is wrong with it. */
  public static DeltactlException damaged(String file, String problem) {
    return new DeltactlException(ErrorCode.CORRUPT_LOG, file + ": " + problem
        + " (the commit is damaged or cut short); restore the file from a backup before using the table");
  }

  /** A checkpoint's problem from its first and last four bytes and its size, or null when it looks whole. */
  public static String checkpointProblem(byte[] head, byte[] tail, long size) {
    byte[] magic = "PAR1".getBytes(StandardCharsets.US_ASCII);
    if (size < 12 || !java.util.Arrays.equals(head, magic) || !java.util.Arrays.equals(tail, magic)) {
      return "not a whole Parquet file";
    }
    return null;
  }

  /** The error for a damaged checkpoint: the commits before it may still be in the log. */
  public static DeltactlException damagedCheckpoint(String file, String problem) {
    return new DeltactlException(ErrorCode.CORRUPT_LOG, file + ": " + problem + " (the checkpoint is damaged or cut"
        + " short); restore the file from a backup, or delete it and _delta_log/_last_checkpoint when the log still"
        + " holds the commits before it");
  }

  /** The error for a commit missing from the log's sequence. */
  public static DeltactlException missing(String file, long before, long after) {
    return new DeltactlException(ErrorCode.CORRUPT_LOG, file + " is missing: the log goes from version " + before
        + (after < 0 ? " to no later commit" : " to " + after) + "; restore the file from a backup before using the table");
  }
}
