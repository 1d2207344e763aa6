// Linear-memory allocation for the facade. The facade copies each input in, calls a kernel and frees
// what it allocated before returning, so memory stays flat across calls. The minimal runtime's TLSF
// allocator really frees (the stub runtime would leak out-of-order frees).

/** Allocates `bytes` bytes aligned to 16 (so f64x2 loads of an f64 array are aligned) and returns the address. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Frees a block returned by `alloc`. */
export function free(ptr: usize): void {
  heap.free(ptr);
}
