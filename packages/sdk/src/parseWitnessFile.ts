import { encodeMessageWitness } from "./encodeMessageWitness";
import { WitnessFileError } from "./errors";
import { describe } from "./internal/bytes";
import { WITNESS_JSON_FIELDS } from "./internal/witnessJsonFields";
import { type AccessWitness, RECORD_SCHEMAS } from "./records";
import { type FrameStatus, type MessageWitness, WITNESS_FILE_VERSION, type WitnessFile } from "./types";

const FILE_KEYS = ["version", "chainId", "blockNumber", "transactionHash", "path", "witness", "code"];
const UINT_RE = /^(0|[1-9][0-9]*)$/;
const INT_RE = /^(0|-?[1-9][0-9]*)$/;

function fail(path: string, detail: string, cause?: unknown): never {
  throw new WitnessFileError(path, detail, cause === undefined ? undefined : { cause });
}

function object(value: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    fail(path, `expected an object, got ${describe(value)}`);
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`${path}.${k}`, "unknown key");
  for (const k of keys) if (!(k in o)) fail(`${path}.${k}`, "missing");
  return o;
}

function hex(value: unknown, path: string, size?: number): `0x${string}` {
  if (typeof value !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(value)) {
    fail(path, `expected 0x-prefixed even-length hex, got ${describe(value)}`);
  }
  if (size !== undefined && value.length !== 2 + 2 * size)
    fail(path, `expected ${size} bytes, got ${(value.length - 2) / 2}`);
  return value.toLowerCase() as `0x${string}`;
}

function word(value: unknown, path: string, signed: boolean): bigint {
  if (typeof value !== "string" || !(signed ? INT_RE : UINT_RE).test(value)) {
    fail(
      path,
      `expected a canonical decimal ${signed ? "int256" : "uint256"} string, got ${describe(value)}`,
    );
  }
  const v = BigInt(value);
  if (signed ? v < -(1n << 255n) || v >= 1n << 255n : v >= 1n << 256n) fail(path, `${value} is out of range`);
  return v;
}

function value(type: string, v: unknown, path: string): unknown {
  switch (type) {
    case "uint256":
      return word(v, path, false);
    case "int256":
      return word(v, path, true);
    case "bytes32":
      return hex(v, path, 32);
    case "address":
      return hex(v, path, 20);
    case "bool":
      if (typeof v !== "boolean") fail(path, `expected true or false, got ${describe(v)}`);
      return v;
    default:
      return hex(v, path);
  }
}

function record(v: unknown, path: string): AccessWitness {
  const op = (v as { op?: unknown } | null)?.op;
  const schema = RECORD_SCHEMAS.find((s) => s.mnemonic === op);
  if (schema === undefined) fail(`${path}.op`, `unknown record kind ${describe(op)}`);
  const fields = schema.fields as readonly { name: string; type: string }[];
  const o = object(v, path, ["op", "stateRoot", ...fields.map((f) => f.name)]);
  const out: Record<string, unknown> = {
    op: schema.mnemonic,
    stateRoot: hex(o.stateRoot, `${path}.stateRoot`, 32),
  };
  for (const f of fields) out[f.name] = value(f.type, o[f.name], `${path}.${f.name}`);
  return out as unknown as AccessWitness;
}

/**
 * Parse a witness file (JSON text as written by serializeWitnessFile, or the already-parsed value).
 * Strict: unknown or missing keys, an unknown `version`, non-hex or wrong-length hex, non-decimal
 * words, unknown record kinds and values out of range are errors; hex is normalised to lower case.
 *
 * @throws WitnessFileError naming the JSON path (e.g. `witness.stateAccessList[2].warm`).
 *
 * @example
 * const file = parseWitnessFile(fs.readFileSync("witness.json", "utf8"));
 * const calldata = encodeMessageWitness(file.witness);
 */
export function parseWitnessFile(json: string | unknown): WitnessFile {
  let data: unknown = json;
  if (typeof json === "string") {
    try {
      data = JSON.parse(json);
    } catch (cause) {
      fail("$", `not JSON: ${(cause as Error).message}`, cause);
    }
  }
  const version = (data as { version?: unknown } | null)?.version;
  if (typeof data === "object" && data !== null && version !== WITNESS_FILE_VERSION) {
    fail(
      "$.version",
      `unknown witness file version ${describe(version)} (this SDK reads version ${WITNESS_FILE_VERSION})`,
    );
  }
  const o = object(data, "$", FILE_KEYS);
  const path = o.path;
  if (!Array.isArray(path) || !path.every((i) => Number.isSafeInteger(i) && i >= 0)) {
    fail("$.path", `expected an array of record indices, got ${describe(path)}`);
  }
  const w = object(
    o.witness,
    "$.witness",
    WITNESS_JSON_FIELDS.map(([n]) => n),
  );
  const witness: Record<string, unknown> = {};
  for (const [name, type] of WITNESS_JSON_FIELDS) {
    const p = `$.witness.${name}`;
    if (type === "records") {
      if (!Array.isArray(w[name])) fail(p, `expected an array, got ${describe(w[name])}`);
      witness[name] = (w[name] as unknown[]).map((r, i) => record(r, `${p}[${i}]`));
    } else {
      witness[name] = value(type, w[name], p);
    }
  }
  if ((witness.status as bigint) > 2n) fail("$.witness.status", `expected 0, 1 or 2, got ${witness.status}`);
  if (typeof o.code !== "object" || o.code === null || Array.isArray(o.code))
    fail("$.code", "expected an object");
  const code: Record<`0x${string}`, `0x${string}`> = {};
  for (const [addr, c] of Object.entries(o.code as Record<string, unknown>)) {
    const key = hex(addr, `$.code (key ${addr})`, 20);
    if (key in code) fail(`$.code.${addr}`, "the same address appears twice (keys are case-insensitive)");
    code[key] = hex(c, `$.code.${addr}`);
  }
  const file: WitnessFile = {
    version: WITNESS_FILE_VERSION,
    chainId: word(o.chainId, "$.chainId", false),
    blockNumber: word(o.blockNumber, "$.blockNumber", false),
    transactionHash: hex(o.transactionHash, "$.transactionHash", 32),
    path: path as number[],
    witness: { ...(witness as unknown as MessageWitness), status: witness.status as FrameStatus },
    code,
  };
  try {
    encodeMessageWitness(file.witness);
  } catch (cause) {
    fail("$.witness", (cause as Error).message, cause);
  }
  return file;
}
