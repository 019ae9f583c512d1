import { WitnessDecodeError } from "./errors";
import { bytesToBigint, bytesToHex } from "./internal/bytes";
import type { RawAccessWitness, RawMessageWitness } from "./types";

const HEAD_WORDS = 15;
/** The hypervisor rejects gasAvailable >= 2^64 as malformed (docs/witness-format.md 2.2). */
const MAX_GAS_AVAILABLE = 1n << 64n;
const HEX_RE = /^0x([0-9a-fA-F]{2})*$/;

/** Reads words from the encoding, naming the field on every failure. */
class Reader {
  constructor(readonly bytes: Uint8Array) {}

  word(offset: number, field: string): Uint8Array {
    if (offset + 32 > this.bytes.length) {
      throw new WitnessDecodeError(
        field,
        offset,
        `truncated: needs bytes ${offset}..${offset + 32}, have ${this.bytes.length}`,
      );
    }
    return this.bytes.subarray(offset, offset + 32);
  }

  uint(offset: number, field: string): bigint {
    return bytesToBigint(this.word(offset, field));
  }

  /** A uint that must be small enough to be an offset or length in this encoding. */
  size(offset: number, field: string): number {
    const v = this.uint(offset, field);
    if (v > BigInt(this.bytes.length)) {
      throw new WitnessDecodeError(field, offset, `${v} exceeds the encoding length ${this.bytes.length}`);
    }
    return Number(v);
  }

  expect(offset: number, field: string, expected: number): void {
    const v = this.uint(offset, field);
    if (v !== BigInt(expected)) {
      throw new WitnessDecodeError(
        field,
        offset,
        `non-canonical offset ${v}, the canonical encoding has ${expected}`,
      );
    }
  }

  address(offset: number, field: string): `0x${string}` {
    const w = this.word(offset, field);
    if (w.subarray(0, 12).some((b) => b !== 0)) {
      throw new WitnessDecodeError(field, offset, `address word has nonzero high bytes: ${bytesToHex(w)}`);
    }
    return bytesToHex(w.subarray(12));
  }

  bool(offset: number, field: string): boolean {
    const v = this.uint(offset, field);
    if (v > 1n) throw new WitnessDecodeError(field, offset, `bool word must be 0 or 1, got ${v}`);
    return v === 1n;
  }

  /** A length-prefixed byte string at `offset` with zero padding; returns the bytes and the end offset. */
  bytesAt(offset: number, field: string): { value: `0x${string}`; end: number } {
    const length = this.size(offset, `${field} (length)`);
    const start = offset + 32;
    const padded = Math.ceil(length / 32) * 32;
    if (start + padded > this.bytes.length) {
      throw new WitnessDecodeError(field, start, `truncated: ${length} bytes (${padded} padded) do not fit`);
    }
    for (let i = start + length; i < start + padded; i++) {
      if (this.bytes[i] !== 0) throw new WitnessDecodeError(field, i, "nonzero padding byte");
    }
    return { value: bytesToHex(this.bytes.subarray(start, start + length)), end: start + padded };
  }
}

/**
 * Decode the hypervisor's calldata into a raw MessageWitness, accepting exactly the canonical ABI
 * encoding (what `abi.encode` produces) as docs/decisions.md requires: the tuple offset 0x20, every
 * offset where the standard encoder puts it, zero padding, bools 0/1, addresses with 12 zero bytes,
 * nothing after the calldata; and, like the hypervisor, `gasAvailable` < 2^64. Records stay raw `(opcode, stateRoot, data)` and `status` any uint256:
 * use decodeMessageWitness for the typed, schema-checked form.
 *
 * @throws WitnessDecodeError naming the field and byte offset of the first deviation.
 *
 * @example
 * const raw = decodeRawMessageWitness(calldata);
 * raw.stateAccessList[0].opcode; // e.g. 0x54n
 */
export function decodeRawMessageWitness(encoded: `0x${string}` | Uint8Array): RawMessageWitness {
  let bytes: Uint8Array;
  if (encoded instanceof Uint8Array) {
    bytes = encoded;
  } else {
    if (typeof encoded !== "string" || !HEX_RE.test(encoded)) {
      throw new WitnessDecodeError("(input)", 0, "expected 0x-prefixed even-length hex or a Uint8Array");
    }
    bytes = Uint8Array.from(Buffer.from(encoded.slice(2), "hex"));
  }
  const r = new Reader(bytes);
  r.expect(0, "(tuple offset)", 32);
  const base = 32;
  const h = (i: number) => base + 32 * i;

  const head = {
    stateRootEnter: bytesToHex(r.word(h(0), "stateRootEnter")),
    stateRootLeave: bytesToHex(r.word(h(1), "stateRootLeave")),
    isStatic: r.bool(h(2), "isStatic"),
    origin: r.address(h(3), "origin"),
    caller: r.address(h(4), "caller"),
    to: r.address(h(5), "to"),
    context: r.address(h(6), "context"),
    callvalue: r.uint(h(7), "callvalue"),
    gasPrice: r.uint(h(8), "gasPrice"),
    gasAvailable: r.uint(h(9), "gasAvailable"),
    gasUsed: r.uint(h(10), "gasUsed"),
    status: r.uint(h(12), "status"),
    returndataHash: bytesToHex(r.word(h(13), "returndataHash")),
  };
  r.word(h(14), "calldata (offset)");
  if (head.gasAvailable >= MAX_GAS_AVAILABLE) {
    throw new WitnessDecodeError(
      "gasAvailable",
      h(9),
      `${head.gasAvailable} is not below 2^64 (no EVM frame has that much gas)`,
    );
  }

  const listStart = base + 32 * HEAD_WORDS;
  r.expect(h(11), "stateAccessList (offset)", 32 * HEAD_WORDS);
  const n = r.size(listStart, "stateAccessList (length)");
  const itemsBase = listStart + 32;
  if (itemsBase + 32 * n > bytes.length) {
    throw new WitnessDecodeError(
      "stateAccessList (length)",
      listStart,
      `${n} records do not fit in ${bytes.length} bytes`,
    );
  }
  const stateAccessList: RawAccessWitness[] = [];
  let expected = 32 * n;
  for (let i = 0; i < n; i++) {
    const where = `stateAccessList[${i}]`;
    r.expect(itemsBase + 32 * i, `${where} (offset)`, expected);
    const at = itemsBase + expected;
    const opcode = r.uint(at, `${where}.opcode`);
    const stateRoot = bytesToHex(r.word(at + 32, `${where}.stateRoot`));
    r.expect(at + 64, `${where}.data (offset)`, 96);
    const data = r.bytesAt(at + 96, `${where}.data`);
    stateAccessList.push({ opcode, stateRoot, data: data.value });
    expected = data.end - itemsBase;
  }
  const listEnd = itemsBase + expected;
  r.expect(h(14), "calldata (offset)", listEnd - base);
  const calldata = r.bytesAt(listEnd, "calldata");
  if (calldata.end !== bytes.length) {
    throw new WitnessDecodeError(
      "(end)",
      calldata.end,
      `${bytes.length - calldata.end} bytes after the calldata`,
    );
  }

  return { ...head, stateAccessList, calldata: calldata.value };
}
