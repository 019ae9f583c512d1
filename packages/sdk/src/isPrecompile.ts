/**
 * Whether `address` is a precompiled contract at Osaka: 0x01..0x11 (with EIP-2537 BLS12-381) and
 * 0x100 (EIP-7951 P256VERIFY). A call to one starts no frame: its outcome is a record of the caller.
 *
 * @example
 * isPrecompile("0x0000000000000000000000000000000000000001"); // true (ecrecover)
 * isPrecompile(0x100n); // true (P256VERIFY)
 */
export function isPrecompile(address: string | bigint): boolean {
  const a = typeof address === "bigint" ? address : BigInt(address);
  return (a >= 1n && a <= 0x11n) || a === 0x100n;
}

/** The Osaka precompile addresses, lower-case hex. */
export const PRECOMPILES: readonly `0x${string}`[] = [
  ...Array.from({ length: 0x11 }, (_, i) => i + 1),
  0x100,
].map((n) => `0x${n.toString(16).padStart(40, "0")}` as const);
