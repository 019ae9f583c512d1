import { decodeAccessWitness } from "./decodeAccessWitness";
import { decodeRawMessageWitness } from "./decodeRawMessageWitness";
import { WitnessDecodeError } from "./errors";
import type { FrameStatus, MessageWitness } from "./types";

/**
 * Decode the hypervisor's calldata into a typed MessageWitness. Accepts exactly the canonical ABI
 * encoding (see decodeRawMessageWitness), then checks every record against its schema and `status`
 * against 0..2.
 *
 * @throws WitnessDecodeError (non-canonical encoding or status out of range, naming the field and
 *   byte offset) or RecordDecodeError (a record its schema rejects, naming the record index and field).
 *
 * @example
 * const w = decodeMessageWitness(calldata);
 * for (const r of w.stateAccessList) if (r.op === "SSTORE") console.log(r.key, r.value, r.original);
 */
export function decodeMessageWitness(encoded: `0x${string}` | Uint8Array): MessageWitness {
  const raw = decodeRawMessageWitness(encoded);
  if (raw.status > 2n) {
    throw new WitnessDecodeError(
      "status",
      32 + 32 * 12,
      `status must be 0 (revert), 1 (success) or 2 (halt), got ${raw.status}`,
    );
  }
  return {
    ...raw,
    status: raw.status as FrameStatus,
    stateAccessList: raw.stateAccessList.map((r, i) => decodeAccessWitness(r, i)),
  };
}
