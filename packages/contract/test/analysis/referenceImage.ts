import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A second implementation of the hypervisor's code analysis (src/dispatch/analysis.huff: the complete analysis its header defines),
 * written from its documented layout, to check the archive factory's image byte for byte. It mirrors the
 * Huff step by step (walk first, then every block from 0 in sequence) but shares no code with it; only
 * the OP_INFO table is read from the Huff source (test/hypervisor/tables.test.ts checks that table against
 * the SDK's opcode table).
 *
 * The image of code of L bytes is STREAM ++ TABLE:
 * - STREAM, roundup32(2 L + 66) bytes (code positions 0 .. L + 32, 2 bytes each, rounded up to 32): all zero
 *   except, at every instruction boundary i < L (the positions the walk visits), stream[2 i] = code[i] (or
 *   FORCED_MARKER when a split made i the start of a forced block), stream[2 i + 1] = 0, and a PUSHn's n
 *   immediate bytes right after those 2 (stream[2 i + 2 .. 2 i + 2 + n) = code[i + 1 .. i + 1 + n), zero past
 *   the end of the code; the marker replaces only stream[2 i], the immediate is still written after it).
 *   Positions from L on are 0 (STOP).
 * - TABLE, 8 (L + 4) bytes: one 8-byte big-endian entry per position 0 .. L + 3 (bits 23 and 0 a JUMPDEST at
 *   an instruction boundary, bit 22 a forced block, a computed block's start X << 24 | flags | V << 1, so
 *   that V' = 2 V + JD; a forced block's original opcode in byte 0 of the entry after it).
 * The analysis reads the raw code (never modified, zero past its end), so a forced block's opcode needs no
 * decoding: only the stream carries the marker.
 */

/** Stream bytes beyond 2 L: positions L .. L + 32 (a PUSH32 at the last byte, the next fetch), 2 bytes each. */
const STREAM_PADDING = 66;
const BIAS = 0x100000;
const SPLIT_SPAN = 0x200100;
const SPLIT_GAS = 0x4000;
/** Added to X and V (dispatch/dispatch.huff LANE_BIAS). */
const LANE_BIAS = 0x800;
const FORCED_MARKER = 0x0c;
const JUMPDEST = 0x5b;
/** Entry bits (64-bit entry e): 22 a JUMPDEST at an instruction boundary, 21 a forced block. */
const JUMPDEST_FLAG = (1n << 23n) | 1n;
const FORCED_FLAG = 1n << 22n;
const ENTRY_FLAGS = JUMPDEST_FLAG | FORCED_FLAG;

let opInfoCache: number[] | undefined;

/** OP_INFO words (flags << 24 | gas << 16 | in << 8 | out), read from src/constants/opinfo.huff. */
export function opInfo(): number[] {
  if (opInfoCache) return opInfoCache;
  const src = readFileSync(join(__dirname, "..", "..", "src", "constants", "opinfo.huff"), "utf8");
  const body = src.slice(src.indexOf("#define table OP_INFO_TABLE"));
  const table = body.slice(body.indexOf("{") + 1, body.indexOf("}"));
  const words = table
    .split("\n")
    .map((l) => l.replace(/\/\/.*$/, ""))
    .flatMap((l) => l.match(/0x[0-9a-f]{8}/gi) ?? [])
    .map((w) => Number.parseInt(w, 16));
  if (words.length !== 256) throw new Error(`OP_INFO_TABLE has ${words.length} words, not 256`);
  opInfoCache = words;
  return words;
}

const roundUp32 = (n: number) => Math.ceil(n / 32) * 32;

/** Length of the stream of code of `len` bytes: 2 bytes per position 0 .. len + 32, rounded up to 32. */
const streamLength = (len: number): number => roundUp32(2 * len + STREAM_PADDING);

/** Length of the analysis image of code of `len` bytes: the stream, then the block table. */
export const imageLength = (len: number): number => streamLength(len) + 8 * (len + 4);

/**
 * The analysis image of `code`: what the hypervisor's memory holds from STREAM_BASE to the end of the
 * block table once every block is computed.
 *
 * @example
 * const image = referenceImage(Uint8Array.from([0x5b, 0x00])); // JUMPDEST STOP
 */
export function referenceImage(code: Uint8Array): Uint8Array {
  const info = opInfo();
  const len = code.length;
  const image = new Uint8Array(imageLength(len));
  /** The raw code, zero past its end. */
  const at = (p: number): number => (p < len ? code[p] : 0);
  const tableBase = streamLength(len);
  const getEntry = (pos: number): bigint => {
    let e = 0n;
    for (let i = 0; i < 8; i++) e = (e << 8n) | BigInt(image[tableBase + 8 * pos + i]);
    return e;
  };
  const setEntry = (pos: number, e: bigint) => {
    for (let i = 0; i < 8; i++) image[tableBase + 8 * pos + i] = Number((e >> BigInt(56 - 8 * i)) & 0xffn);
  };
  const imm = (op: number) => (info[op] >>> 24) & 0x3f;
  const isEnd = (op: number) => info[op] >>> 31 === 1;

  // the jump-destination walk, over every instruction boundary: the stream's opcode byte (its second byte
  // stays 0) and immediate, the JUMPDEST flag
  for (let p = 0; p < len; p += 1 + imm(code[p])) {
    image[2 * p] = code[p];
    for (let j = 1; j <= imm(code[p]); j++) image[2 * p + 1 + j] = at(p + j);
    if (code[p] === JUMPDEST) setEntry(p, getEntry(p) | JUMPDEST_FLAG);
  }

  const computeBlock = (bs: number): number => {
    let op = code[bs];
    let p = bs;
    let g = 0;
    let hb = BIAS;
    let mb = BIAS;
    let hmax = BIAS;
    for (;;) {
      const w = info[op];
      g += (w >>> 16) & 0xff;
      const inputs = (w >>> 8) & 0xff;
      const outputs = w & 0xff;
      mb = Math.max(mb, 2 * BIAS + inputs - hb);
      hb = hb + outputs - inputs;
      hmax = Math.max(hmax, hb);
      p += 1 + imm(op);
      if (isEnd(op)) break;
      if (p >= len) break;
      const next = code[p];
      if (next === JUMPDEST) break;
      if (mb + hmax < SPLIT_SPAN && g < SPLIT_GAS) {
        op = next;
        continue;
      }
      if (isEnd(next) || (imm(next) === 0 && at(p + 1) === JUMPDEST)) {
        op = next;
        continue;
      }
      // split: the block at p is forced
      setEntry(p, getEntry(p) | FORCED_FLAG);
      image[tableBase + 8 * (p + 1)] = next;
      image[2 * p] = FORCED_MARKER;
      break;
    }
    const clamp = (x: number) => Math.min(x, 2047);
    const k = (hmax - hb) & 0xfff;
    const c = (mb + hb - 2 * BIAS) & 0x1ff;
    const v = BigInt(((c << 12) | k) + LANE_BIAS);
    const z = (BigInt(g) << 24n) | (BigInt(clamp(mb - BIAS)) << 12n) | BigInt(clamp(hmax - BIAS));
    const x = z + BigInt(LANE_BIAS);
    setEntry(bs, (x << 24n) | (getEntry(bs) & ENTRY_FLAGS) | (v << 1n));
    return p;
  };
  for (let p = 0; p < len; ) p = computeBlock(p);
  return image;
}
