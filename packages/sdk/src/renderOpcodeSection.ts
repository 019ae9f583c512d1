import { OPCODES } from "./opcodes";

/**
 * Render the opcode table of docs/witness-format.md from OPCODES: code, mnemonic, stack inputs and
 * outputs, immediate bytes, static gas, dynamic gas, the record it consumes and whether it ends the frame.
 *
 * @example
 * renderOpcodeSection().split("\n").length; // 2 header lines + one line per opcode
 */
export function renderOpcodeSection(): string {
  const out = [
    "| code | mnemonic | in | out | imm | static gas | dynamic gas | record | halts |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const o of OPCODES) {
    out.push(
      `| 0x${o.code.toString(16).padStart(2, "0")} | ${o.mnemonic} | ${o.inputs} | ${o.outputs} | ${o.immediateSize} | ${o.staticGas} | ${o.dynamicGas ?? ""} | ${o.record ?? ""} | ${o.halts ?? ""} |`,
    );
  }
  return out.join("\n");
}
