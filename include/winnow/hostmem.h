/* winnow/hostmem.h -- cross-page boilerplate memory per host.
 *
 * A post-filter on extracted documents: blocks of text (lines of doc->text)
 * that already appeared on `min_pages` or more earlier pages of the same
 * host are site chrome that the structural rules missed (the same "What's
 * Hot" list on every page of a news site) and are dropped. Deterministic:
 * the same pages in the same order give the same output. Memory is bounded
 * (max_hosts, max_blocks_per_host). Not thread-safe: one wn_hostmem_t per
 * thread, like wn_extractor_t.
 *
 *     wn_hostmem_opts_t ho;
 *     wn_hostmem_opts_init(&ho);
 *     wn_hostmem_t *hm = wn_hostmem_new(&ho);
 *     ... for each page, after wn_extract() returned WN_OK:
 *     if (wn_hostmem_apply(hm, doc) != WN_OK) ... (doc left unchanged)
 *     wn_hostmem_destroy(&hm);
 *
 * The rule, its bounds and the measured effect: docs/extraction.md,
 * "Cross-page memory per host".
 */
#ifndef WINNOW_HOSTMEM_H
#define WINNOW_HOSTMEM_H

#include <stddef.h>

#include "winnow/extract.h"
#include "winnow/status.h"

/* Initialise with wn_hostmem_opts_init() and then set fields; new fields are
 * only appended. */
typedef struct wn_hostmem_opts {
    unsigned min_pages;         /* drop a block seen on this many earlier pages of the host (default 3, >= 1) */
    size_t max_hosts;           /* hosts remembered; the least recently seen is forgotten (default 4096) */
    size_t max_blocks_per_host; /* distinct blocks recorded per host; later new ones are not (default 4096) */
    size_t max_block_chars;     /* longer blocks (characters) are never recorded nor dropped (default 300) */
} wn_hostmem_opts_t;

/* Fills `o` with the defaults listed above. */
WN_EXPORT void wn_hostmem_opts_init(wn_hostmem_opts_t *o);

typedef struct wn_hostmem wn_hostmem_t;

/* Creates an empty memory with a copy of `o` (NULL means defaults; zero
 * fields take their defaults). Returns NULL on allocation failure. The
 * caller owns it; wn_hostmem_destroy frees. */
WN_EXPORT wn_hostmem_t *wn_hostmem_new(const wn_hostmem_opts_t *o);

/* Frees the memory; sets *self to NULL. Accepts NULL. */
WN_EXPORT void wn_hostmem_destroy(wn_hostmem_t **self);

/* Drops from doc->text (rewritten in place; doc keeps ownership, text_len is
 * updated) the blocks already seen on min_pages earlier pages of the doc's
 * host, then records this page's blocks (once per page). A page that is a
 * copy of an earlier one (see wn_hostmem_copies) is left unchanged and not
 * recorded. The host comes
 * from doc->url, else doc->canonical_url (lower-cased, "www." stripped); a
 * doc without either is left unchanged and not recorded.
 * Returns WN_OK, WN_EINVAL (NULL argument) or WN_ENOMEM (doc unchanged,
 * page not recorded). */
WN_EXPORT WN_MUST_CHECK wn_status wn_hostmem_apply(wn_hostmem_t *hm, wn_doc_t *doc);

/* Blocks dropped so far by this memory (all hosts). */
WN_EXPORT size_t wn_hostmem_dropped(const wn_hostmem_t *hm);

/* Pages judged copies of an earlier page of their host (more than half of
 * their first long paragraphs seen before): left unchanged, not recorded. */
WN_EXPORT size_t wn_hostmem_copies(const wn_hostmem_t *hm);

/* Copies into out[0..cap) the host key wn_hostmem_apply uses for `url`
 * ("https://WWW.Example.com:8080/x" -> "example.com"). Returns its length,
 * 0 when `url` has no host (or it does not fit in cap). */
WN_EXPORT size_t wn_hostmem_host(const char *url, char *out, size_t cap);

#endif
