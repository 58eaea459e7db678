/* dom.h -- private: the flattened page tree the extractor works on.
 *
 * Gumbo's tree is copied once, iteratively, into an array of wn_node in
 * document (pre-)order. A node's subtree is the index range [i, end), so
 * aggregates are computed by one backwards sweep and every later pass
 * (pruning, scoring, rendering) is a loop, never a recursion. Nesting deeper
 * than the depth cap is flattened: the deeper elements are skipped and their
 * children attached to the last kept ancestor.
 *
 * Everything lives in the per-page arena; pointers stay valid until the
 * arena is reset.
 */
#ifndef WN_DOM_H
#define WN_DOM_H

#include <gumbo.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "winnow/arena.h"
#include "winnow/buf.h"
#include "winnow/extract.h"
#include "winnow/prescan.h"
#include "winnow/status.h"

/* wn_node.flags */
enum {
    WN_F_TEXT = 1u << 0,     /* a text node (text/len set) */
    WN_F_DROP = 1u << 1,     /* pruned: never rendered */
    WN_F_BLOCK = 1u << 2,    /* block-level element */
    WN_F_PARA = 1u << 3,     /* paragraph-like block (scored) */
    WN_F_LINK = 1u << 4,     /* inside an <a href> */
    WN_F_PRE = 1u << 5,      /* inside <pre> (whitespace kept) */
    WN_F_COMMENTS = 1u << 6, /* a user-comments section */
    WN_F_BOILER = 1u << 7,   /* class/id/role say boilerplate */
    WN_F_HIDDEN = 1u << 8,   /* hidden / aria-hidden / display:none */
    WN_F_GOODHINT = 1u << 9, /* class/id/itemprop say main content */
    WN_F_KEEP = 1u << 10,    /* never prune (an ancestor of the chosen content) */
    WN_F_DEAD = 1u << 11,    /* pruned or inside a pruned subtree */
    WN_F_INPUT = 1u << 12,   /* holds a visible form field */
    WN_F_SPARED = 1u << 13   /* pruned by a rule a listing's items are spared (extract/prune.c) */
};

typedef struct wn_node {
    GumboNode *g;      /* the Gumbo node (element, or text for WN_F_TEXT) */
    const char *text;  /* text nodes: the text (not collapsed) */
    size_t text_len;
    int parent;        /* index of parent, -1 for the root */
    int end;           /* one past the last descendant */
    int tag;           /* GumboTag, or -1 for text */
    unsigned depth;
    unsigned flags;
    /* aggregates over the subtree, of text not pruned */
    uint32_t chars;      /* text weight (characters; CJK count double) */
    uint32_t link_chars; /* of which inside links */
    uint32_t commas;
    uint32_t paras;      /* paragraph-like blocks */
    uint32_t para_chars; /* text weight inside <p>-like blocks */
    float score;         /* readability-style content score */
    int class_weight;
    /* elements: the class and id values (borrowed from Gumbo's tree), and a
     * 64-bit filter with one bit per hashed class/id token, set once by
     * wn_dom_build so that wn_dom_attr/wn_dom_has_token need not search the
     * attribute list or re-split the names (docs/performance.md) */
    const char *cls, *id;
    uint64_t toks;
    /* text nodes: wn_text_weight and wn_text_commas of the text, measured
     * once by wn_dom_build (the aggregate sweeps reuse them) */
    uint32_t tw, tc;
    /* elements: bit (c | 0x20) & 31 set for the first byte c of each
     * attribute name, so that wn_dom_attr answers most misses without
     * touching Gumbo's node */
    uint32_t amask;
} wn_node_t;

typedef struct wn_dom {
    wn_node_t *n;
    int count;
    int body;     /* index of <body>, or 0 */
    int html;     /* index of <html>, or 0 */
    unsigned truncated;
} wn_dom_t;

/* Builds the flattened tree of `root` into `d`, allocating from `a`, keeping
 * at most `max_depth` levels. Returns WN_OK, WN_ENOMEM or WN_ETOOBIG (more
 * than `max_nodes` nodes). */
WN_MUST_CHECK wn_status wn_dom_build(wn_dom_t *d, wn_arena_t *a, GumboNode *root, unsigned max_depth,
                                     size_t max_nodes);

/* wn_dom_build for a tree parsed from the output `ps` of a pre-scan with
 * text_runs (winnow/prescan.h; NULL: none): text nodes get back the text
 * behind each reference to ps->runs, class and id values the value behind
 * a reference to ps->names (borrowed: they must live as long as the tree).
 * A malformed reference or one out of range stays as it is. */
WN_MUST_CHECK wn_status wn_dom_build_runs(wn_dom_t *d, wn_arena_t *a, GumboNode *root, unsigned max_depth,
                                          size_t max_nodes, const wn_prescan_out_t *ps);

/* The value of attribute `name` of element node `i`, or NULL. Borrowed from
 * Gumbo's tree (valid until the arena reset). Read attributes through this
 * (or node.cls/.id), not from Gumbo's nodes: class and id values may be
 * pre-scan references there (winnow/prescan.h, text_runs). */
const char *wn_dom_attr(const wn_dom_t *d, int i, const char *name);

/* The token-filter bits of s[0..n) (n > 0): two bits from a mix of its
 * length and its ASCII-lower-cased first and last bytes. Inline so that for
 * a literal token the compiler folds it to a constant. */
static inline uint64_t wn_tok_bits(const char *s, size_t n) {
    unsigned a = (unsigned char)s[0], z = (unsigned char)s[n - 1];
    if (a >= 'A' && a <= 'Z') a += 32;
    if (z >= 'A' && z <= 'Z') z += 32;
    uint32_t h = (uint32_t)n * 0x9E3779B1u ^ a * 0x85EBCA77u ^ z * 0xC2B2AE3Du;
    return (uint64_t)1 << (h >> 26) | (uint64_t)1 << ((h >> 20) & 63);
}

/* wn_dom_has_token without the filter test: splits the names. */
int wn_dom_has_token_split(const wn_dom_t *d, int i, const char *tok, size_t tl);

/* Nonzero if the class or id of node `i` contains the token `tok` (class/id
 * are split on spaces, '-' and '_', compared case-insensitively). Most
 * answers come from the node's token filter alone: always inlined, so that
 * a literal token's filter bits are a constant at the call. */
__attribute__((always_inline)) static inline int wn_dom_has_token(const wn_dom_t *d, int i, const char *tok) {
    size_t tl = strlen(tok);
    if (tl) {
        uint64_t b = wn_tok_bits(tok, tl);
        if ((d->n[i].toks & b) != b) return 0; /* a token of the names would have set them */
    }
    return wn_dom_has_token_split(d, i, tok, tl);
}

/* Weight of UTF-8 text s[0..n) in "characters": whitespace runs count once,
 * ideographs (CJK, kana, hangul) count 2 since they carry a word each. */
uint32_t wn_text_weight(const char *s, size_t n);

/* Number of commas (incl. the CJK and Arabic forms) in s[0..n). */
uint32_t wn_text_commas(const char *s, size_t n);

/* Appends the visible text of subtree `i` to `out` (space-collapsed),
 * skipping pruned nodes when `skip_drop`. The result is bounded by `max`
 * bytes. Returns the length written; `out` is NUL-terminated. */
size_t wn_dom_text(const wn_dom_t *d, int i, int skip_drop, char *out, size_t max);

#endif
