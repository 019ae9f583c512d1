import { RECORD_SCHEMAS, type RecordSchema } from "./records";

/**
 * The schema of the record kind answering `opcode`, or undefined if that opcode needs no record.
 *
 * @example
 * recordSchema(0x54)?.fields.map((f) => f.name); // ["key", "value", "warm"]
 */
export function recordSchema(opcode: number): RecordSchema | undefined {
  return RECORD_SCHEMAS.find((r) => r.opcode === opcode);
}
