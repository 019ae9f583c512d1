import { RECORD_SCHEMAS } from "./records";

const KIND = { checked: "checked", supplied: "supplied" } as const;

/**
 * Render the record section of docs/witness-format.md from RECORD_SCHEMAS: per record kind, the
 * opcode, the data layout (byte offsets inside `data`), each field's kind and meaning, the exact gas
 * formula, the hypervisor's rule and whether `stateRoot` can change. The docs script writes it between
 * the `records` markers; a test fails if the doc and the table disagree.
 *
 * @example
 * const markdown = renderRecordSection();
 * markdown.includes("### SLOAD (0x54)"); // true
 */
export function renderRecordSection(): string {
  const out: string[] = [];
  out.push("| opcode | record | data bytes | changes state |", "|---|---|---|---|");
  for (const s of RECORD_SCHEMAS) {
    const fixed = s.fields.filter((f) => f.type !== "bytes").length;
    const trailing = s.fields.length !== fixed;
    out.push(
      `| 0x${s.opcode.toString(16).padStart(2, "0")} | [${s.mnemonic}](#${s.mnemonic.toLowerCase()}-0x${s.opcode.toString(16).padStart(2, "0")}) | ${32 * fixed}${trailing ? " + n" : ""} | ${s.changesState ? "yes" : "no"} |`,
    );
  }
  for (const s of RECORD_SCHEMAS) {
    const hex = `0x${s.opcode.toString(16).padStart(2, "0")}`;
    out.push("", `### ${s.mnemonic} (${hex})`, "");
    out.push("| # | bytes of `data` | field | type | kind | meaning |", "|---|---|---|---|---|---|");
    s.fields.forEach((f, i) => {
      const bytes = f.type === "bytes" ? `${32 * i}..end` : `${32 * i}..${32 * i + 32}`;
      out.push(
        `| ${i} | ${bytes} | \`${f.name}\` | ${f.type} | ${KIND[f.kind]} | ${f.doc.replace(/\|/g, "\\|")} |`,
      );
    });
    out.push("", `- **Gas:** \`${s.gas}\``);
    out.push(`- **Hypervisor:** ${s.rule}`);
    out.push(
      `- **stateRoot:** ${s.changesState ? "the state root after the access." : "unchanged (the root before the access)."}`,
    );
  }
  return out.join("\n");
}
