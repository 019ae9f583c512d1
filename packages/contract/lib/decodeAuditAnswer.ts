import { VerdictDecodeError, decodeVerdict } from "@iso-hypervisor/sdk";
import type { Hex } from "./types";

/** The classified answer of one audit (without the frame's name and gas), in `audit-witness` form. */
export interface AuditAnswer {
  verdict: "valid" | "invalid" | "inconclusive";
  /** `Valid`, the error name, or `OutOfHostGas`. */
  reason: string;
  pc: number | null;
  record: number | null;
  /** The error's other arguments (decimal for numbers, hex for addresses and hashes). */
  details: Record<string, string>;
  /** The SDK's one-line explanation of an invalid verdict (witness value vs execution), else null. */
  explanation: string | null;
}

/**
 * Classifies the hypervisor's answer with the SDK's `decodeVerdict` and flattens it for printing:
 * `valid` (it returned the witness hash), `invalid` (a verdict error), `inconclusive` (empty revert
 * data = out of host gas, or CodeNotArchived). An answer no verdict explains (a hypervisor bug or a
 * wrong contract: the SDK's VerdictDecodeError) is `inconclusive` with reason `UndecodableAnswer`,
 * never valid.
 *
 * @example
 * decodeAuditAnswer("0x", true, calldata); // { verdict: "inconclusive", reason: "OutOfHostGas", ... }
 */
export function decodeAuditAnswer(answer: Hex, reverted: boolean, calldata: Hex): AuditAnswer {
  let v: ReturnType<typeof decodeVerdict>;
  try {
    v = decodeVerdict({ reverted, data: answer }, calldata);
  } catch (error) {
    if (!(error instanceof VerdictDecodeError)) throw error;
    const detail = {
      reverted: String(reverted),
      data: answer.length > 330 ? `${answer.slice(0, 330)}…` : answer,
    };
    return {
      verdict: "inconclusive",
      reason: "UndecodableAnswer",
      pc: null,
      record: null,
      details: detail,
      explanation: null,
    };
  }
  if (v.verdict === "valid")
    return { verdict: "valid", reason: "Valid", pc: null, record: null, details: {}, explanation: null };
  const details: Record<string, string> = {};
  for (const [k, value] of Object.entries(v.args ?? {})) details[k] = String(value);
  return {
    verdict: v.verdict,
    reason: v.reason,
    pc: v.pc === undefined ? null : Number(v.pc),
    record: v.record === undefined ? null : Number(v.record),
    details,
    explanation: v.verdict === "invalid" ? v.detail : null,
  };
}
