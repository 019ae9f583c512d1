import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A second implementation of the hypervisor's code analysis (src/dispatch/analysis.huff: the complete analysis its header defines),
 * written from its documented layout, to check the archive factory's image byte for byte. It mirrors the
 * Huff step by step (walk first, then every block from 0 in sequence) but shares no code with it; only
 * the OP_INFO table is read from the Huff source (test/hypervisor/tables.test.ts checks that table against
 * the SDK's opcode table).
 */

const CODE_PADDING = 36;
const BIAS = 0x100000;
const SPLIT_SPAN = 0x200100;
const SPLIT_GAS = 0xff00;
/** Added to X and V (dispatch/dispatch.huff LANE_BIAS). */
const LANE_BIAS = 0x800;
const FORCED_MARKER = 0x0c;
const JUMPDEST = 0x5b;
/** Entry bits (64-bit entry e): 22 a JUMPDEST at an instruction boundary, 21 a forced block. */
const JUMPDEST_FLAG = 1n << 22n;
const FORCED_FLAG = 1n << 21n;
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

/** Length of the analysis image of code of `len` bytes: the code copy, its padding, the block table. */
export const imageLength = (len: number): number => roundUp32(len + CODE_PADDING) + 8 * (len + 4);

/**
 * The analysis image of `code`: what the hypervisor's memory holds from CODE_BASE to the end of the block
 * table once every block is computed.
 *
 * @example
 * const image = referenceImage(Uint8Array.from([0x5b, 0x00])); // JUMPDEST STOP
 */
export function referenceImage(code: Uint8Array): Uint8Array {
  const info = opInfo();
  const len = code.length;
  const image = new Uint8Array(imageLength(len));
  image.set(code, 0);
  const tableBase = roundUp32(len + CODE_PADDING);
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

  // the jump-destination walk, over every instruction boundary
  for (let p = 0; p < len; p += 1 + imm(code[p])) {
    if (code[p] === JUMPDEST) setEntry(p, getEntry(p) | JUMPDEST_FLAG);
  }

  const computeBlock = (bs: number): number => {
    let op = image[bs];
    if (op === FORCED_MARKER && (getEntry(bs) & FORCED_FLAG) !== 0n) op = image[tableBase + 8 * (bs + 1)];
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
      const next = image[p];
      if (next === JUMPDEST) break;
      if (mb + hmax < SPLIT_SPAN && g < SPLIT_GAS) {
        op = next;
        continue;
      }
      if (isEnd(next) || (imm(next) === 0 && image[p + 1] === JUMPDEST)) {
        op = next;
        continue;
      }
      // split: the block at p is forced
      setEntry(p, getEntry(p) | FORCED_FLAG);
      image[tableBase + 8 * (p + 1)] = next;
      image[p] = FORCED_MARKER;
      break;
    }
    const clamp = (x: number) => Math.min(x, 2047);
    const k = (hmax - hb) & 0xfff;
    const c = (mb + hb - 2 * BIAS) & 0x1ff;
    const v = BigInt(((c << 12) | k) + LANE_BIAS);
    const z = (BigInt(g) << 24n) | (BigInt(clamp(mb - BIAS)) << 12n) | BigInt(clamp(hmax - BIAS));
    const x = z + BigInt(LANE_BIAS);
    setEntry(bs, (x << 23n) | (getEntry(bs) & ENTRY_FLAGS) | v);
    return p;
  };
  for (let p = 0; p < len; ) p = computeBlock(p);
  return image;
}
