import "@nomicfoundation/hardhat-ethers";
import type { HardhatUserConfig } from "hardhat/config";
import "./tasks";

/**
 * One Hardhat configuration for the whole workspace. Packages' tests load it (Hardhat looks for it
 * upwards from the working directory), so every test, task and demo runs on the same in-process
 * network: EDR at the newest hardfork it implements.
 */
const config: HardhatUserConfig = {
  defaultNetwork: "hardhat",
  solidity: {
    version: "0.8.30",
    settings: { evmVersion: "prague", optimizer: { enabled: true, runs: 200 } },
  },
  networks: {
    hardhat: {
      hardfork: "osaka",
      // Osaka caps one transaction at 2^24 gas (EIP-7825); blocks may hold more.
      blockGasLimit: 1_000_000_000,
      gas: 16_777_216,
      allowUnlimitedContractSize: false,
      throwOnTransactionFailures: true,
      throwOnCallFailures: true,
    },
  },
  paths: {
    sources: "./contracts",
    tests: "./test",
    cache: "./cache",
    artifacts: "./artifacts",
  },
};

export default config;
