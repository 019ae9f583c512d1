import type { RequestProvider } from "../../src";

/**
 * Mines two ERC-20 `approve(spender, …)` transactions from the node's first unlocked account in one
 * block: 5, then 7. The second one's SSTORE finds the slot at 5, a value only the first transaction
 * of the same block wrote (the parent block still has 0). Returns both hashes, in block order.
 */
export async function sameBlockApprovals(node: RequestProvider, token: string): Promise<[string, string]> {
  const rpc = <T>(method: string, params: unknown[] = []) => node.request({ method, params }) as Promise<T>;
  const [from] = await rpc<string[]>("eth_accounts");
  const spender = "000000000000000000000000000000000000c0ffee".padStart(64, "0");
  const approve = (amount: number) => `0x095ea7b3${spender}${amount.toString(16).padStart(64, "0")}`;
  await rpc("evm_setAutomine", [false]);
  try {
    const a = await rpc<string>("eth_sendTransaction", [
      { from, to: token, data: approve(5), gas: "0x30000" },
    ]);
    const b = await rpc<string>("eth_sendTransaction", [
      { from, to: token, data: approve(7), gas: "0x30000" },
    ]);
    await rpc("evm_mine");
    return [a, b];
  } finally {
    await rpc("evm_setAutomine", [true]);
  }
}
