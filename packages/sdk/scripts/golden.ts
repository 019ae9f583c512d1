/**
 * Writes test/golden/all-records.json: a witness with one record of every kind (test/goldenWitness.ts)
 * and its ABI encoding. Run only when the format changes on purpose; the golden test then pins it.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { encodeMessageWitness, serializeWitnessFile } from "../src";
import { goldenWitnessFile } from "../test/goldenWitness";

const file = goldenWitnessFile();
const out = { file: JSON.parse(serializeWitnessFile(file)), encoded: encodeMessageWitness(file.witness) };
writeFileSync(resolve(__dirname, "../test/golden/all-records.json"), `${JSON.stringify(out, null, 2)}\n`);
console.log("wrote test/golden/all-records.json");
