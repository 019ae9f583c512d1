/**
 * Error classes of the SDK. Every error a public function throws is one of these (never a raw ABI,
 * Range or Type error); each names the field or the record index, and keeps the underlying error as
 * `cause`.
 */

/** Base class of every SDK error. */
export class IsoSdkError extends Error {
  override name = "IsoSdkError";
}

/**
 * The bytes are not the canonical ABI encoding of a MessageWitness (truncated, bad offset, bad
 * padding, trailing bytes, non-canonical bool/address). `field` is the path of the field (e.g.
 * `stateAccessList[3].data`), `offset` the byte offset in the encoding where the problem is.
 */
export class WitnessDecodeError extends IsoSdkError {
  override name = "WitnessDecodeError";
  constructor(
    readonly field: string,
    readonly offset: number,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`malformed witness at ${field} (byte ${offset}): ${detail}`, options);
  }
}

/**
 * A record is not valid for its schema: unknown opcode tag, wrong data length, a bool that is not
 * 0/1, an address with nonzero high bytes, a field of the wrong type. `record` is its index in the
 * state access list (or -1 when the record stands alone), `field` the field name when known.
 */
export class RecordDecodeError extends IsoSdkError {
  override name = "RecordDecodeError";
  constructor(
    readonly record: number,
    readonly field: string | undefined,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `invalid record${record >= 0 ? ` #${record}` : ""}${field ? ` field ${field}` : ""}: ${detail}`,
      options,
    );
  }
}

/** A value given to an encoder does not fit its ABI type (non-hex string, wrong length, out of range). */
export class WitnessEncodeError extends IsoSdkError {
  override name = "WitnessEncodeError";
  constructor(
    readonly field: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot encode ${field}: ${detail}`, options);
  }
}

/** A witness file (JSON) is malformed: bad JSON, unknown version, missing or mistyped field. */
export class WitnessFileError extends IsoSdkError {
  override name = "WitnessFileError";
  constructor(
    readonly path: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid witness file at ${path}: ${detail}`, options);
  }
}

/** The hypervisor's answer cannot be decoded (unknown error selector, bad return data length). */
export class VerdictDecodeError extends IsoSdkError {
  override name = "VerdictDecodeError";
  constructor(
    readonly data: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `cannot decode hypervisor answer ${data.length > 74 ? data.slice(0, 74) + "…" : data}: ${detail}`,
      options,
    );
  }
}

/** A parameter given to a tool function is invalid (bad address, bad hash, wrong frame kind). */
export class InvalidArgumentError extends IsoSdkError {
  override name = "InvalidArgumentError";
  constructor(
    readonly argument: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid argument ${argument}: ${detail}`, options);
  }
}

/** Calling the hypervisor failed for a reason other than a verdict (network, wrong address, no code). */
export class AuditCallError extends IsoSdkError {
  override name = "AuditCallError";
  constructor(
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`audit call failed: ${detail}`, options);
  }
}
