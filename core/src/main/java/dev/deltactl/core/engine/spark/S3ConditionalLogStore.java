package dev.deltactl.core.engine.spark;

import io.delta.storage.HadoopFileSystemLogStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.util.Iterator;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Delta's log store for S3 paths that is safe with several writing processes: a commit file is created with
 * S3's conditional write ({@code If-None-Match: *}, Hadoop 3.5's S3A
 * {@code createFile(path).must("fs.option.create.conditional.overwrite", true)}), so when two writers commit
 * the same version, S3 accepts exactly one and refuses the other with 412, which this store reports as Delta
 * expects ({@link FileAlreadyExistsException}): Delta then checks the winner's commit for conflicts and
 * retries at the next version, or fails the command as a conflict. Delta's own {@code S3SingleDriverLogStore}
 * checks for the file and then writes it, which two processes can both pass: one commit is silently lost.
 *
 * <p>S3A retries a request whose response was lost; a retried conditional write then meets the object its
 * own first attempt created. Each write therefore carries an id of its own in the object's metadata, and a
 * refused or failed write whose object carries that id is a success.
 *
 * <p>What it does not protect: writers that do not use conditional writes themselves (Delta's default S3
 * log store in another Spark job) can still overwrite a commit. delta-rs writers use conditional writes too.
 */
public class S3ConditionalLogStore extends HadoopFileSystemLogStore {
  /** Hadoop's option for an atomic create-if-absent at close. */
  static final String CONDITIONAL = "fs.option.create.conditional.overwrite";
  /** The object metadata key that carries a write's id. */
  static final String WRITE_ID = "deltactl-write-id";
  private static final String WRITE_ID_OPTION = "fs.s3a.create.header." + WRITE_ID;
  private static final String WRITE_ID_XATTR = "header." + WRITE_ID;

  public S3ConditionalLogStore(Configuration initHadoopConf) {
    super(initHadoopConf);
  }

  @Override
  public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration hadoopConf)
      throws IOException {
    FileSystem fs = path.getFileSystem(hadoopConf);
    if (overwrite) {
      try (FSDataOutputStream out = fs.create(path, true)) {
        writeLines(out, actions);
      }
      return;
    }
    String id = UUID.randomUUID().toString();
    FSDataOutputStream out;
    try {
      org.apache.hadoop.fs.FSDataOutputStreamBuilder<?, ?> b = fs.createFile(path);
      b.create();
      b.must(CONDITIONAL, true);
      b.opt(WRITE_ID_OPTION, id);
      out = b.build();
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      throw unavailable(path, e);
    } catch (IOException e) {
      // S3A with fs.s3a.create.conditional.enabled=false: "Conditional Writes Unavailable"
      if (String.valueOf(e.getMessage()).contains("Conditional Writes Unavailable")) {
        throw unavailable(path, e);
      }
      throw e;
    }
    if (!out.hasCapability(CONDITIONAL)) {
      // closing would create the object whatever exists (or fail late): give it up unwritten
      try {
        out.abort();
      } catch (RuntimeException e) {
        // nothing was written; the stream is dropped
      }
      throw unavailable(path, null);
    }
    try {
      try {
        writeLines(out, actions);
      } finally {
        out.close(); // the object is created here, or refused
      }
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      if (writtenBy(fs, path, id)) {
        return; // a retry of this write met the object its first attempt created
      }
      if (fs.exists(path)) {
        FileAlreadyExistsException exists = new FileAlreadyExistsException(path.toString());
        exists.initCause(e);
        throw exists;
      }
      throw e;
    }
  }

  private static IOException unavailable(Path path, Exception cause) {
    return new IOException("the file system of " + path + " cannot create a file only if it is absent (S3"
        + " conditional writes), which deltactl's S3 log store needs to commit safely; with a store that has none"
        + " (fs.s3a.create.conditional.enabled=false), set spark.delta.logStore." + path.toUri().getScheme()
        + ".impl=io.delta.storage.S3SingleDriverLogStore and keep to one writer", cause);
  }

  private static void writeLines(FSDataOutputStream out, Iterator<String> actions) throws IOException {
    while (actions.hasNext()) {
      out.write((actions.next() + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Whether the object at {@code path} was created by the write with this id. */
  private static boolean writtenBy(FileSystem fs, Path path, String id) {
    try {
      byte[] value = fs.getXAttr(path, WRITE_ID_XATTR);
      return value != null && id.equals(new String(value, StandardCharsets.UTF_8).trim());
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  @Override
  public Boolean isPartialWriteVisible(Path path, Configuration hadoopConf) {
    return false; // an S3 object appears whole when its upload completes
  }
}
