import { expect } from "chai";
import { AbiCoder, getCreateAddress, id, keccak256 } from "ethers";
import type { RecordedTransaction, RequestProvider } from "../../src";
import { checkRecording } from "./checks";

type Rec = Record<string, unknown> & { op: string };

const errorString = (msg: string) =>
  id("Error(string)").slice(0, 10) + AbiCoder.defaultAbiCoder().encode(["string"], [msg]).slice(2);

/** The generic checks plus what each scenario is there to cover. */
export async function checkScenario(
  node: RequestProvider,
  name: string,
  succeeds: boolean,
  rec: RecordedTransaction,
): Promise<void> {
  const frames = await checkRecording(node, rec);
  const top = frames.get("0")!.witness;
  const receipt = (await node.request({ method: "eth_getTransactionReceipt", params: [rec.txHash] })) as {
    status: string;
    contractAddress: string | null;
  };
  expect(receipt.status === "0x1").to.equal(succeeds);
  expect(top.status).to.equal(succeeds ? 1n : name.endsWith("out-of-gas") ? 2n : 0n);
  const records = (f: string) => frames.get(f)!.witness.stateAccessList as unknown as Rec[];
  const code = async (a: string) =>
    (await node.request({ method: "eth_getCode", params: [a, "latest"] })) as string;

  switch (name) {
    case "erc20-deploy": {
      expect(top.to).to.equal("0x0000000000000000000000000000000000000000");
      expect(top.context).to.equal(receipt.contractAddress!.toLowerCase());
      expect(top.returndataHash).to.equal(keccak256(await code(top.context)));
      expect(records("0").map((r) => r.op)).to.include.members(["SSTORE", "LOG3"]);
      break;
    }
    case "erc20-transfer": {
      const ops = records("0").map((r) => r.op);
      expect(ops).to.deep.equal(["SLOAD", "SSTORE", "SLOAD", "SSTORE", "LOG3"]);
      const [load, store, , store2] = records("0");
      expect([load.warm, store.warm, store.original, store.current]).to.deep.equal([
        false,
        true,
        load.value,
        load.value,
      ]);
      expect(store2.original).to.equal(`0x${"00".repeat(32)}`);
      break;
    }
    case "erc20-transfer-revert":
      expect(top.returndataHash).to.equal(keccak256(errorString("ERC20: transfer amount exceeds balance")));
      break;
    case "erc20-transfer-out-of-gas": {
      // The last SSTORE halts under the EIP-2200 sentry, before taking its record.
      expect(records("0").map((r) => r.op)).to.deep.equal(["SLOAD", "SSTORE", "SLOAD"]);
      expect(rec.unconsumed.map((u) => [u.op, u.reason])).to.deep.equal([
        ["SSTORE", "SSTORE with gas left <= 2300 (EIP-2200)"],
      ]);
      expect(top.gasUsed).to.equal(top.gasAvailable);
      break;
    }
    case "erc20-transfer-sload-out-of-gas": {
      // Out of gas on the cold SLOAD's full cost: the record is taken, its value from the node.
      const [load] = records("0");
      expect(records("0")).to.have.length(1);
      expect(rec.unconsumed).to.deep.equal([]);
      const value = (await node.request({
        method: "eth_getStorageAt",
        params: [top.context, load.key, `0x${(rec.blockNumber - 1n).toString(16)}`],
      })) as string;
      expect([load.op, load.warm, BigInt(load.value as string)]).to.deep.equal([
        "SLOAD",
        false,
        BigInt(value),
      ]);
      break;
    }
    case "weth-withdraw-call-out-of-gas": {
      const call = records("0").at(-1)!;
      expect([call.op, call.value, call.warm, call.exists]).to.deep.equal(["CALL", 1n, true, true]);
      expect([call.gasGiven, call.success, call.gasUsed, call.refund, call.returndata]).to.deep.equal([
        0n,
        false,
        0n,
        0n,
        "0x",
      ]);
      break;
    }
    case "weth-withdraw": {
      const call = records("0").find((r) => r.op === "CALL")!;
      expect(frames.size).to.equal(1);
      expect([
        call.address,
        call.value,
        call.gasGiven,
        call.gasUsed,
        call.success,
        call.returndata,
        call.exists,
      ]).to.deep.equal([top.origin, 10n ** 18n, 2300n, 0n, true, "0x", true]);
      break;
    }
    case "uniswap-add-liquidity-eth": {
      const parents = [...frames.values()].filter((f) =>
        (f.witness.stateAccessList as unknown as Rec[]).some((r) => r.op === "CREATE2"),
      );
      expect(parents).to.have.length(1);
      const f = parents[0];
      const i = (f.witness.stateAccessList as unknown as Rec[]).findIndex((r) => r.op === "CREATE2");
      const pair = frames.get(`${f.name}.${i}`)!.witness;
      const r = (f.witness.stateAccessList as unknown as Rec[])[i];
      expect(pair.context).to.equal(r.created);
      expect(pair.returndataHash).to.equal(keccak256(await code(pair.context)));
      break;
    }
    case "uniswap-swap-without-allowance": {
      const reverted = [...frames.values()].filter((f) => f.witness.status === 0n);
      expect(reverted.map((f) => f.name)).to.have.length.greaterThan(1);
      expect(reverted.map((f) => f.witness.returndataHash)).to.include(
        keccak256(errorString("ERC20: insufficient allowance")),
      );
      break;
    }
    case "uniswap-remove-liquidity-eth-with-permit": {
      const withRecover = [...frames.values()].filter((f) =>
        (f.witness.stateAccessList as unknown as Rec[]).some(
          (r) => r.op === "STATICCALL" && r.address === `0x${"00".repeat(19)}01`,
        ),
      );
      expect(withRecover).to.have.length(1);
      const f = withRecover[0];
      const i = (f.witness.stateAccessList as unknown as Rec[]).findIndex(
        (r) => r.address === `0x${"00".repeat(19)}01`,
      );
      const r = (f.witness.stateAccessList as unknown as Rec[])[i];
      expect(frames.has(`${f.name}.${i}`), "no frame for a precompile").to.equal(false);
      expect([r.success, r.gasUsed, r.returndata]).to.deep.equal([
        true,
        3000n,
        AbiCoder.defaultAbiCoder().encode(["address"], [top.origin]),
      ]);
      break;
    }
    case "weth-total-supply": {
      const [balance] = records("0");
      const onChain = (await node.request({
        method: "eth_getBalance",
        params: [top.context, `0x${rec.blockNumber.toString(16)}`],
      })) as string;
      expect([balance.op, balance.address, balance.warm, balance.balance]).to.deep.equal([
        "BALANCE",
        top.context,
        true,
        BigInt(onChain),
      ]);
      break;
    }
    case "selfdestruct-to-new-account": {
      const [sd] = records("0");
      const at = async (a: string, n: bigint) =>
        BigInt(
          (await node.request({ method: "eth_getBalance", params: [a, `0x${n.toString(16)}`] })) as string,
        );
      const moved =
        (await at(sd.beneficiary as string, rec.blockNumber)) -
        (await at(sd.beneficiary as string, rec.blockNumber - 1n));
      expect([sd.op, sd.warm, sd.exists, sd.balance]).to.deep.equal(["SELFDESTRUCT", false, false, moved]);
      expect(moved).to.equal(await at(top.context, rec.blockNumber - 1n));
      expect(top.gasUsed).to.equal(3n + 3n + 5000n + 2600n + 25000n);
      break;
    }
    case "proxy-weth-deposit":
    case "proxy-weth-withdraw": {
      const i = records("0").findIndex((r) => r.op === "DELEGATECALL");
      const impl = frames.get(`0.${i}`)!.witness;
      expect([impl.caller, impl.context, impl.callvalue]).to.deep.equal([
        top.caller,
        top.context,
        top.callvalue,
      ]);
      expect(impl.to).to.not.equal(top.context);
      // WETH's storage is the proxy's: what the implementation frame stored is there.
      const store = (impl.stateAccessList as unknown as Rec[]).find((r) => r.op === "SSTORE")!;
      const onChain = (await node.request({
        method: "eth_getStorageAt",
        params: [top.context, store.key, `0x${rec.blockNumber.toString(16)}`],
      })) as string;
      expect(BigInt(onChain)).to.equal(BigInt(store.value as string));
      if (name === "proxy-weth-withdraw") {
        const send = (impl.stateAccessList as unknown as Rec[]).find((r) => r.op === "CALL")!;
        expect([send.address, send.value, send.success]).to.deep.equal([top.origin, 10n ** 18n, true]);
      }
      break;
    }
    case "nested-create-erc20":
    case "nested-create-revert": {
      const create = records("0").find((r) => r.op === "CREATE")!;
      const i = records("0").indexOf(create);
      const child = frames.get(`0.${i}`)!.witness;
      const nonce = BigInt(
        (await node.request({
          method: "eth_getTransactionCount",
          params: [top.context, `0x${(rec.blockNumber - 1n).toString(16)}`],
        })) as string,
      );
      expect(child.context).to.equal(getCreateAddress({ from: top.context, nonce }).toLowerCase());
      if (name === "nested-create-erc20") {
        expect([create.success, create.created]).to.deep.equal([true, child.context]);
        expect(child.returndataHash).to.equal(keccak256(await code(child.context)));
      } else {
        expect([create.success, create.created, create.returndata]).to.deep.equal([
          false,
          `0x${"00".repeat(20)}`,
          `0x${"00".repeat(32)}`,
        ]);
        expect(child.status).to.equal(0n);
        const store = (child.stateAccessList as unknown as Rec[])[0];
        expect([store.op, BigInt(store.value as string), BigInt(store.original as string)]).to.deep.equal([
          "SSTORE",
          1n,
          0n,
        ]);
        expect(await code(child.context)).to.equal("0x");
      }
      break;
    }
    case "eip7702-deposit-to-delegated-account": {
      const designator = await code(top.context);
      expect(designator).to.equal(`0xef0100${top.to.slice(2)}`);
      expect(top.returndataHash).to.equal(keccak256("0x"));
      break;
    }
    case "eip7702-swap-paying-delegated-account": {
      const calls = [...frames.values()].flatMap((f) =>
        (f.witness.stateAccessList as unknown as Rec[])
          .map((r, i) => ({ f, r, i }))
          .filter(({ r }) => r.op === "CALL" && r.delegate !== `0x${"00".repeat(20)}`),
      );
      expect(calls).to.have.length(1);
      const { f, r, i } = calls[0];
      const child = frames.get(`${f.name}.${i}`)!.witness;
      expect(await code(r.address as string)).to.equal(`0xef0100${(r.delegate as string).slice(2)}`);
      expect([child.to, child.context, r.success]).to.deep.equal([r.delegate, r.address, true]);
      break;
    }
    default:
      break;
  }
}
