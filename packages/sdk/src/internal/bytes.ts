/**
 * Internal byte helpers (not part of the public API). Kept dependency-free and strict: they throw
 * plain `Error`s that callers wrap in a typed SDK error naming the field.
 */
export type Hex = `0x${string}`;

const HEX_RE = /^0x([0-9a-fA-F]{2})*$/;
export const TWO_256 = 1n << 256n;

/** Strict hex (0x prefix, even length) to bytes. */
export function hexToBytes(hex: unknown): Uint8Array {
  if (typeof hex !== "string" || !HEX_RE.test(hex)) {
    throw new Error(`expected 0x-prefixed even-length hex, got ${describe(hex)}`);
  }
  return Uint8Array.from(Buffer.from(hex.slice(2), "hex"));
}

/** Lower-case 0x hex of bytes. */
export function bytesToHex(bytes: Uint8Array): Hex {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`;
}

/** A fixed-length hex value (bytes32, address), lower-cased. */
export function fixedHex(value: unknown, size: number): Hex {
  const bytes = hexToBytes(value);
  if (bytes.length !== size) throw new Error(`expected ${size} bytes, got ${bytes.length}`);
  return bytesToHex(bytes);
}

/** Big-endian bytes to bigint. */
export function bytesToBigint(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(bytesToHex(bytes));
}

/** bigint in [0, 2^256) to a 32-byte word. */
export function uintToWord(value: unknown): Uint8Array {
  if (typeof value !== "bigint") throw new Error(`expected a bigint, got ${describe(value)}`);
  if (value < 0n || value >= TWO_256) throw new Error(`${value} is outside uint256`);
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(64, "0"), "hex"));
}

/** bigint in [-2^255, 2^255) to its two's complement word. */
export function intToWord(value: unknown): Uint8Array {
  if (typeof value !== "bigint") throw new Error(`expected a bigint, got ${describe(value)}`);
  if (value < -(1n << 255n) || value >= 1n << 255n) throw new Error(`${value} is outside int256`);
  return uintToWord(value < 0n ? value + TWO_256 : value);
}

/** Two's complement word to a signed bigint. */
export function wordToInt(word: Uint8Array): bigint {
  const u = bytesToBigint(word);
  return u >= 1n << 255n ? u - TWO_256 : u;
}

/** Left-pad to 32 bytes. */
export function leftPad32(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  out.set(bytes, 32 - bytes.length);
  return out;
}

/** Concatenate byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Short description of an unexpected value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
  if (typeof value === "bigint") return `${value}n`;
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
