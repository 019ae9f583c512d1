import { expect } from "chai";
import { type Scenario, runScenarios } from "../scripts/scenarios";
import { type RecordedTransaction, createHttpProvider, recordTransaction } from "../src";
import { type Anvil, startAnvil } from "./helpers/anvil";
import { checkScenario } from "./helpers/scenarioChecks";

describe("recorder on a real anvil (--steps-tracing, osaka)", function () {
  this.timeout(600_000);
  let anvil: Anvil;
  let scenarios: Scenario[];

  before(async () => {
    anvil = await startAnvil();
    scenarios = await runScenarios(createHttpProvider(anvil.url), false);
  });
  after(async () => {
    await anvil?.stop();
  });

  it("runs every scenario of the fixtures", () => {
    expect(scenarios.map((s) => s.name)).to.include.members([
      "erc20-transfer",
      "weth-deposit",
      "weth-withdraw",
      "uniswap-swap-exact-eth-for-tokens",
    ]);
  });

  for (const name of [
    "erc20-deploy",
    "erc20-transfer",
    "erc20-transfer-revert",
    "weth-deposit",
    "weth-withdraw",
    "uniswap-add-liquidity-eth",
    "uniswap-swap-exact-eth-for-tokens",
    "uniswap-swap-exact-tokens-for-eth",
    "uniswap-swap-without-allowance",
    "uniswap-remove-liquidity-eth-with-permit",
    "erc20-transfer-out-of-gas",
    "erc20-transfer-sload-out-of-gas",
    "weth-withdraw-call-out-of-gas",
    "weth-total-supply",
    "selfdestruct-to-new-account",
  ]) {
    it(`${name}: counted, decodable, linked, gas identities hold`, async () => {
      const s = scenarios.find((x) => x.name === name)!;
      // By URL, as the command line does.
      const rec: RecordedTransaction = await recordTransaction(anvil.url, s.txHash);
      await checkScenario(createHttpProvider(anvil.url), name, s.succeeds, rec);
    });
  }
});
