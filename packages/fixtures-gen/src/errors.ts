/**
 * Error classes of the recorder. Every error names what it could not handle (the trace step, the
 * frame path, the RPC method) and keeps the underlying error as `cause`.
 */

/** Base class of every recorder error. */
export class RecorderError extends Error {
  override name = "RecorderError";
}

/**
 * The trace holds something the recorder does not understand or that contradicts itself (a gas cost
 * that fits no EIP-2929 case, a depth jump without a call, an opcode that differs from the code).
 * `step` is the index in `structLogs`, `frame` the frame path (`0.1`), `op` the opcode mnemonic.
 */
export class TraceError extends RecorderError {
  override name = "TraceError";
  constructor(
    readonly step: number,
    readonly frame: string,
    readonly op: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`trace step ${step} (frame ${frame}, ${op}): ${detail}`, options);
  }
}

/** The node answered a JSON-RPC call with an error, or not at all. */
export class RpcError extends RecorderError {
  override name = "RpcError";
  constructor(
    readonly method: string,
    readonly code: number | undefined,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${method} failed${code === undefined ? "" : ` (code ${code})`}: ${detail}`, options);
  }
}

/** The node does not know the transaction (or has not mined it). */
export class TransactionNotFoundError extends RecorderError {
  override name = "TransactionNotFoundError";
  constructor(
    readonly txHash: string,
    options?: { cause?: unknown },
  ) {
    super(`transaction ${txHash} not found (not mined on this node)`, options);
  }
}

/** The node does not serve `debug_traceTransaction` struct logs (method missing, or memory/stack off). */
export class DebugTraceUnavailableError extends RecorderError {
  override name = "DebugTraceUnavailableError";
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`the node does not serve debug_traceTransaction struct logs: ${detail}`, options);
  }
}

/**
 * A fact the witness needs is not derivable from the trace and the node (e.g. a slot's value at the
 * start of a transaction that is not the first of its block). The recorder never invents it.
 */
export class UnrecordableError extends RecorderError {
  override name = "UnrecordableError";
  constructor(
    readonly what: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot record ${what}: ${detail}`, options);
  }
}

/** The output directory cannot be created or written; nothing was left behind. */
export class OutputDirError extends RecorderError {
  override name = "OutputDirError";
  constructor(
    readonly dir: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot write witnesses to ${dir}: ${detail}`, options);
  }
}
