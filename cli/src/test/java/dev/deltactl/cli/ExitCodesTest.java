package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.core.error.ErrorCode;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one table of exit codes, for every error code: a new code cannot come without its documented exit code. */
class ExitCodesTest {
  @Test
  void everyErrorCodeHasItsDocumentedExitCode() {
    Map<ErrorCode, Integer> expected = new EnumMap<>(ErrorCode.class);
    for (ErrorCode c : new ErrorCode[] {ErrorCode.INVALID_ARGUMENT, ErrorCode.INVALID_TABLE_REF,
        ErrorCode.INVALID_SCHEMA, ErrorCode.INVALID_SQL, ErrorCode.UNSUPPORTED_SCHEME,
        ErrorCode.TABLE_ALREADY_EXISTS}) {
      expected.put(c, 2);
    }
    for (ErrorCode c : new ErrorCode[] {ErrorCode.TABLE_NOT_FOUND, ErrorCode.PATH_NOT_FOUND,
        ErrorCode.BUCKET_NOT_FOUND, ErrorCode.NOT_A_DELTA_TABLE, ErrorCode.VERSION_NOT_FOUND}) {
      expected.put(c, 3);
    }
    expected.put(ErrorCode.CONCURRENT_MODIFICATION, 4);
    expected.put(ErrorCode.SAFETY_CHECK, 5);
    for (ErrorCode c : new ErrorCode[] {ErrorCode.UNSUPPORTED_FEATURE, ErrorCode.NOT_SUPPORTED_BY_ENGINE,
        ErrorCode.ENGINE_UNREACHABLE, ErrorCode.STORE_UNREACHABLE, ErrorCode.STORE_ACCESS_DENIED,
        ErrorCode.METASTORE_BUSY, ErrorCode.CONNECTOR_MISSING, ErrorCode.FILE_MISSING, ErrorCode.CORRUPT_LOG,
        ErrorCode.OPERATION_FAILED}) {
      expected.put(c, 1);
    }
    assertThat(expected.keySet()).as("every code is in this table").containsExactlyInAnyOrder(ErrorCode.values());
    Map<ErrorCode, Integer> actual = new EnumMap<>(ErrorCode.class);
    for (ErrorCode c : ErrorCode.values()) {
      actual.put(c, ExitCodes.of(c));
    }
    assertThat(actual).isEqualTo(expected);
  }
}
