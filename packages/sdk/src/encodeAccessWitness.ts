import { WitnessEncodeError } from "./errors";
import {
  bytesToHex,
  concatBytes,
  fixedHex,
  hexToBytes,
  intToWord,
  leftPad32,
  uintToWord,
} from "./internal/bytes";
import { type AccessWitness, type FieldType, RECORD_SCHEMAS } from "./records";
import type { RawAccessWitness } from "./types";

/** Encode one field value of a record as ABI bytes (a 32-byte word, or raw bytes for the trailing field). */
function encodeField(type: FieldType, value: unknown): Uint8Array {
  switch (type) {
    case "uint256":
      return uintToWord(value);
    case "int256":
      return intToWord(value);
    case "bytes32":
      return hexToBytes(fixedHex(value, 32));
    case "address":
      return leftPad32(hexToBytes(fixedHex(value, 20)));
    case "bool":
      if (typeof value !== "boolean") throw new Error(`expected a boolean, got ${typeof value}`);
      return uintToWord(value ? 1n : 0n);
    case "bytes":
      return hexToBytes(value);
  }
}

/**
 * Encode a typed record into the raw `(opcode, stateRoot, data)` triple the hypervisor reads:
 * `data` is the schema's fields as 32-byte words in order, then the trailing `bytes` field if any.
 *
 * @param record the typed record (discriminated by `op`).
 * @param index its index in the state access list, used in error messages (default: none).
 * @throws WitnessEncodeError naming the record index and field if a value does not fit its type.
 *
 * @example
 * const raw = encodeAccessWitness({ op: "SLOAD", stateRoot: ZERO32, key: ZERO32, value: ONE32, warm: false });
 * raw.opcode; // 0x54n
 * raw.data;   // 0x ++ key ++ value ++ 00..00 (96 bytes)
 */
export function encodeAccessWitness(record: AccessWitness, index = -1): RawAccessWitness {
  const where = index >= 0 ? `stateAccessList[${index}]` : "record";
  const schema = RECORD_SCHEMAS.find((s) => s.mnemonic === (record as { op?: unknown })?.op);
  if (schema === undefined) {
    throw new WitnessEncodeError(
      `${where}.op`,
      `unknown record kind ${JSON.stringify((record as { op?: unknown })?.op)}`,
    );
  }
  let stateRoot: `0x${string}`;
  try {
    stateRoot = fixedHex(record.stateRoot, 32);
  } catch (cause) {
    throw new WitnessEncodeError(`${where}.stateRoot`, (cause as Error).message, { cause });
  }
  const values = record as unknown as Record<string, unknown>;
  const parts = schema.fields.map((f) => {
    try {
      return encodeField(f.type, values[f.name]);
    } catch (cause) {
      throw new WitnessEncodeError(`${where}.${f.name} (${schema.mnemonic})`, (cause as Error).message, {
        cause,
      });
    }
  });
  return { opcode: BigInt(schema.opcode), stateRoot, data: bytesToHex(concatBytes(parts)) };
}
