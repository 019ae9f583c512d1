import { WitnessEncodeError } from "./errors";
import { bytesToHex, concatBytes, fixedHex, hexToBytes, leftPad32, uintToWord } from "./internal/bytes";
import type { RawMessageWitness } from "./types";

const HEAD_WORDS = 15;

function pad32(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(bytes.length / 32) * 32);
  out.set(bytes);
  return out;
}

function field<T>(name: string, f: () => T): T {
  try {
    return f();
  } catch (cause) {
    if (cause instanceof WitnessEncodeError) throw cause;
    throw new WitnessEncodeError(name, (cause as Error).message, { cause });
  }
}

/**
 * ABI-encode a raw MessageWitness (records as `(opcode, stateRoot, data)` triples) exactly as
 * Solidity's `abi.encode(witness)` does: the tuple offset word `0x20`, the 15 head words, the access
 * list, then the calldata. The result is the hypervisor's calldata. Unlike encodeMessageWitness it
 * does not check records against their schemas, so it can build adversarial witnesses.
 *
 * @throws WitnessEncodeError naming the field whose value does not fit its ABI type.
 *
 * @example
 * const calldata = encodeRawMessageWitness({ ...header, status: 7n, stateAccessList: [{ opcode: 0x99n, stateRoot: ZERO32, data: "0x" }] });
 */
export function encodeRawMessageWitness(witness: RawMessageWitness): `0x${string}` {
  const w = witness as unknown as Record<string, unknown>;
  if (typeof w !== "object" || w === null) throw new WitnessEncodeError("witness", "expected an object");
  const b32 = (name: string) => field(name, () => hexToBytes(fixedHex(w[name], 32)));
  const addr = (name: string) => field(name, () => leftPad32(hexToBytes(fixedHex(w[name], 20))));
  const uint = (name: string) => field(name, () => uintToWord(w[name]));
  const bool = (name: string) =>
    field(name, () => {
      if (typeof w[name] !== "boolean") throw new Error(`expected a boolean, got ${typeof w[name]}`);
      return uintToWord(w[name] ? 1n : 0n);
    });

  const list = w.stateAccessList;
  if (!Array.isArray(list)) throw new WitnessEncodeError("stateAccessList", "expected an array");
  const elements = list.map((r: unknown, i: number) => {
    const rec = r as Record<string, unknown>;
    const where = `stateAccessList[${i}]`;
    if (typeof rec !== "object" || rec === null) throw new WitnessEncodeError(where, "expected an object");
    const opcode = field(`${where}.opcode`, () => uintToWord(rec.opcode));
    const stateRoot = field(`${where}.stateRoot`, () => hexToBytes(fixedHex(rec.stateRoot, 32)));
    const data = field(`${where}.data`, () => hexToBytes(rec.data));
    return concatBytes([opcode, stateRoot, uintToWord(96n), uintToWord(BigInt(data.length)), pad32(data)]);
  });
  const offsets: Uint8Array[] = [];
  let at = 32 * elements.length;
  for (const e of elements) {
    offsets.push(uintToWord(BigInt(at)));
    at += e.length;
  }
  const listBytes = concatBytes([uintToWord(BigInt(elements.length)), ...offsets, ...elements]);
  const calldata = field("calldata", () => hexToBytes(w.calldata));
  const calldataOffset = 32 * HEAD_WORDS + listBytes.length;

  const head = [
    b32("stateRootEnter"),
    b32("stateRootLeave"),
    bool("isStatic"),
    addr("origin"),
    addr("caller"),
    addr("to"),
    addr("context"),
    uint("callvalue"),
    uint("gasPrice"),
    uint("gasAvailable"),
    uint("gasUsed"),
    uintToWord(BigInt(32 * HEAD_WORDS)),
    uint("status"),
    b32("returndataHash"),
    uintToWord(BigInt(calldataOffset)),
  ];
  return bytesToHex(
    concatBytes([uintToWord(32n), ...head, listBytes, uintToWord(BigInt(calldata.length)), pad32(calldata)]),
  );
}
