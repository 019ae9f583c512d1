import { type MessageWitness, encodeMessageWitness } from "@iso-hypervisor/sdk";
import { ArchiveCodeError, archiveCode } from "./archiveCode";
import { decodeAuditAnswer } from "./decodeAuditAnswer";
import { sendTransaction } from "./sendTransaction";
import type { AuditHost, Hex } from "./types";

/** One frame to audit. */
export interface AuditFrameInput {
  /** Where the frame came from (a witness file path), echoed in the result. */
  file: string;
  /** The frame's name in its transaction (`0` top frame, `0.1`, ...), echoed in the result. */
  frame: string;
  witness: MessageWitness;
  /** Code by address the frame needs (the guest code of `to`, EXTCODECOPY sources); see archiveCode. */
  code: Readonly<Record<string, Hex>>;
  /** Hypervisor calldata to send instead of `encodeMessageWitness(witness)` (adversarial encodings). */
  calldata?: Hex;
}

export type Verdict = "valid" | "invalid" | "inconclusive";

/** The audit of one frame, as `audit-witness --json` prints it. */
export interface FrameAudit {
  file: string;
  frame: string;
  verdict: Verdict;
  /**
   * `Valid`, the hypervisor error name (`StatusMismatch`, ...), `OutOfHostGas`, `ArchiveFailed` (the
   * guest code could not be archived) or `UndecodableAnswer`.
   */
  reason: string;
  /** Guest pc and record index the error carries; null for valid and out-of-host-gas answers. */
  pc: number | null;
  record: number | null;
  /** The error's other arguments (`actual`, `opcode`, ...) as decimal or hex strings. */
  details: Record<string, string>;
  /** One line saying what differs (the SDK's verdict detail), or why there is no verdict; else null. */
  explanation: string | null;
  /** Gas of the audit transaction (intrinsic gas included); null when measured with eth_call only. */
  auditGas: number | null;
  /** Hash of the audit transaction (to trace it); null when measured with eth_call only. */
  txHash: Hex | null;
  /** Length of the hypervisor calldata (the encoded witness). */
  witnessBytes: number;
  /** The raw answer: return data when valid, revert data otherwise. */
  answer: Hex;
}

export interface AuditFramesOptions {
  hypervisor: Hex;
  factory: Hex;
  /** Host gas limit of each audit transaction (default 16,777,216, the Osaka transaction cap). */
  gas?: bigint;
  /** Send a transaction per frame to measure its gas (default true); false: eth_call only. */
  measureGas?: boolean;
  /**
   * Archive code with its analysis image (default true); false: code-only archives, analysed lazily by
   * every audit (lib/archiveCode.ts). The verdicts are the same.
   */
  image?: boolean;
}

export const DEFAULT_AUDIT_GAS = 16_777_216n;
const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/**
 * Audits frames with a deployed hypervisor: archives the code each frame needs, runs the hypervisor
 * on the encoded witness, and classifies the answer: `valid` (it returned keccak256 of the witness),
 * `invalid` (a verdict error), `inconclusive` (empty revert data: out of host gas; CodeNotArchived or
 * a code that cannot be archived, set-up faults). Frames are audited one after the other.
 *
 * @example
 * const factory = await deployArchiveFactory(host);
 * const hypervisor = await deployHypervisor(host, factory);
 * const [audit] = await auditFrames(host, [{ file: "tx.json", frame: "0", witness, code }], { hypervisor, factory });
 * audit.verdict; // "valid"
 */
export async function auditFrames(
  host: AuditHost,
  frames: readonly AuditFrameInput[],
  options: AuditFramesOptions,
): Promise<FrameAudit[]> {
  const gas = options.gas ?? DEFAULT_AUDIT_GAS;
  const out: FrameAudit[] = [];
  for (const input of frames) {
    const to = input.witness.to.toLowerCase();
    const calldata = input.calldata ?? encodeMessageWitness(input.witness);
    if (to !== ZERO_ADDRESS) {
      const code = Object.entries(input.code).find(([a]) => a.toLowerCase() === to)?.[1];
      try {
        await archiveCode(host, options.factory, to as Hex, code, { image: options.image });
      } catch (error) {
        if (!(error instanceof ArchiveCodeError)) throw error;
        // A set-up fault (e.g. code over 2 * 24575 bytes has no archive: docs/hypervisor.md): no verdict.
        out.push({
          file: input.file,
          frame: input.frame,
          verdict: "inconclusive",
          reason: "ArchiveFailed",
          pc: null,
          record: null,
          details: { account: to },
          explanation: error.message,
          auditGas: null,
          txHash: null,
          witnessBytes: (calldata.length - 2) / 2,
          answer: "0x",
        });
        continue;
      }
    }
    let answer: Hex;
    let reverted: boolean;
    let auditGas: number | null = null;
    let txHash: Hex | null = null;
    if (options.measureGas === false) {
      ({ answer, reverted } = await callHypervisor(host, options.hypervisor, calldata, gas));
    } else {
      const sent = await sendTransaction(host, { to: options.hypervisor, data: calldata, gas });
      auditGas = Number(sent.gasUsed);
      txHash = sent.hash;
      reverted = !sent.success;
      answer = sent.success
        ? (await callHypervisor(host, options.hypervisor, calldata, gas)).answer
        : sent.revertData;
    }
    const decoded = decodeAuditAnswer(answer, reverted, calldata);
    out.push({
      file: input.file,
      frame: input.frame,
      ...decoded,
      auditGas,
      txHash,
      witnessBytes: (calldata.length - 2) / 2,
      answer,
    });
  }
  return out;
}

async function callHypervisor(
  host: AuditHost,
  hypervisor: Hex,
  data: Hex,
  gas: bigint,
): Promise<{ answer: Hex; reverted: boolean }> {
  try {
    const answer = (await host.provider.request({
      method: "eth_call",
      params: [{ from: host.from, to: hypervisor, data, gas: `0x${gas.toString(16)}` }, "latest"],
    })) as Hex;
    return { answer, reverted: false };
  } catch (error) {
    const data = (error as { data?: unknown })?.data;
    if (typeof data === "string" && data.startsWith("0x")) return { answer: data as Hex, reverted: true };
    const nested = (data as { data?: unknown } | undefined)?.data;
    if (typeof nested === "string" && nested.startsWith("0x"))
      return { answer: nested as Hex, reverted: true };
    if (/out of gas|ran out of gas/i.test(String((error as Error)?.message)))
      return { answer: "0x", reverted: true };
    throw error;
  }
}
