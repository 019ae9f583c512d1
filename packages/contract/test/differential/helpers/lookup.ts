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
