import { type MessageWitness, encodeMessageWitness } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { auditFrames } from "../../lib/auditFrames";
import type { Hex } from "../../lib/types";
import { runNative } from "../differential/helpers/runNative";
import { type Deployed, deployAll } from "./helpers";

/**
 * Every witness input a guest reads is bound by the verdict: a guest that returns ADDRESS, ORIGIN,
 * CALLER, CALLVALUE, GASPRICE, its calldata and GAS cannot be audited valid with any of them changed.
 */
describe("adversarial: every input the guest reads is bound", function () {
  this.timeout(300_000);
  let d: Deployed;
  let witness: MessageWitness;
  let code: Record<string, Hex>;
  before(async () => {
    d = await deployAll();
    const run = await runNative(d.host, {
      name: "inputs",
      source: [
        "ADDRESS PUSH0 MSTORE ORIGIN PUSH1 32 MSTORE CALLER PUSH1 64 MSTORE CALLVALUE PUSH1 96 MSTORE",
        "GASPRICE PUSH1 128 MSTORE CALLDATASIZE DUP1 PUSH0 PUSH1 160 CALLDATACOPY PUSH2 0x1e0 MSTORE GAS PUSH2 0x200 MSTORE",
        "PUSH2 0x220 PUSH0 RETURN",
      ].join(" "),
      calldata: "0x0102030405",
      value: 7n,
      expect: "success",
    });
    witness = run.frame.witness;
    code = run.frame.code as Record<string, Hex>;
  });

  const other = "0x00000000000000000000000000000000000b0b01" as Hex;
  const changes: [string, Partial<MessageWitness>][] = [
    ["context", { context: other }],
    ["origin", { origin: other }],
    ["caller", { caller: other }],
    ["callvalue", { callvalue: 8n }],
    ["gasPrice", { gasPrice: 1n }],
    ["calldata (one byte)", { calldata: "0x0102030406" }],
    ["calldata (one byte longer)", { calldata: "0x010203040500" }],
    ["gasAvailable (+1, with gasUsed)", {}],
  ];

  it("the true witness is valid", async () => {
    const [a] = await auditFrames(d.host, [{ file: "inputs", frame: "0", witness, code }], {
      hypervisor: d.hypervisor,
      factory: d.factory,
      measureGas: false,
    });
    expect(a.reason).to.equal("Valid");
  });

  for (const [field, change] of changes) {
    it(`changing ${field} is rejected`, async () => {
      const w = field.startsWith("gasAvailable")
        ? { ...witness, gasAvailable: witness.gasAvailable + 1n }
        : { ...witness, ...change };
      const [a] = await auditFrames(
        d.host,
        [{ file: field, frame: "0", witness, code, calldata: encodeMessageWitness(w) }],
        { hypervisor: d.hypervisor, factory: d.factory, measureGas: false },
      );
      expect([a.verdict, a.reason]).to.deep.equal(["invalid", "ReturnDataMismatch"]);
    });
  }
});
