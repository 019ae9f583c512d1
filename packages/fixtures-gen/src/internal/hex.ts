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

/**
 * The largest memory region the recorder reads, in bytes (16 MiB). No frame can pay for memory this
 * large (2^19 words cost over 2^29 gas), so only a step that halts on its memory expansion names a
 * larger region; its contents (zeros past msize) are too big to hash, and the walker reports it.
 */
export const MAX_MEMORY_REGION = 1n << 24n;

/**
 * `size` bytes of memory at `offset` (hex without 0x in, 0x-hex out), zero beyond msize (memory the
 * EVM would expand reads as zeros, at any offset). Callers check `size <= MAX_MEMORY_REGION` first.
 */
export function memorySlice(memory: string, offset: bigint, size: bigint): Hex {
  if (size === 0n) return "0x";
  if (size > MAX_MEMORY_REGION)
    throw new RangeError(`memory region ${offset}+${size} is larger than ${MAX_MEMORY_REGION} bytes`);
  const have = BigInt(memory.length / 2);
  if (offset >= have) return `0x${"00".repeat(Number(size))}`;
  const start = Number(offset) * 2;
  const end = start + Number(size) * 2;
  const known = memory.slice(start, Math.min(end, memory.length));
  return `0x${known.padEnd(end - start, "0")}`;
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
