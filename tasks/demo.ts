import { task } from "hardhat/config";

task("demo", "Record a real transaction on the in-process chain and audit every frame of it")
  .setAction(async (_args, hre) => {
    throw new Error(`demo: not wired yet (${hre.network.name})`);
  });
