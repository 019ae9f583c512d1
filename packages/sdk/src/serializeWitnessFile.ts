import { encodeMessageWitness } from "./encodeMessageWitness";
import { WitnessFileError } from "./errors";
import { WITNESS_JSON_FIELDS } from "./internal/witnessJsonFields";
import { RECORD_SCHEMAS } from "./records";
import { WITNESS_FILE_VERSION, type WitnessFile } from "./types";

function jsonValue(value: unknown): unknown {
  return typeof value === "bigint" ? value.toString(10) : value;
}

/**
 * Serialise a witness file to JSON text (2-space indent, stable key order). Words (uint256, int256)
 * are decimal strings, hex values lower-case `0x` strings, bools JSON booleans, records objects with
 * `op` (the mnemonic), `stateRoot` and the schema's fields in schema order. The witness is validated
 * by encoding it first, so a file this function writes always parses back.
 *
 * @throws WitnessFileError (with the encoder's error as cause) if the witness cannot be encoded.
 *
 * @example
 * const text = serializeWitnessFile({ version: 1, chainId: 1n, blockNumber: 19_000_000n,
 *   transactionHash, path: [], witness, code: { [witness.to]: guestCode } });
 * fs.writeFileSync("witness.json", text);
 */
export function serializeWitnessFile(file: WitnessFile): string {
  try {
    encodeMessageWitness(file.witness);
  } catch (cause) {
    throw new WitnessFileError("witness", (cause as Error).message, { cause });
  }
  const w = file.witness as unknown as Record<string, unknown>;
  const witness: Record<string, unknown> = {};
  for (const [name] of WITNESS_JSON_FIELDS) {
    if (name === "stateAccessList") {
      witness[name] = file.witness.stateAccessList.map((r) => {
        const schema = RECORD_SCHEMAS.find((s) => s.mnemonic === r.op)!;
        const rec = r as unknown as Record<string, unknown>;
        const out: Record<string, unknown> = { op: r.op, stateRoot: r.stateRoot.toLowerCase() };
        for (const f of schema.fields) {
          const v = rec[f.name];
          out[f.name] = typeof v === "string" ? v.toLowerCase() : jsonValue(v);
        }
        return out;
      });
    } else {
      const v = w[name];
      witness[name] = typeof v === "string" ? v.toLowerCase() : jsonValue(v);
    }
  }
  const code: Record<string, string> = {};
  for (const addr of Object.keys(file.code).sort())
    code[addr.toLowerCase()] = file.code[addr as `0x${string}`].toLowerCase();
  return JSON.stringify(
    {
      version: WITNESS_FILE_VERSION,
      chainId: file.chainId.toString(10),
      blockNumber: file.blockNumber.toString(10),
      transactionHash: file.transactionHash.toLowerCase(),
      path: file.path,
      witness,
      code,
    },
    null,
    2,
  );
}
