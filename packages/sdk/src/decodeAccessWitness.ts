import { RecordDecodeError } from "./errors";
import { bytesToBigint, bytesToHex, describe, fixedHex, hexToBytes, wordToInt } from "./internal/bytes";
import { type AccessWitness, RECORD_SCHEMAS } from "./records";
import type { RawAccessWitness } from "./types";

/**
 * Decode a raw `(opcode, stateRoot, data)` record into its typed form, validating it against its
 * schema: the opcode tag must name a record kind, `data` must hold exactly the schema's fixed words
 * (plus any number of bytes for a trailing `bytes` field), bools must be 0 or 1 and addresses must
 * have 12 zero high bytes.
 *
 * @param raw the raw record.
 * @param index its index in the state access list, named in errors (default: none).
 * @throws RecordDecodeError naming the record index and field.
 *
 * @example
 * const rec = decodeAccessWitness({ opcode: 0x54n, stateRoot: ZERO32, data: key + value.slice(2) + warmWord.slice(2) });
 * if (rec.op === "SLOAD") rec.value; // bytes32 hex
 */
export function decodeAccessWitness(raw: RawAccessWitness, index = -1): AccessWitness {
  const opcode = (raw as { opcode?: unknown })?.opcode;
  const schema =
    typeof opcode === "bigint" || (typeof opcode === "number" && Number.isSafeInteger(opcode))
      ? RECORD_SCHEMAS.find((s) => BigInt(s.opcode) === BigInt(opcode))
      : undefined;
  if (schema === undefined) {
    throw new RecordDecodeError(index, "opcode", `unknown record opcode tag ${describe(opcode)}`);
  }
  let stateRoot: `0x${string}`;
  let data: Uint8Array;
  try {
    stateRoot = fixedHex(raw.stateRoot, 32);
  } catch (cause) {
    throw new RecordDecodeError(index, "stateRoot", (cause as Error).message, { cause });
  }
  try {
    data = hexToBytes(raw.data);
  } catch (cause) {
    throw new RecordDecodeError(index, "data", (cause as Error).message, { cause });
  }
  const fields = schema.fields as readonly { name: string; type: string }[];
  const trailing = fields.length > 0 && fields[fields.length - 1].type === "bytes";
  const fixed = trailing ? fields.length - 1 : fields.length;
  if (trailing ? data.length < 32 * fixed : data.length !== 32 * fixed) {
    throw new RecordDecodeError(
      index,
      "data",
      `${schema.mnemonic} data must be ${trailing ? "at least " : ""}${32 * fixed} bytes, got ${data.length}`,
    );
  }
  const out: Record<string, unknown> = { op: schema.mnemonic, stateRoot };
  fields.forEach((f, i) => {
    if (f.type === "bytes") {
      out[f.name] = bytesToHex(data.subarray(32 * fixed));
      return;
    }
    const word = data.subarray(32 * i, 32 * i + 32);
    switch (f.type) {
      case "uint256":
        out[f.name] = bytesToBigint(word);
        break;
      case "int256":
        out[f.name] = wordToInt(word);
        break;
      case "bytes32":
        out[f.name] = bytesToHex(word);
        break;
      case "address":
        if (word.subarray(0, 12).some((b) => b !== 0)) {
          throw new RecordDecodeError(
            index,
            f.name,
            `address word has nonzero high bytes: ${bytesToHex(word)}`,
          );
        }
        out[f.name] = bytesToHex(word.subarray(12));
        break;
      case "bool": {
        const v = bytesToBigint(word);
        if (v > 1n) throw new RecordDecodeError(index, f.name, `bool word must be 0 or 1, got ${v}`);
        out[f.name] = v === 1n;
        break;
      }
    }
  });
  return out as unknown as AccessWitness;
}
