import { sstoreRefund } from "./sstoreRefund";
import { FrameStatus, type MessageWitness } from "./types";

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
