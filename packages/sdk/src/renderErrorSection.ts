import { HYPERVISOR_ERRORS, HYPERVISOR_ERRORS_ABI } from "./hypervisorErrors";

/**
 * Render the hypervisor error table of docs/witness-format.md from HYPERVISOR_ERRORS.
 *
 * @example
 * renderErrorSection().includes("GasUsedMismatch"); // true
 */
export function renderErrorSection(): string {
  const out = ["| band | error | meaning | verdict |", "|---|---|---|---|"];
  HYPERVISOR_ERRORS.forEach((e, i) => {
    const verdict = e.name === "CodeNotArchived" ? "inconclusive" : "invalid";
    out.push(
      `| ${e.band} | \`${HYPERVISOR_ERRORS_ABI[i].replace(/^error /, "")}\` | ${e.doc} | ${verdict} |`,
    );
  });
  return out.join("\n");
}
