import { AbiCoder, Interface, keccak256 } from "ethers";
import { encodeMessageWitness } from "./encodeMessageWitness";
import { InvalidArgumentError, VerdictDecodeError } from "./errors";
import {
  type ErrorBand,
  HYPERVISOR_ERRORS,
  HYPERVISOR_ERRORS_ABI,
  type HypervisorErrorName,
} from "./hypervisorErrors";
import { describe } from "./internal/bytes";
import { explainError } from "./internal/explainError";
import type { MessageWitness } from "./types";

/** The hypervisor accepted the witness: it returned `abi.encode(keccak256(witness bytes))`. */
export interface ValidVerdict {
  verdict: "valid";
  witnessHash: `0x${string}`;
}

/** The hypervisor rejected the witness with a declared error (fraud, or a bad witness). */
export interface InvalidVerdict {
  verdict: "invalid";
  reason: Exclude<HypervisorErrorName, "CodeNotArchived">;
  band: ErrorBand;
  /** Guest pc at which the mismatch was found. */
  pc: bigint;
  /** Index of the next unconsumed record (for a record error: the record being checked). */
  record: bigint;
  /** The error's other arguments by name (uint256 as bigint, address/bytes32 as lower-case hex). */
  args: Record<string, bigint | `0x${string}`>;
  /** One line for humans: the record and field, what the witness says, what the execution found. */
  detail: string;
  /** The raw revert data. */
  data: `0x${string}`;
}

/**
 * No verdict. `OutOfHostGas`: empty revert data: the hypervisor ran out of the caller's gas (or, per
 * docs/hypervisor.md 6.3, a deep-stack audit ran in a static call). `CodeNotArchived`: the guest code (or
 * an EXTCODECOPY source) was not archived, a set-up fault, never fraud.
 */
export interface InconclusiveVerdict {
  verdict: "inconclusive";
  reason: "OutOfHostGas" | "CodeNotArchived";
  pc?: bigint;
  record?: bigint;
  args?: Record<string, bigint | `0x${string}`>;
  data: `0x${string}`;
}

export type Verdict = ValidVerdict | InvalidVerdict | InconclusiveVerdict;

const iface = new Interface(HYPERVISOR_ERRORS_ABI);
const HEX_RE = /^0x([0-9a-fA-F]{2})*$/;

/**
 * Classify the hypervisor's answer to a witness: success with return data `abi.encode(keccak256(witness))`
 * is `valid`; empty revert data is `inconclusive` (out of host gas); `CodeNotArchived` is
 * `inconclusive`; every other declared error is `invalid` with its pc, record index and arguments.
 * Revert data must be exactly the canonical ABI encoding of a declared error.
 *
 * @param answer `reverted` and the return or revert `data` of the call.
 * @param witness the witness bytes that were sent (or the witness, which is encoded), to check the hash.
 * @throws VerdictDecodeError for an answer no verdict explains (wrong hash, unknown selector, bad
 *   argument encoding, success with revert-like data) — a wrong contract or a hypervisor bug.
 *
 * @example
 * decodeVerdict({ reverted: true, data: "0x" }, calldata);        // { verdict: "inconclusive", reason: "OutOfHostGas", ... }
 * decodeVerdict({ reverted: false, data: hashWord }, calldata);   // { verdict: "valid", witnessHash }
 */
export function decodeVerdict(
  answer: { reverted: boolean; data: string },
  witness: `0x${string}` | MessageWitness,
): Verdict {
  const data = answer.data;
  if (typeof data !== "string" || !HEX_RE.test(data)) {
    throw new VerdictDecodeError(describe(data), "answer data is not 0x-prefixed hex");
  }
  const lower = data.toLowerCase() as `0x${string}`;
  if (typeof witness === "string" && !HEX_RE.test(witness)) {
    throw new InvalidArgumentError("witness", "not 0x-prefixed even-length hex");
  }
  const bytes = typeof witness === "string" ? witness : encodeMessageWitness(witness);
  const witnessHash = keccak256(bytes) as `0x${string}`;
  if (!answer.reverted) {
    const expected = AbiCoder.defaultAbiCoder().encode(["bytes32"], [witnessHash]);
    if (lower !== expected) {
      throw new VerdictDecodeError(lower, `a valid answer is abi.encode(keccak256(witness)) = ${expected}`);
    }
    return { verdict: "valid", witnessHash };
  }
  if (lower === "0x") return { verdict: "inconclusive", reason: "OutOfHostGas", data: lower };
  const spec = HYPERVISOR_ERRORS.find((e) => iface.getError(e.name)!.selector === lower.slice(0, 10));
  if (spec === undefined) throw new VerdictDecodeError(lower, "not a declared hypervisor error");
  const fragment = iface.getError(spec.name)!;
  if ((lower.length - 10) / 2 !== 32 * fragment.inputs.length) {
    throw new VerdictDecodeError(lower, `${spec.name} takes ${fragment.inputs.length} words`);
  }
  let values: readonly unknown[];
  try {
    values = iface.decodeErrorResult(fragment, lower).toArray();
  } catch (cause) {
    throw new VerdictDecodeError(lower, `bad ${spec.name} arguments`, { cause });
  }
  const reencoded = iface.encodeErrorResult(fragment, values).toLowerCase();
  if (reencoded !== lower) throw new VerdictDecodeError(lower, `non-canonical ${spec.name} arguments`);
  const args: Record<string, bigint | `0x${string}`> = {};
  spec.extra.forEach((a, i) => {
    const v = values[2 + i];
    args[a.name] = typeof v === "string" ? (v.toLowerCase() as `0x${string}`) : (v as bigint);
  });
  const pc = values[0] as bigint;
  const record = values[1] as bigint;
  if (spec.name === "CodeNotArchived") {
    return { verdict: "inconclusive", reason: "CodeNotArchived", pc, record, args, data: lower };
  }
  const detail = explainError(spec.name, spec.doc, record, args, bytes);
  return { verdict: "invalid", reason: spec.name, band: spec.band, pc, record, args, detail, data: lower };
}
