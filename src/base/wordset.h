/* wordset.h -- private: constant-time membership in a vocabulary list.
 *
 * The extractor's vocabularies (class-name words, stop words) are
 * NULL-terminated arrays of string literals, easy to read and to edit. A
 * linear scan of such a list per token was most of the cost of classifying
 * class names (docs/performance.md). A wn_wordset_t is a hash set built
 * from one list, in the per-page arena; wn_wordset_has() answers exactly
 * what the scan answered: is there an entry of length n equal to w[0..n)
 * under strncasecmp (ASCII case folding, the C locale)?
 */
#ifndef WN_WORDSET_H
#define WN_WORDSET_H

#include <stddef.h>
#include <stdint.h>

#include "winnow/arena.h"

typedef struct wn_wordset wn_wordset_t;

/* Builds the set of the entries of `list` (NULL-terminated; the strings are
 * borrowed and must outlive the set -- string literals do). Memory comes
 * from `a` and stays valid until the arena is reset. Returns NULL when the
 * arena is exhausted. */
wn_wordset_t *wn_wordset_new(wn_arena_t *a, const char *const *list);

/* Nonzero if some entry of the set has length n and equals w[0..n)
 * case-insensitively (ASCII). `w` need not be NUL-terminated. */
int wn_wordset_has(const wn_wordset_t *s, const char *w, size_t n);

/* wn_wordset_has when `s` is not NULL, else the same answer from a linear
 * scan of `list` (callers without a set, e.g. before one is built). */
int wn_wordset_in(const wn_wordset_t *s, const char *const *list, const char *w, size_t n);

/* A list of patterns searched for as substrings of short strings (class
 * names): the patterns are bucketed by their first byte, so a search costs
 * a few compares per byte of the string instead of one strstr per pattern. */
typedef struct wn_substrset wn_substrset_t;

/* Builds the set of the patterns of `list` (NULL-terminated, borrowed like
 * wn_wordset_new's). Matching is byte for byte (strstr), or ASCII
 * case-insensitive (strcasestr) when `nocase`. Memory from `a`; NULL when
 * the arena is exhausted. */
wn_substrset_t *wn_substrset_new(wn_arena_t *a, const char *const *list, int nocase);

/* Nonzero if some pattern of `set` occurs in the NUL-terminated `s`. When
 * `set` is NULL, the same answer from strstr over `list` (byte for byte). */
int wn_substrset_in(const wn_substrset_t *set, const char *const *list, const char *s);

/* strcasestr(hay, needle) != NULL (ASCII case folding), without the setup
 * cost of the two-way algorithm on short strings. */
int wn_ci_contains(const char *hay, const char *needle);

#endif
