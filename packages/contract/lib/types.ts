/** A `0x`-prefixed hex string. */
export type Hex = `0x${string}`;

/**
 * The minimal EIP-1193 provider the audit tooling needs. Hardhat's `hre.network.provider` is one;
 * so is any ethers `BrowserProvider`-style object with `request`.
 */
export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] | object }): Promise<unknown>;
}

/** Where the tooling sends transactions: a provider and an unlocked account of it. */
export interface AuditHost {
  provider: Eip1193Provider;
  /** The sender of every deployment, archive and audit transaction (must be unlocked on the node). */
  from: Hex;
}
