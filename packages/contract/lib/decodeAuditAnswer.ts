import { Interface } from "ethers";
import { loadArtifact } from "./loadArtifact";
import type { Hex } from "./types";

/** The classified answer of one audit (without the frame's name and gas). */
export interface AuditAnswer {
  verdict: "valid" | "invalid" | "inconclusive";
  reason: string;
  pc: number | null;
  record: number | null;
  details: Record<string, string>;
}

/** The hypervisor answered something no verdict explains (a wrong hash, an undeclared error). */
export class AuditAnswerError extends Error {
  override name = "AuditAnswerError";
  constructor(
    readonly answer: Hex,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `unexpected hypervisor answer ${answer.length > 80 ? `${answer.slice(0, 80)}…` : answer}: ${detail}`,
      options,
    );
  }
}

let hypervisorInterface: Interface | undefined;

/**
 * Classifies the hypervisor's answer to one witness: return data `abi.encode(keccak256(calldata))` is
 * `valid`; empty revert data is `inconclusive` (out of host gas); `CodeNotArchived` is `inconclusive`
 * (a set-up fault); every other declared error is `invalid`.
 *
 * @example
 * decodeAuditAnswer("0x", true, witnessHash); // { verdict: "inconclusive", reason: "OutOfHostGas", ... }
 */
export function decodeAuditAnswer(answer: Hex, reverted: boolean, witnessHash: Hex): AuditAnswer {
  if (!reverted) {
    if (answer.toLowerCase() !== witnessHash.toLowerCase()) {
      throw new AuditAnswerError(answer, `valid answers return the witness hash ${witnessHash}`);
    }
    return { verdict: "valid", reason: "Valid", pc: null, record: null, details: {} };
  }
  if (answer === "0x") {
    return { verdict: "inconclusive", reason: "OutOfHostGas", pc: null, record: null, details: {} };
  }
  hypervisorInterface ??= new Interface(loadArtifact("Hypervisor").abi as never);
  const error = hypervisorInterface.parseError(answer);
  if (error === null) throw new AuditAnswerError(answer, "not a declared hypervisor error");
  const details: Record<string, string> = {};
  error.fragment.inputs.forEach((input, i) => {
    if (input.name === "pc" || input.name === "record") return;
    details[input.name || `arg${i}`] = String(error.args[i]);
  });
  const pc = error.fragment.inputs.findIndex((i) => i.name === "pc");
  const record = error.fragment.inputs.findIndex((i) => i.name === "record");
  return {
    verdict: error.name === "CodeNotArchived" ? "inconclusive" : "invalid",
    reason: error.name,
    pc: pc >= 0 ? Number(error.args[pc]) : null,
    record: record >= 0 ? Number(error.args[record]) : null,
    details,
  };
}
