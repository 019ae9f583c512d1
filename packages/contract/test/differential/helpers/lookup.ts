import { OPCODES } from "@iso-hypervisor/sdk";
import { type Hex, assemble } from "./assemble";

const byMnemonic = new Map(OPCODES.map((o) => [o.mnemonic, o.code]));

/**
 * Assembles a test program with the SDK's opcode table (the one source of mnemonics).
 *
 * @example
 * asm("PUSH1 1 PUSH1 2 ADD"); // "0x6001600201"
 */
export function asm(source: string): Hex {
  return assemble(source, (m) => byMnemonic.get(m));
}

/**
 * Stack inputs and outputs of a mnemonic, from the SDK's opcode table.
 *
 * @example
 * stackEffect("ADD"); // { inputs: 2, outputs: 1 }
 */
export function stackEffect(mnemonic: string): { inputs: number; outputs: number } {
  const row = OPCODES.find((o) => o.mnemonic === mnemonic);
  if (row === undefined) throw new Error(`no opcode ${mnemonic} in the SDK table`);
  return { inputs: row.inputs, outputs: row.outputs };
}
