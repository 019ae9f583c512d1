import { id } from "ethers";
import {
  type AccessWitness,
  FrameStatus,
  type MessageWitness,
  RECORD_SCHEMAS,
  type WitnessFile,
} from "../src";

/**
 * A deterministic witness holding one record of every kind, with field values derived from the record
 * and field index: the input of the golden vector test/golden/all-records.json (scripts/golden.ts).
 */
export function goldenWitnessFile(): WitnessFile {
  const records = RECORD_SCHEMAS.map((s, i) => {
    const r: Record<string, unknown> = { op: s.mnemonic, stateRoot: id(`root ${i}`) };
    s.fields.forEach((f, j) => {
      const n = BigInt(i * 100 + j);
      const h = id(`${s.mnemonic}.${f.name}`);
      r[f.name] =
        f.type === "uint256"
          ? n
          : f.type === "int256"
            ? -n
            : f.type === "bool"
              ? (i + j) % 2 === 1
              : f.type === "address"
                ? h.slice(0, 42)
                : f.type === "bytes"
                  ? `0x${"ab".repeat(i % 40)}`
                  : h;
    });
    return r as unknown as AccessWitness;
  });
  const witness: MessageWitness = {
    stateRootEnter: id("enter") as `0x${string}`,
    stateRootLeave: id("leave") as `0x${string}`,
    isStatic: false,
    origin: "0x00000000000000000000000000000000000000a1",
    caller: "0x00000000000000000000000000000000000000b2",
    to: "0x00000000000000000000000000000000000000c3",
    context: "0x00000000000000000000000000000000000000d4",
    callvalue: 1n,
    gasPrice: 2n,
    gasAvailable: 3n,
    gasUsed: 4n,
    stateAccessList: records,
    status: FrameStatus.Success,
    returndataHash: id("return") as `0x${string}`,
    calldata: "0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021",
  };
  return {
    version: 1,
    chainId: 1n,
    blockNumber: 2n,
    transactionHash: id("tx") as `0x${string}`,
    path: [],
    witness,
    code: { "0x00000000000000000000000000000000000000c3": "0x00" },
  };
}
