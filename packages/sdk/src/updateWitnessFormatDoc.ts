import { renderErrorSection } from "./renderErrorSection";
import { renderOpcodeSection } from "./renderOpcodeSection";
import { renderRecordSection } from "./renderRecordSection";

/** The generated sections of docs/witness-format.md, by marker name. */
const SECTIONS: Record<string, () => string> = {
  records: renderRecordSection,
  errors: renderErrorSection,
  opcodes: renderOpcodeSection,
};

/**
 * Replace every generated section of docs/witness-format.md (between `<!-- BEGIN GENERATED name -->`
 * and `<!-- END GENERATED name -->`) with its freshly rendered content. Pure: takes and returns the
 * text; `pnpm --filter @iso-hypervisor/sdk docs` writes the result, and a test fails when the committed
 * doc differs from it.
 *
 * @throws Error when a marker pair is missing.
 *
 * @example
 * fs.writeFileSync(path, updateWitnessFormatDoc(fs.readFileSync(path, "utf8")));
 */
export function updateWitnessFormatDoc(doc: string): string {
  let out = doc;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const begin = `<!-- BEGIN GENERATED ${name} (pnpm --filter @iso-hypervisor/sdk docs) -->`;
    const end = `<!-- END GENERATED ${name} -->`;
    const i = out.indexOf(begin);
    const j = out.indexOf(end);
    if (i < 0 || j < i)
      throw new Error(`docs/witness-format.md lacks the ${name} markers: ${begin} ... ${end}`);
    out = `${out.slice(0, i + begin.length)}\n${render()}\n${out.slice(j)}`;
  }
  return out;
}
