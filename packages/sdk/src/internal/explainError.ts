import { decodeRawMessageWitness } from "../decodeRawMessageWitness";
import { opcodeInfo } from "../opcodeInfo";
import { RECORD_SCHEMAS } from "../records";
import type { RawMessageWitness } from "../types";

const STATUS = ["revert", "success", "exceptional halt"];
const opName = (op: bigint) => {
  const info = op < 256n ? opcodeInfo(Number(op)) : undefined;
  return `0x${op.toString(16)}${info ? ` (${info.mnemonic})` : ""}`;
};
const statusName = (s: bigint) => (s < 3n ? `${s} (${STATUS[Number(s)]})` : `${s}`);

/**
 * A one-line explanation of a hypervisor error against the witness it judged: which record and field,
 * what the witness says and what the execution found. Best effort: without a decodable witness it
 * explains the error alone.
 */
export function explainError(
  name: string,
  doc: string,
  record: bigint,
  args: Record<string, bigint | `0x${string}`>,
  witnessBytes: `0x${string}`,
): string {
  let w: RawMessageWitness | undefined;
  try {
    w = decodeRawMessageWitness(witnessBytes);
  } catch {
    w = undefined;
  }
  const r =
    w !== undefined && record < BigInt(w.stateAccessList.length)
      ? w.stateAccessList[Number(record)]
      : undefined;
  switch (name) {
    case "MalformedWitness":
      return `${doc} (first offending word at calldata byte ${args.calldataOffset})`;
    case "CodeNotArchived":
      return `${doc.replace("`account`", String(args.account))}`;
    case "RecordMissing":
    case "RecordUnsupported":
      return `${doc}: opcode ${opName(args.opcode as bigint)} at record ${record}`;
    case "RecordOpcodeMismatch":
      return `record ${record} answers opcode ${opName(args.actual as bigint)}, the guest executes ${opName(args.expected as bigint)}`;
    case "RecordFieldMismatch": {
      const schema = r ? RECORD_SCHEMAS.find((s) => BigInt(s.opcode) === r.opcode) : undefined;
      const field = schema?.fields[Number(args.field)];
      if (schema === undefined || field === undefined) return `${doc}: record ${record}, field ${args.field}`;
      return `record ${record} (${schema.mnemonic}) field ${args.field} \`${field.name}\` (${field.doc}) differs from what the guest computed`;
    }
    case "RecordsNotConsumed":
      return w
        ? `${doc}: ${w.stateAccessList.length - Number(record)} of ${w.stateAccessList.length} records left`
        : doc;
    case "StatusMismatch":
      return `the witness says status ${w ? statusName(w.status) : "?"}, the execution ended with ${statusName(args.actual as bigint)}`;
    case "ReturnDataMismatch":
      return `the witness says returndataHash ${w?.returndataHash ?? "?"}, the output hashes to ${args.actual}`;
    case "GasUsedMismatch":
      return `the witness says gasUsed ${w?.gasUsed ?? "?"}, the execution used ${args.actual}`;
    default:
      return doc;
  }
}
