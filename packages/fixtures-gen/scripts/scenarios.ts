/**
 * The fixture scenarios: real contracts from their npm build artifacts (no compiling), deployed and
 * exercised on any node through an EIP-1193 provider. Transactions are signed here with the
 * well-known development mnemonic (funded on Hardhat and anvil), with fixed gas limits and fees, so on
 * a freshly reset in-process network every byte of every transaction is the same on every run.
 */
import {
  Contract,
  HDNodeWallet,
  Interface,
  type InterfaceAbi,
  Signature,
  type TransactionRequest,
  keccak256,
} from "ethers";
import type { RequestProvider } from "../src";

const erc20 = require("@openzeppelin/contracts/build/contracts/ERC20PresetFixedSupply.json");
const weth9 = require("canonical-weth/build/contracts/WETH9.json");
const erc1967Proxy = require("@openzeppelin/contracts/build/contracts/ERC1967Proxy.json");
const factoryArtifact = require("@uniswap/v2-core/build/UniswapV2Factory.json");
const pairArtifact = require("@uniswap/v2-core/build/UniswapV2Pair.json");
const routerArtifact = require("@uniswap/v2-periphery/build/UniswapV2Router02.json");

const MNEMONIC = "test test test test test test test test test test test junk";
const GAS_LIMIT = 6_000_000n;
const MAX_FEE = 100_000_000_000n;
const TIP = 1_000_000_000n;
/** Far enough in the future to be later than any genesis the node may have. */
const START_TIME = 4_000_000_000;
const DEADLINE = 1n << 40n;

/** Expectations a test checks a scenario's recording against. */
export interface Scenario {
  readonly name: string;
  readonly txHash: `0x${string}`;
  /** Receipt status of the transaction. */
  readonly succeeds: boolean;
  /** What the scenario is there to cover. */
  readonly covers: string;
}

const bytecode = (a: { bytecode: string }) => (a.bytecode.startsWith("0x") ? a.bytecode : `0x${a.bytecode}`);

/**
 * Deploys OpenZeppelin 4.9.6 ERC20PresetFixedSupply (two tokens), canonical WETH9 and Uniswap V2
 * (factory, router02; pairs created through the router) and runs the scenarios, one transaction
 * each, one block each. Returns them in order.
 *
 * @param pinTime when true, pin each block's timestamp (evm_setNextBlockTimestamp) for determinism
 *
 * @example
 * const scenarios = await runScenarios(createHttpProvider(anvilUrl), false);
 * const swap = scenarios.find((s) => s.name === "uniswap-swap-exact-eth-for-tokens")!;
 * const recorded = await recordTransaction(anvilUrl, swap.txHash);
 */
export async function runScenarios(node: RequestProvider, pinTime: boolean): Promise<Scenario[]> {
  const rpc = <T>(method: string, params: unknown[] = []) => node.request({ method, params }) as Promise<T>;
  const chainId = BigInt(await rpc<string>("eth_chainId"));
  const [a, b] = [0, 1].map((i) => HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`));
  const nonces = new Map<string, bigint>();
  let time = START_TIME;

  /** Signs and sends one transaction, mines it, and returns its hash (even when it fails). */
  async function send(from: HDNodeWallet, req: TransactionRequest): Promise<`0x${string}`> {
    let nonce = nonces.get(from.address);
    if (nonce === undefined)
      nonce = BigInt(await rpc<string>("eth_getTransactionCount", [from.address, "latest"]));
    nonces.set(from.address, nonce + 1n);
    const signed = await from.signTransaction({
      type: 2,
      chainId,
      nonce: Number(nonce),
      gasLimit: GAS_LIMIT,
      maxFeePerGas: MAX_FEE,
      maxPriorityFeePerGas: TIP,
      value: 0n,
      data: "0x",
      ...req,
    });
    const hash = keccak256(signed) as `0x${string}`;
    if (pinTime) await rpc("evm_setNextBlockTimestamp", [time++]);
    try {
      await rpc("eth_sendRawTransaction", [signed]);
    } catch (e) {
      // Hardhat throws for a failed transaction but mines it; anything else is a real error.
      const r = await rpc<unknown>("eth_getTransactionReceipt", [hash]).catch(() => null);
      if (r === null) throw e;
    }
    for (let i = 0; i < 100; i++) {
      const r = await rpc<{ status: string } | null>("eth_getTransactionReceipt", [hash]);
      if (r !== null) return hash;
      await new Promise((ok) => setTimeout(ok, 50));
    }
    throw new Error(`transaction ${hash} was not mined`);
  }
  async function deploy(
    from: HDNodeWallet,
    artifact: { abi: InterfaceAbi; bytecode: string },
    args: unknown[],
  ) {
    const iface = new Interface(artifact.abi);
    const hash = await send(from, { data: bytecode(artifact) + iface.encodeDeploy(args).slice(2) });
    const r = await rpc<{ contractAddress: string; status: string }>("eth_getTransactionReceipt", [hash]);
    if (r.status !== "0x1")
      throw new Error(
        `deploying ${(artifact as { contractName?: string }).contractName ?? "a contract"} failed (${hash})`,
      );
    return { address: r.contractAddress, iface, hash };
  }
  const call = (c: { address: string; iface: Interface }, fn: string, args: unknown[], value = 0n) => ({
    to: c.address,
    data: c.iface.encodeFunctionData(fn, args),
    value,
  });

  const out: Scenario[] = [];
  const supply = 10n ** 24n;
  const tokenA = await deploy(a, erc20, ["Token A", "TKA", supply, a.address]);
  out.push({
    name: "erc20-deploy",
    txHash: tokenA.hash,
    succeeds: true,
    covers: "top-level creation, constructor SSTOREs, LOG3",
  });
  const tokenB = await deploy(a, erc20, ["Token B", "TKB", supply, a.address]);
  const weth = await deploy(a, weth9, []);
  const factory = await deploy(a, factoryArtifact, [a.address]);
  const router = await deploy(a, routerArtifact, [factory.address, weth.address]);

  out.push({
    name: "erc20-transfer",
    txHash: await send(a, call(tokenA, "transfer", [b.address, 10n ** 21n])),
    succeeds: true,
    covers: "SLOAD/SSTORE cold and warm, zero to nonzero, LOG3",
  });
  out.push({
    name: "erc20-transfer-revert",
    txHash: await send(b, call(tokenA, "transfer", [a.address, 10n ** 22n])),
    succeeds: false,
    covers: "top-level REVERT with an Error(string) payload",
  });
  out.push({
    name: "weth-deposit",
    txHash: await send(a, call(weth, "deposit", [], 5n * 10n ** 18n)),
    succeeds: true,
    covers: "payable call, CALLVALUE, LOG2",
  });
  out.push({
    name: "weth-withdraw",
    txHash: await send(a, call(weth, "withdraw", [10n ** 18n])),
    succeeds: true,
    covers: "CALL with value to an account without code (no child frame, stipend)",
  });
  const max = (1n << 256n) - 1n;
  await send(a, call(tokenA, "approve", [router.address, max]));
  await send(a, call(tokenB, "approve", [router.address, max]));
  out.push({
    name: "uniswap-add-liquidity-eth",
    txHash: await send(
      a,
      call(router, "addLiquidityETH", [tokenA.address, 10n ** 22n, 0n, 0n, a.address, DEADLINE], 10n ** 19n),
    ),
    succeeds: true,
    covers: "pair creation by CREATE2 inside factory.createPair, nested calls three deep, WETH deposit",
  });
  await send(
    a,
    call(router, "addLiquidity", [
      tokenA.address,
      tokenB.address,
      10n ** 22n,
      2n * 10n ** 22n,
      0n,
      0n,
      a.address,
      DEADLINE,
    ]),
  );
  out.push({
    name: "uniswap-swap-exact-eth-for-tokens",
    txHash: await send(
      a,
      call(
        router,
        "swapExactETHForTokens",
        [0n, [weth.address, tokenA.address], a.address, DEADLINE],
        10n ** 17n,
      ),
    ),
    succeeds: true,
    covers: "Router02 swap: WETH deposit, transfer to the pair, pair.swap, STATICCALL balanceOf",
  });
  out.push({
    name: "uniswap-swap-exact-tokens-for-eth",
    txHash: await send(
      a,
      call(router, "swapExactTokensForETH", [
        10n ** 19n,
        0n,
        [tokenB.address, tokenA.address, weth.address],
        a.address,
        DEADLINE,
      ]),
    ),
    succeeds: true,
    covers:
      "two-hop swap through two pairs, WETH withdraw to the router (value call into code), ETH to an EOA",
  });
  // Bob holds tokens but approved nothing: the token reverts inside the router's transferFrom.
  await send(a, call(tokenB, "transfer", [b.address, 10n ** 20n]));
  out.push({
    name: "uniswap-swap-without-allowance",
    txHash: await send(
      b,
      call(router, "swapExactTokensForTokens", [
        10n ** 18n,
        0n,
        [tokenB.address, tokenA.address],
        b.address,
        DEADLINE,
      ]),
    ),
    succeeds: false,
    covers: "a nested REVERT whose payload the caller inspects, then a top-level REVERT",
  });
  // Remove liquidity with an EIP-2612 permit: the pair calls ecrecover.
  const factoryC = new Contract(factory.address, factoryArtifact.abi);
  const pairAddress = factoryC.interface.decodeFunctionResult(
    "getPair",
    await rpc<string>("eth_call", [
      {
        to: factory.address,
        data: factoryC.interface.encodeFunctionData("getPair", [tokenA.address, weth.address]),
      },
      "latest",
    ]),
  )[0] as string;
  const pair = { address: pairAddress, iface: new Interface(pairArtifact.abi) };
  const liquidity = 10n ** 18n;
  const sig = Signature.from(
    await a.signTypedData(
      { name: "Uniswap V2", version: "1", chainId, verifyingContract: pairAddress },
      {
        Permit: [
          { name: "owner", type: "address" },
          { name: "spender", type: "address" },
          { name: "value", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      },
      { owner: a.address, spender: router.address, value: liquidity, nonce: 0n, deadline: DEADLINE },
    ),
  );
  out.push({
    name: "uniswap-remove-liquidity-eth-with-permit",
    txHash: await send(
      a,
      call(router, "removeLiquidityETHWithPermit", [
        tokenA.address,
        liquidity,
        0n,
        0n,
        a.address,
        DEADLINE,
        false,
        sig.v,
        sig.r,
        sig.s,
      ]),
    ),
    succeeds: true,
    covers:
      "precompile call (ecrecover, no child frame), pair.burn, WETH withdraw, ETH to the router and an EOA",
  });
  out.push({
    name: "erc20-transfer-out-of-gas",
    txHash: await send(a, { ...call(tokenA, "transfer", [b.address, 1n]), gasLimit: 30_000n }),
    succeeds: false,
    covers: "exceptional halt (out of gas): status 2, all gas used",
  });
  // Gas limits chosen so the step runs out of gas on its full (dynamic) cost: the record is taken.
  out.push({
    name: "erc20-transfer-sload-out-of-gas",
    txHash: await send(a, { ...call(tokenA, "transfer", [b.address, 1n]), gasLimit: 23_144n }),
    succeeds: false,
    covers: "out of gas on a cold SLOAD: the record is consumed (value from the node), status 2",
  });
  out.push({
    name: "weth-withdraw-call-out-of-gas",
    txHash: await send(a, { ...call(weth, "withdraw", [1n]), gasLimit: 35_968n }),
    succeeds: false,
    covers: "out of gas on a value CALL's full cost: the record is consumed with zero outcome fields",
  });
  out.push({
    name: "weth-total-supply",
    txHash: await send(a, call(weth, "totalSupply", [])),
    succeeds: true,
    covers: "BALANCE of the frame's own account (warm), checked against the walk's balance tracking",
  });
  // A minimal contract (hand-assembled, no compiler): runtime `PUSH1 0 CALLDATALOAD SELFDESTRUCT`,
  // endowed at creation; the call sends its balance to a beneficiary that does not exist yet.
  const runtime = "600035ff";
  const initCode = `0x63${runtime}6000526004601cf3`;
  const sdHash = await send(a, { data: initCode, value: 10n ** 18n });
  const sd = await rpc<{ contractAddress: string }>("eth_getTransactionReceipt", [sdHash]);
  const beneficiary = "0x000000000000000000000000000000000000bEEF";
  out.push({
    name: "selfdestruct-to-new-account",
    txHash: await send(a, { to: sd.contractAddress, data: `0x${beneficiary.slice(2).padStart(64, "0")}` }),
    succeeds: true,
    covers:
      "SELFDESTRUCT (EIP-6780) of a funded contract to a cold, non-existent beneficiary: balance from the walk",
  });
  // DELEGATECALL: an OpenZeppelin ERC1967Proxy in front of WETH9 (WETH's storage lives in the proxy).
  const proxy = await deploy(a, erc1967Proxy, [weth.address, "0x"]);
  const proxied = { address: proxy.address, iface: weth.iface };
  out.push({
    name: "proxy-weth-deposit",
    txHash: await send(a, call(proxied, "deposit", [], 3n * 10n ** 18n)),
    succeeds: true,
    covers:
      "DELEGATECALL through ERC1967Proxy: context and storage of the proxy, callvalue inherited, RETURNDATACOPY",
  });
  out.push({
    name: "proxy-weth-withdraw",
    txHash: await send(a, call(proxied, "withdraw", [10n ** 18n])),
    succeeds: true,
    covers: "a value CALL made from a DELEGATECALL frame (sent from the proxy's balance)",
  });
  // Nested CREATE: a hand-assembled factory (runtime: CALLDATACOPY the init code, CREATE with
  // CALLVALUE, return the address) deploying the real ERC20 init code, then an init code that
  // stores and reverts.
  const factoryRuntime = "365f5f37365f34f05f5260205ff3";
  const creatorHash = await send(a, { data: `0x6d${factoryRuntime}5f52600e6012f3` });
  const creator = await rpc<{ contractAddress: string }>("eth_getTransactionReceipt", [creatorHash]);
  const erc20Init =
    bytecode(erc20) + new Interface(erc20.abi).encodeDeploy(["Token C", "TKC", supply, a.address]).slice(2);
  out.push({
    name: "nested-create-erc20",
    txHash: await send(a, { to: creator.contractAddress, data: erc20Init }),
    succeeds: true,
    covers:
      "CREATE from a contract (address from the creator's nonce), a nested creation frame returning code",
  });
  out.push({
    name: "nested-create-revert",
    // init code: SSTORE(0, 1), then REVERT with 32 bytes of memory (zeros)
    txHash: await send(a, { to: creator.contractAddress, data: "0x600160005560206000fd" }),
    succeeds: true,
    covers:
      "a creation frame that writes storage and reverts: created = 0, revert data in the record, writes undone",
  });
  // EIP-7702: Bob delegates his account to WETH9's code (Alice sends the type-4 transaction), then
  // a transaction to Bob runs WETH's deposit in Bob's account, and the router pays ETH to Bob,
  // whose delegated code (WETH's fallback) takes it.
  const bobNonce = BigInt(await rpc<string>("eth_getTransactionCount", [b.address, "latest"]));
  nonces.set(b.address, bobNonce);
  const authorization = await b.authorize({ address: weth.address, nonce: bobNonce, chainId });
  await send(a, { type: 4, to: a.address, authorizationList: [authorization] });
  out.push({
    name: "eip7702-deposit-to-delegated-account",
    txHash: await send(a, {
      ...call({ address: b.address, iface: weth.iface }, "deposit", [], 2n * 10n ** 18n),
    }),
    succeeds: true,
    covers:
      "a transaction to an EIP-7702 delegated account: the top frame runs the delegate's code in the account",
  });
  out.push({
    name: "eip7702-swap-paying-delegated-account",
    txHash: await send(
      a,
      call(router, "swapExactTokensForETH", [
        10n ** 18n,
        0n,
        [tokenA.address, weth.address],
        b.address,
        DEADLINE,
      ]),
    ),
    succeeds: true,
    covers:
      "a value CALL to a delegated account: delegate and delegateWarm in the record, the delegate's code runs",
  });
  return out;
}
