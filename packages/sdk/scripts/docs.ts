/** Regenerates the generated sections of docs/witness-format.md from the SDK's tables. */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { updateWitnessFormatDoc } from "../src/updateWitnessFormatDoc";

const path = resolve(__dirname, "../../../docs/witness-format.md");
const before = readFileSync(path, "utf8");
const after = updateWitnessFormatDoc(before);
writeFileSync(path, after);
console.log(before === after ? `${path} is up to date` : `${path} regenerated`);
