import type { FrameAudit } from "./auditFrames";

/**
 * One human-readable line per audited frame, as `audit-witness` prints it.
 *
 * @example
 * formatFrameAudit(audit);
 * // "valid        Valid                  pc -      record -   gas 61234    tx.json#0"
 */
export function formatFrameAudit(a: FrameAudit): string {
  const extra =
    a.explanation ??
    Object.entries(a.details)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
  return [
    a.verdict.padEnd(12),
    a.reason.padEnd(22),
    `pc ${a.pc ?? "-"}`.padEnd(10),
    `record ${a.record ?? "-"}`.padEnd(10),
    `gas ${a.auditGas ?? "-"}`.padEnd(14),
    `${a.file}#${a.frame}`,
    extra,
  ]
    .join(" ")
    .trimEnd();
}
