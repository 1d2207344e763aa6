// Stopping long computations (docs/DESIGN.md §6.3): bootstrapCalibration and smoothEce with resamples take an
// AbortSignal and a progress callback, checked between batches of resamples. The computations are synchronous, so
// a signal can change only while they call out: from onProgress (a deadline, a flag the UI set), or before the call.
import { RmcalError, RmcalTypeError } from "../../core/errors";

/** What rmcal reads of an AbortSignal: a DOM, Node or polyfilled signal all have it. */
export interface SignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

/** Called between batches of resamples with the resamples done so far and their total. */
export type ProgressCallback = (done: number, total: number) => void;

/** options.signal: undefined, or an object with a boolean `aborted` (an AbortSignal). */
export function signalOption(value: unknown, name: string): SignalLike | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object" || typeof (value as SignalLike).aborted !== "boolean") {
    throw new RmcalTypeError("invalid-option", `${name} must be an AbortSignal`, { argument: name });
  }
  return value as SignalLike;
}

/** options.onProgress: undefined, or a function. */
export function progressOption(value: unknown, name: string): ProgressCallback | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "function") throw new RmcalTypeError("invalid-option", `${name} must be a function (done, total)`, { argument: name });
  return value as ProgressCallback;
}

/**
 * Throws the family's "aborted" error when the signal is aborted. Its name is "AbortError", as DOMException's is
 * for fetch and the streams, so `error.name === "AbortError"` checks written for those work here too.
 * @example throwIfAborted(AbortSignal.abort(), "bootstrapCalibration") // throws: bootstrapCalibration was aborted …
 */
export function throwIfAborted(signal: SignalLike | undefined, what: string): void {
  if (!signal?.aborted) return;
  const reason = signal.reason instanceof Error ? ` (${signal.reason.message})` : "";
  const error = new RmcalError("aborted", `${what} was aborted by options.signal${reason}`, { argument: "options.signal" });
  Object.defineProperty(error, "name", { value: "AbortError", writable: true, configurable: true });
  throw error;
}

/**
 * The hook a long computation calls after each batch: reports progress, then stops if the signal is aborted
 * (so an abort from onProgress takes effect at once). Undefined when there is neither signal nor callback.
 */
export function progressHook(signal: SignalLike | undefined, onProgress: ProgressCallback | undefined, total: number, what: string): ((done: number) => void) | undefined {
  if (signal === undefined && onProgress === undefined) return undefined;
  return (done) => {
    onProgress?.(done, total);
    throwIfAborted(signal, what);
  };
}
