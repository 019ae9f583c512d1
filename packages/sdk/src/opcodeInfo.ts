import { OPCODES, type OpcodeInfo } from "./opcodes";

const byCode: (OpcodeInfo | undefined)[] = new Array(256).fill(undefined);
for (const o of OPCODES) byCode[o.code] = o;

/**
 * The opcode table row of a byte value, or undefined for an undefined opcode (which halts
 * exceptionally, like INVALID).
 *
 * @example
 * opcodeInfo(0x60)?.immediateSize; // 1 (PUSH1)
 * opcodeInfo(0x0c);                // undefined
 */
export function opcodeInfo(code: number): OpcodeInfo | undefined {
  return Number.isInteger(code) && code >= 0 && code < 256 ? byCode[code] : undefined;
}
