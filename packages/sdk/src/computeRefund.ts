import type { AccessWitness } from "./records";
import { FrameStatus, type MessageWitness } from "./types";

/**
 * The refund-counter change (EIP-2200 as amended by EIP-3529) of one SSTORE, from its record.
 *
 * @internal exported for computeRefund's tests.
 */
export function sstoreRefund(r: Extract<AccessWitness, { op: "SSTORE" }>): bigint {
  const original = BigInt(r.original);
  const current = BigInt(r.current);
  const value = BigInt(r.value);
  if (value === current) return 0n;
  if (original === current) return original !== 0n && value === 0n ? 4800n : 0n;
  let refund = 0n;
  if (original !== 0n) {
    if (current === 0n) refund -= 4800n;
    else if (value === 0n) refund += 4800n;
  }
  if (original === value) refund += original === 0n ? 19900n : 2800n;
  return refund;
}

/**
 * The net change a frame makes to the transaction's refund counter: its SSTOREs' refunds (EIP-3529)
 * plus the `refund` of every successful child (CALL family, CREATE/CREATE2); 0 unless the frame
 * succeeded, since a revert or exceptional halt undoes it. This is what the parent's record must
 * carry as `refund` (checkFrameLinkage checks it). It can be negative.
 *
 * @example
 * computeRefund(witness); // e.g. 4800n after clearing a slot that was nonzero at the start of the transaction
 */
export function computeRefund(witness: MessageWitness): bigint {
  if (witness.status !== FrameStatus.Success) return 0n;
  let refund = 0n;
  for (const r of witness.stateAccessList) {
    if (r.op === "SSTORE") refund += sstoreRefund(r);
    else if ("refund" in r && r.success) refund += r.refund;
  }
  return refund;
}
