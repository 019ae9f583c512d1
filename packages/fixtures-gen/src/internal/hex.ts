import { keccak256 } from "ethers";

export type Hex = `0x${string}`;

export const ZERO_WORD: Hex = `0x${"00".repeat(32)}`;
export const ZERO_ADDRESS: Hex = `0x${"00".repeat(20)}`;
export const EMPTY_HASH: Hex = keccak256("0x") as Hex;

const MASK160 = (1n << 160n) - 1n;

/** A stack word as a lower-case address (the low 160 bits, as the EVM reads it). */
export function wordToAddress(w: bigint): Hex {
  return `0x${(w & MASK160).toString(16).padStart(40, "0")}`;
}

/** A bigint as a 32-byte hex word. */
export function wordHex(w: bigint): Hex {
  return `0x${w.toString(16).padStart(64, "0")}`;
}

/** `size` bytes of memory at `offset` (hex without 0x in, 0x-hex out), zero beyond msize. */
export function memorySlice(memory: string, offset: bigint, size: bigint): Hex {
  if (size === 0n) return "0x";
  if (size > 1n << 32n || offset > 1n << 32n)
    throw new RangeError(`memory region ${offset}+${size} is out of any real range`);
  const start = Number(offset) * 2;
  const end = start + Number(size) * 2;
  const have = memory.slice(start, Math.min(end, memory.length));
  return `0x${have.padEnd(end - start, "0")}`;
}

export function hexToBigint(h: string): bigint {
  return h === "0x" ? 0n : BigInt(h);
}

export function normalizeAddress(a: string): Hex {
  return `0x${a.slice(2).toLowerCase().padStart(40, "0")}` as Hex;
}

export function byteLength(h: Hex): number {
  return (h.length - 2) / 2;
}
