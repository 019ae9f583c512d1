/**
 * `pnpm bench`: the hypervisor's audit gas per simple instruction against native gas, and full audits
 * of the recorder's fixtures. Writes docs/benchmarks.md (generated; do not edit by hand).
 *
 * Per-instruction gas is a slope: programs with N and 2N copies of a body are run natively, recorded
 * and audited; (gas(2N) - gas(N)) / N cancels deployment, set-up and the final check. Composite bodies
 * (PUSH1 ADD) have the slopes of their helper instructions (PUSH1) subtracted.
 */
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { cpus, platform, release, totalmem } from "node:os";
import { join, relative } from "node:path";
import { encodeMessageWitness } from "@iso-hypervisor/sdk";
import { keccak256 } from "ethers";
import hre from "hardhat";
import { type FrameAudit, auditFrames } from "../lib/auditFrames";
import { createAuditHost } from "../lib/createAuditHost";
import { deployArchiveFactory } from "../lib/deployArchiveFactory";
import { deployHypervisor } from "../lib/deployHypervisor";
import { loadArtifact } from "../lib/loadArtifact";
import { loadWitnessFiles } from "../lib/loadWitnessFiles";
import type { AuditHost, Hex } from "../lib/types";
import { asm } from "../test/differential/helpers/lookup";
import { runNative } from "../test/differential/helpers/runNative";
import { type AuditProfile, profileAudit } from "./profileAudit";

const ROOT = join(__dirname, "..", "..", "..");
const N = 400;

interface Body {
  /** Name of the measured body. */
  name: string;
  prefix: string;
  /** The body for copy `i` (labels must be unique per copy). */
  body: (i: number) => string;
}

const BODIES: Body[] = [
  { name: "PUSH1", prefix: "", body: () => "PUSH1 1" },
  { name: "PUSH2", prefix: "", body: () => "PUSH2 0x0102" },
  { name: "JUMPDEST", prefix: "", body: () => "JUMPDEST" },
  { name: "PUSH1 ADD", prefix: "PUSH1 1", body: () => "PUSH1 1 ADD" },
  { name: "DUP1", prefix: "PUSH1 1", body: () => "DUP1" },
  { name: "SWAP1", prefix: "PUSH1 1 PUSH1 2", body: () => "SWAP1" },
  { name: "PUSH1 PUSH1 MSTORE", prefix: "", body: () => "PUSH1 1 PUSH1 0 MSTORE" },
  { name: "PUSH2 JUMP JUMPDEST", prefix: "", body: (i) => `@j${i} JUMP j${i}: JUMPDEST` },
];

/** Instruction -> the body that measures it and the helper slopes to subtract. */
const INSTRUCTIONS: { op: string; body: string; minus: string[] }[] = [
  { op: "ADD", body: "PUSH1 ADD", minus: ["PUSH1"] },
  { op: "PUSH1", body: "PUSH1", minus: [] },
  { op: "DUP1", body: "DUP1", minus: [] },
  { op: "SWAP1", body: "SWAP1", minus: [] },
  { op: "MSTORE", body: "PUSH1 PUSH1 MSTORE", minus: ["PUSH1", "PUSH1"] },
  { op: "JUMP", body: "PUSH2 JUMP JUMPDEST", minus: ["PUSH2", "JUMPDEST"] },
  { op: "JUMP with its block entry", body: "PUSH2 JUMP JUMPDEST", minus: ["PUSH2"] },
];

/** Execution gas of a transaction: total minus the intrinsic 21000 and the calldata cost (EIP-2028). */
const executionGas = (total: number, calldata: Hex): number => {
  let cost = 21_000;
  for (let i = 2; i < calldata.length; i += 2) cost += calldata.slice(i, i + 2) === "00" ? 4 : 16;
  return total - cost;
};

interface Slope {
  native: number;
  /** Execution gas per copy; NaN when a program was not audited valid (see `error`). */
  audit: number;
  /** Set-up (code analysis) gas per copy, measured on the same bytes as dead code. */
  analysis: number;
  /** Code bytes per copy. */
  bytes: number;
  /** Execution gas of the audits of the live programs with N and 2N copies. */
  raw: [number, number];
  error?: string;
}

/** Runs `source` natively, audits its frame and returns native gas, audit execution gas and any non-valid verdict. */
async function auditProgram(
  host: AuditHost,
  opts: { hypervisor: Hex; factory: Hex },
  file: string,
  name: string,
  source: string,
): Promise<{ native: number; audit: number; error?: string }> {
  const run = await runNative(host, { name, source, expect: "success" });
  const [audit] = await auditFrames(
    host,
    [{ file, frame: "0", witness: run.frame.witness, code: run.frame.code }],
    opts,
  );
  const error =
    audit.verdict === "valid"
      ? undefined
      : `${name}: ${audit.reason} at pc ${audit.pc} ${JSON.stringify(audit.details)}`;
  return {
    native: Number(run.frame.witness.gasUsed),
    audit: executionGas(audit.auditGas!, encodeMessageWitness(run.frame.witness)),
    error,
  };
}

/**
 * Execution gas per copy of a body. The hypervisor's set-up analyses the whole guest code, so code size
 * alone costs gas: the same bytes are also measured as dead code (after a leading PUSH0 POP STOP) and that slope
 * is subtracted, leaving what executing one copy costs.
 */
async function measure(host: AuditHost, opts: { hypervisor: Hex; factory: Hex }, b: Body): Promise<Slope> {
  const at = async (n: number, live: boolean) => {
    const code = `${b.prefix} ${Array.from({ length: n }, (_, i) => b.body(i)).join(" ")} STOP`;
    const source = live ? code : `PUSH0 POP STOP ${code}`;
    const name = `${b.name} x${n}${live ? "" : " (dead code)"}`;
    return auditProgram(host, opts, b.name, name, source);
  };
  const [one, two, deadOne, deadTwo] = [
    await at(N, true),
    await at(2 * N, true),
    await at(N, false),
    await at(2 * N, false),
  ];
  const error = one.error ?? two.error ?? deadOne.error ?? deadTwo.error;
  const analysis = (deadTwo.audit - deadOne.audit) / N;
  return {
    native: (two.native - one.native) / N,
    audit: error ? Number.NaN : (two.audit - one.audit) / N - analysis,
    analysis: error ? Number.NaN : analysis,
    raw: [one.audit, two.audit],
    bytes: (asm(`${Array.from({ length: 2 * N }, (_, i) => b.body(i)).join(" ")}`).length - 2) / 2 / (2 * N),
    error,
  };
}

/**
 * Copies per loop iteration. Under 256 so that a body pushing one item per copy stays one block: a block
 * whose stack span reaches 256 is split (dispatch/analysis.huff), and the extra block entries would be
 * charged to the instruction.
 */
const WARM_N = 200;

/** Fixtures whose audits are profiled by code region. */
const PROFILED_FIXTURES = ["erc20-transfer", "uniswap-swap-exact-eth-for-tokens"];

/**
 * Execution gas per copy when the code runs again (its blocks already analysed): the body's N copies
 * sit in a loop whose counter lives in memory; the difference between 3 and 2 iterations, minus the
 * same difference for an empty body (the loop's own instructions), divided by N.
 */
async function measureWarm(
  host: AuditHost,
  opts: { hypervisor: Hex; factory: Hex },
  b: Body,
): Promise<{ audit: number; native: number; error?: string }> {
  const at = async (n: number, iterations: number) => {
    const source = [
      `PUSH1 ${iterations} PUSH2 0x800 MSTORE ${b.prefix}`,
      "loop: JUMPDEST",
      Array.from({ length: n }, (_, i) => b.body(i)).join(" "),
      "PUSH2 0x800 MLOAD PUSH1 1 SWAP1 SUB DUP1 PUSH2 0x800 MSTORE @loop JUMPI STOP",
    ].join(" ");
    const name = `${b.name} x${n} looped ${iterations} times`;
    return auditProgram(host, opts, b.name, name, source);
  };
  const [b2, b3, e2, e3] = [await at(WARM_N, 2), await at(WARM_N, 3), await at(0, 2), await at(0, 3)];
  const error = b2.error ?? b3.error ?? e2.error ?? e3.error;
  return {
    audit: error ? Number.NaN : (b3.audit - b2.audit - (e3.audit - e2.audit)) / WARM_N,
    native: (b3.native - b2.native - (e3.native - e2.native)) / WARM_N,
    error,
  };
}

const fixtureDirs = (): string[] => {
  const dir = join(ROOT, "packages", "fixtures-gen", "fixtures");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((d) => join(dir, d))
    .filter((d) => statSync(d).isDirectory());
};

async function main(): Promise<void> {
  const host: AuditHost = await createAuditHost(hre.network.provider);
  const factory = await deployArchiveFactory(host);
  const hypervisor = await deployHypervisor(host, factory);
  const opts = { hypervisor, factory };

  const slopes = new Map<string, Slope>();
  const warm = new Map<string, { audit: number; native: number; error?: string }>();
  for (const b of BODIES) {
    slopes.set(b.name, await measure(host, opts, b));
    warm.set(b.name, await measureWarm(host, opts, b));
    process.stderr.write(
      `bench: ${b.name}: cold ${JSON.stringify(slopes.get(b.name))} warm ${JSON.stringify(warm.get(b.name))}\n`,
    );
  }
  const rows = INSTRUCTIONS.map(({ op, body, minus }) => {
    const s = slopes.get(body)!;
    const audit = minus.reduce((g, m) => g - slopes.get(m)!.audit, s.audit);
    const native = minus.reduce((g, m) => g - slopes.get(m)!.native, s.native);
    const warmAudit = minus.reduce((g, m) => g - warm.get(m)!.audit, warm.get(body)!.audit);
    const error = [body, ...minus]
      .flatMap((m) => [slopes.get(m)!.error, warm.get(m)!.error])
      .find((e) => e !== undefined);
    return { op, audit, warmAudit, native, ratio: warmAudit / native, error };
  });
  const num = (v: number) => (Number.isNaN(v) ? "n/a" : v.toFixed(1));

  const fixtures: { dir: string; audits: FrameAudit[]; error?: string }[] = [];
  for (const dir of fixtureDirs()) {
    try {
      fixtures.push({ dir, audits: await auditFrames(host, loadWitnessFiles(dir), opts) });
    } catch (error) {
      fixtures.push({ dir, audits: [], error: (error as Error).message });
    }
  }

  const profiles: { dir: string; profile?: AuditProfile; error?: string }[] = [];
  for (const name of PROFILED_FIXTURES) {
    const dir = join(ROOT, "packages", "fixtures-gen", "fixtures", name);
    if (!existsSync(dir)) continue;
    try {
      profiles.push({ dir, profile: await profileAudit(host, opts, loadWitnessFiles(dir)) });
    } catch (error) {
      profiles.push({ dir, error: (error as Error).message });
    }
  }

  const commit = execSync("git rev-parse --short HEAD", { cwd: ROOT }).toString().trim();
  const dirty =
    execSync("git status --porcelain -- packages/contract", { cwd: ROOT }).toString().trim() !== "";
  const cpu = cpus();
  const lines: string[] = [
    "# Benchmarks",
    "",
    "<!-- Generated by `pnpm bench` (packages/contract/bench/bench.ts). Do not edit by hand. -->",
    "",
    `- Date: ${new Date().toISOString()}`,
    `- Commit: ${commit}${dirty ? " (with uncommitted changes in packages/contract)" : ""}`,
    `- Machine: ${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.version}`,
    `- Hypervisor: artifacts/Hypervisor.json runtime ${(loadArtifact("Hypervisor").deployedBytecode.length - 2) / 2} bytes, keccak256 ${keccak256(loadArtifact("Hypervisor").deployedBytecode).slice(0, 18)}…`,
    `- Chain: Hardhat ${require("hardhat/package.json").version} in-process network (EDR), hardfork ${(hre.network.config as { hardfork?: string }).hardfork ?? "default"}`,
    "",
    "## Audit gas per instruction",
    "",
    `- **Warm**: the instruction runs again. The body's ${WARM_N} copies sit in a loop (counter in memory); the gas`,
    "  of 3 minus 2 iterations, minus the same for an empty body, divided by the copies. This is the",
    "  interpreter's per-instruction cost, the figure the anchors compare.",
    `- **Cold**: first execution. Slope between straight-line programs with ${N} and ${2 * N} copies, minus the`,
    "  slope of the same bytes as dead code (after PUSH0 POP STOP: what every code byte costs whether it runs",
    "  or not: copying the code and its analysis image from the archive). Archived code comes with its",
    "  analysis (computed once by the archive factory), so cold and warm differ only by first touches.",
    "- **JUMP** is the body PUSH2 JUMP JUMPDEST minus PUSH2 and minus a JUMPDEST reached by falling through",
    "  (which enters its block: the static gas and stack check of the block it starts). The next row charges",
    "  JUMP with that block entry (minus PUSH2 only).",
    "",
    "Execution gas of the audit transaction: intrinsic and calldata gas removed. Composite bodies have their",
    "helper instructions' gas subtracted (ADD = PUSH1 ADD - PUSH1, ...).",
    "Anchors: the original prototype ~74 gas per virtualized ADD (flat fees, no stack checks); HyVM ~68 (no",
    "metering); target <= 45 with exact metering and stack checks.",
    "",
    "| Instruction | Warm hypervisor gas | Cold hypervisor gas | Native gas | Warm ratio | Target <= 45 (warm) | Note |",
    "| --- | ---: | ---: | ---: | ---: | :---: | --- |",
    ...rows.map(
      (r) =>
        `| ${r.op} | ${num(r.warmAudit)} | ${num(r.audit)} | ${num(r.native)} | ${Number.isNaN(r.ratio) ? "n/a" : `${r.ratio.toFixed(1)}x`} | ${Number.isNaN(r.warmAudit) ? "n/a" : r.warmAudit <= 45 ? "yes" : "no"} | ${r.error ? `not audited valid: ${r.error}` : ""} |`,
    ),
    "",
    "Measured bodies:",
    "",
    `| Body | Code bytes | Cold audit gas x${N} | Cold audit gas x${2 * N} | Cold gas per copy | Dead-code gas per copy | Dead-code gas per byte | Warm gas per copy | Native gas per copy |`,
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...BODIES.map((b) => {
      const s = slopes.get(b.name)!;
      return `| ${b.name} | ${s.bytes} | ${s.raw[0]} | ${s.raw[1]} | ${num(s.audit)} | ${num(s.analysis)} | ${num(s.analysis / s.bytes)} | ${num(warm.get(b.name)!.audit)} | ${num(s.native)} |`;
    }),
    "",
    "## Full audits of the recorder's fixtures",
    "",
  ];
  if (fixtures.length === 0) lines.push("No fixtures found (packages/fixtures-gen/fixtures).");
  else {
    lines.push(
      "Audit gas includes the set-up (witness check, copying the code and its analysis image from the archive),",
      "so it grows with the code size of the guest even when a frame stops early.",
      "",
      "| Fixture | Frames | Valid | Invalid (RecordUnsupported) | Invalid (other) | Inconclusive | Audit gas (sum) |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...fixtures.map((f) => {
        const count = (p: (a: FrameAudit) => boolean) => f.audits.filter(p).length;
        const gas = f.audits.reduce((g, a) => g + (a.auditGas ?? 0), 0);
        return `| ${relative(ROOT, f.dir)} | ${f.error ? "error" : f.audits.length} | ${count((a) => a.verdict === "valid")} | ${count((a) => a.reason === "RecordUnsupported")} | ${count((a) => a.verdict === "invalid" && a.reason !== "RecordUnsupported")} | ${count((a) => a.verdict === "inconclusive")} | ${gas} |`;
      }),
      "",
    );
  }
  for (const f of fixtures) {
    lines.push(`### ${relative(ROOT, f.dir)}`, "");
    if (f.error) {
      lines.push(`Not audited: ${f.error}`, "");
      continue;
    }
    lines.push(
      "| Frame | Verdict | Reason | pc | Record | Audit gas | Witness bytes |",
      "| --- | --- | --- | ---: | ---: | ---: | ---: |",
      ...f.audits.map(
        (a) =>
          `| ${relative(f.dir, a.file)}#${a.frame} | ${a.verdict} | ${a.reason} | ${a.pc ?? "-"} | ${a.record ?? "-"} | ${a.auditGas ?? "-"} | ${a.witnessBytes} |`,
      ),
      "",
    );
  }
  if (profiles.length > 0) {
    lines.push(
      "## Where an audit's gas goes",
      "",
      "Every hypervisor instruction of the audit transactions (debug_traceTransaction) charged to the code region",
      "it runs in: the nearest label at or before its pc (`op_<mnemonic>` handlers, `load_*`/`image_*` set-up,",
      "`validate_*` the witness check, `walk_loop`/`cb_*` the lazy analysis, `block_fail` the slow block",
      "check). `pnpm --filter @iso-hypervisor/contract profile <dir>` prints the same for any witness files.",
      "",
    );
    for (const p of profiles) {
      lines.push(`### ${relative(ROOT, p.dir)}`, "");
      if (!p.profile) {
        lines.push(`Not profiled: ${p.error}`, "");
        continue;
      }
      const { total, regions } = p.profile;
      lines.push(
        `${total} gas of hypervisor execution over all frames.`,
        "",
        "| Region | Gas | Share |",
        "| --- | ---: | ---: |",
        ...[...regions]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 12)
          .map(([r, g]) => `| ${r} | ${g} | ${((100 * g) / total).toFixed(1)}% |`),
        "",
      );
    }
  }
  const unsupported = fixtures
    .flatMap((f) => f.audits)
    .filter((a) => a.reason === "RecordUnsupported").length;
  if (unsupported > 0) {
    lines.push(
      `${unsupported} frame(s) reach a state access whose record checks are not implemented yet (RecordUnsupported): reported, not counted as valid.`,
      "",
    );
  }
  writeFileSync(join(ROOT, "docs", "benchmarks.md"), lines.join("\n"));
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
