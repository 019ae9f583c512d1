import type { AccessWitness } from "./records";

/**
 * The refund-counter change (EIP-2200 as amended by EIP-3529) of one SSTORE, from its record.
 * Returns 0 when the store changes nothing (value == current); can be negative.
 *
 * @example
 * sstoreRefund({ op: "SSTORE", stateRoot, key, original: ONE, current: ONE, value: ZERO, warm: true }); // 4800n
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
