/* winnow/arena.h -- a bump allocator freed in one step.
 *
 * Each page is parsed and extracted inside one arena: Gumbo's nodes (through
 * GumboOptions.allocator), the pre-scanned HTML, the text being built. When
 * the page is done, wn_arena_reset() gives everything back at once and keeps
 * the first block for the next page, so a worker in steady state does few
 * mallocs. The arena has a byte cap: allocations past it fail (NULL), which
 * the caller reports as WN_ENOMEM / WN_ETOOBIG, bounding a hostile page.
 *
 * Not thread-safe: one arena per thread (per extractor).
 */
#ifndef WINNOW_ARENA_H
#define WINNOW_ARENA_H

#include <stddef.h>

#include "winnow/version.h"

typedef struct wn_arena wn_arena_t;

/* Creates an arena that may hand out at most `max_bytes` in total (0 means
 * no cap). Returns NULL on allocation failure. The caller owns the arena
 * and frees it with wn_arena_destroy(). */
WN_EXPORT wn_arena_t *wn_arena_new(size_t max_bytes);

/* Frees the arena and everything allocated from it; sets *self to NULL.
 * Accepts NULL and a pointer to NULL. */
WN_EXPORT void wn_arena_destroy(wn_arena_t **self);

/* Returns `n` bytes aligned for any type, or NULL when the cap is reached or
 * memory is exhausted. The memory belongs to the arena and stays valid until
 * the next wn_arena_reset() or wn_arena_destroy(). */
WN_EXPORT void *wn_arena_alloc(wn_arena_t *a, size_t n);

/* Like wn_arena_alloc, zero-filled. */
WN_EXPORT void *wn_arena_calloc(wn_arena_t *a, size_t n);

/* Returns a NUL-terminated copy of s[0..n) in the arena, or NULL. */
WN_EXPORT char *wn_arena_strndup(wn_arena_t *a, const char *s, size_t n);

/* Releases every allocation at once. Keeps one block for reuse. */
WN_EXPORT void wn_arena_reset(wn_arena_t *a);

/* Bytes handed out since the last reset, and the most ever handed out
 * between two resets (for benchmarks and memory reports). */
WN_EXPORT size_t wn_arena_used(const wn_arena_t *a);
WN_EXPORT size_t wn_arena_peak(const wn_arena_t *a);

/* Nonzero if an allocation failed since the last reset (cap or OOM). */
WN_EXPORT int wn_arena_failed(const wn_arena_t *a);

/* Gumbo allocator adaptors: pass the arena as GumboOptions.userdata with
 * these as allocator/deallocator. Freeing is a no-op; reset frees all.
 * Gumbo does not check for NULL, so past the cap the allocator still
 * succeeds (memory freed at reset) and marks the arena failed: check
 * wn_arena_failed() after the parse. NULL only if malloc fails. */
WN_EXPORT void *wn_arena_gumbo_alloc(void *arena, size_t n);
WN_EXPORT void wn_arena_gumbo_free(void *arena, void *p);

#endif
