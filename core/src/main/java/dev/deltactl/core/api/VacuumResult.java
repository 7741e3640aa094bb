package dev.deltactl.core.api;

/**
 * What vacuum did.
 *
 * @param version the table version afterwards (Delta commits VACUUM START and VACUUM END when vacuum logging
 *     is on)
 * @param numDeletedFiles files deleted, as Delta reports it; null for a dry run
 * @param numVacuumedDirectories directories vacuumed, as Delta reports it; null when Delta did not say
 * @param bytesReclaimed the size of the deleted files; null for a dry run
 */
public record VacuumResult(
    Status status,
    VacuumPlan plan,
    long version,
    Long numDeletedFiles,
    Long numVacuumedDirectories,
    Long bytesReclaimed,
    long elapsedMillis) {

  public enum Status {
    VACUUMED,
    DRY_RUN
  }
}
