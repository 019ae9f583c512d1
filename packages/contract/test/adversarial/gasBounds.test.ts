import { type MessageWitness, decodeRawMessageWitness, encodeRawMessageWitness } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { keccak256 } from "ethers";
import { auditFrames } from "../../lib/auditFrames";
import type { Hex } from "../../lib/types";
import { DEFAULT_GAS, differentialCases } from "../differential/helpers/cases";
import { stackEffect } from "../differential/helpers/lookup";
import { runNative } from "../differential/helpers/runNative";
import { type Deployed, deployAll } from "./helpers";

/**
 * Huge gas figures must not wrap inside the hypervisor's gas accounting: a program that truly succeeds
 * (500 gas) is claimed to have halted out of gas with 2^40 or 2^232 + 100 gas (which a narrow gas lane
 * would wrap), and so on. The truthful claim is valid or the witness is malformed; a false one is never
 * valid, including the claims rebuilt from the `actual` values the hypervisor reports.
 */
describe("adversarial: gas figures near and past 2^64 cannot fake an out-of-gas halt", function () {
  this.timeout(300_000);
  let d: Deployed;
  let witness: MessageWitness;
  let code: Record<string, Hex>;
  before(async () => {
    d = await deployAll();
    const run = await runNative(d.host, {
      name: "gas bounds",
      source: `${"PUSH1 1 POP ".repeat(100)} STOP`,
      expect: "success",
    });
    witness = run.frame.witness;
    code = run.frame.code as Record<string, Hex>;
  });

  const AVAILABLE = [
    1n << 24n,
    1n << 32n,
    1n << 39n,
    1n << 40n,
    (1n << 40n) + 100n,
    1n << 48n,
    (1n << 63n) + 100n,
    (1n << 64n) - 1n,
    1n << 64n,
    (1n << 232n) + 100n,
    (1n << 255n) + 100n,
    (1n << 256n) - 1n,
  ];

  for (const gasAvailable of AVAILABLE) {
    it(`gasAvailable 0x${gasAvailable.toString(16)}`, async () => {
      const claims = {
        truth: { status: 1n, gasUsed: witness.gasUsed, returndataHash: witness.returndataHash },
        haltedOutOfGas: { status: 2n, gasUsed: gasAvailable, returndataHash: keccak256("0x") as Hex },
      };
      const encoded = Object.fromEntries(
        Object.entries(claims).map(([k, c]) => [
          k,
          encodeRawMessageWitness({ ...witness, ...c, gasAvailable, stateAccessList: [] }),
        ]),
      );
      const audits = await auditFrames(
        d.host,
        Object.entries(encoded).map(([k, calldata]) => ({ file: k, frame: "0", witness, code, calldata })),
        { hypervisor: d.hypervisor, factory: d.factory, measureGas: false },
      );
      const [truth, halted] = audits;
      const problems: string[] = [];
      if (halted.verdict === "valid") problems.push("WRONG ACCEPTANCE: the false halt claim is valid");
      // Follow the hypervisor's own answers: a claim rebuilt from the `actual` it reports must be the
      // native truth, or the hypervisor accepts a false witness.
      let claim = { ...claims.haltedOutOfGas };
      for (let step = 0; step < 4; step++) {
        const [a] = await auditFrames(
          d.host,
          [
            {
              file: "follow",
              frame: "0",
              witness,
              code,
              calldata: encodeRawMessageWitness({ ...witness, ...claim, gasAvailable, stateAccessList: [] }),
            },
          ],
          { hypervisor: d.hypervisor, factory: d.factory, measureGas: false },
        );
        if (a.reason === "Valid") {
          if (claim.status !== claims.truth.status || claim.gasUsed !== claims.truth.gasUsed) {
            problems.push(
              `WRONG ACCEPTANCE: status ${claim.status} gasUsed ${claim.gasUsed} is valid (truth: status 1 gasUsed ${claims.truth.gasUsed})`,
            );
          }
          break;
        }
        if (a.reason === "StatusMismatch") claim = { ...claim, status: BigInt(a.details.actual) };
        else if (a.reason === "GasUsedMismatch") claim = { ...claim, gasUsed: BigInt(a.details.actual) };
        else if (a.reason === "ReturnDataMismatch")
          claim = { ...claim, returndataHash: a.details.actual as Hex };
        else break;
      }
      if (!["Valid", "MalformedWitness"].includes(truth.reason)) {
        problems.push(
          `wrong rejection: the truthful claim is ${truth.reason} ${JSON.stringify(truth.details)}`,
        );
      }
      expect(problems).to.deep.equal([]);
      let sdkRejects = false;
      try {
        decodeRawMessageWitness(encoded.truth);
      } catch {
        sdkRejects = true;
      }
      expect(
        sdkRejects,
        "the SDK decoder rejects exactly the witnesses the hypervisor calls malformed",
      ).to.equal(truth.reason === "MalformedWitness");
    });
  }
});

/**
 * The same property over the generated programs: a program that does not read GAS and ends without
 * running out of gas behaves the same with any larger gasAvailable, so its truthful witness must stay
 * valid (or be malformed past the bound) and no other claim the hypervisor's answers lead to is valid.
 */
describe("adversarial: generated programs keep their verdict under huge gasAvailable", function () {
  this.timeout(600_000);
  let d: Deployed;
  before(async () => {
    d = await deployAll();
  });

  const programs = differentialCases(stackEffect).filter(
    (c) => c.name.startsWith("random") && !/\bGAS\b/.test(c.source) && (c.gas ?? DEFAULT_GAS) === DEFAULT_GAS,
  );
  const HUGE = [(1n << 39n) + 7n, 1n << 48n, (1n << 63n) + 5n, (1n << 64n) - 1n];

  it(`${programs.length} programs x ${HUGE.length} gas figures`, async () => {
    const problems: string[] = [];
    let audited = 0;
    for (const c of programs) {
      const run = await runNative(d.host, c);
      const w = run.frame.witness;
      if (w.status === 2n) continue; // an exceptional halt with all gas used would not stay one
      const code = run.frame.code as Record<string, Hex>;
      for (const gasAvailable of HUGE) {
        let claim: { status: bigint; gasUsed: bigint; returndataHash: Hex } = {
          status: w.status,
          gasUsed: w.gasUsed,
          returndataHash: w.returndataHash,
        };
        for (let step = 0; step < 4; step++) {
          const calldata = encodeRawMessageWitness({ ...w, ...claim, gasAvailable, stateAccessList: [] });
          const [a] = await auditFrames(d.host, [{ file: c.name, frame: "0", witness: w, code, calldata }], {
            hypervisor: d.hypervisor,
            factory: d.factory,
            measureGas: false,
          });
          audited++;
          const truthful =
            claim.status === w.status &&
            claim.gasUsed === w.gasUsed &&
            claim.returndataHash === w.returndataHash;
          if (a.reason === "Valid") {
            if (!truthful)
              problems.push(
                `${c.name} gas ${gasAvailable}: WRONG ACCEPTANCE of ${JSON.stringify(claim, (_, v) => (typeof v === "bigint" ? `${v}` : v))}`,
              );
            break;
          }
          if (truthful && a.reason !== "MalformedWitness")
            problems.push(
              `${c.name} gas ${gasAvailable}: true witness ${a.reason} ${JSON.stringify(a.details)}`,
            );
          if (a.reason === "StatusMismatch") claim = { ...claim, status: BigInt(a.details.actual) };
          else if (a.reason === "GasUsedMismatch") claim = { ...claim, gasUsed: BigInt(a.details.actual) };
          else if (a.reason === "ReturnDataMismatch")
            claim = { ...claim, returndataHash: a.details.actual as Hex };
          else break;
        }
      }
    }
    expect(problems).to.deep.equal([]);
    expect(audited, "audits run").to.be.greaterThan(2 * programs.length);
  });
});
