/* pagetype.h -- private: what kind of page this is (winnow/extract.h,
 * wn_page_type_t), from its URL, its schema.org types and its structure.
 *
 * The classifier gathers named evidence (a URL segment like "threads", a
 * JSON-LD "Product", sibling blocks that each name a poster and a time,
 * a grid of cards with prices, code blocks beside a sidebar tree, ...);
 * each piece of evidence is a row of one const table with the type it
 * speaks for and a weight (pagetype.c). The type with the most weight wins
 * over the article's prior. No rule names a site: the signals are URL
 * conventions, schema.org, and the markup of forum, shop and documentation
 * frameworks.
 */
#ifndef WN_PAGETYPE_H
#define WN_PAGETYPE_H

#include <stddef.h>
#include <stdint.h>

#include "extract/page.h"
#include "html/dom.h"
#include "winnow/extract.h"

/* The evidence found on one page and the score of each type. */
typedef struct wn_pagetype_result {
    wn_page_type_t type;
    int score[WN_PAGE_TYPES];
    uint64_t fired; /* bit k: row k of the evidence table was found */
    int group;      /* the page's dominant group of alike sibling blocks when they look like
                     * items (half of them show a picture or have a linked title): their
                     * parent's index, -1 when none */
    int group_first; /* the group's first member */
} wn_pagetype_result_t;

/* Classifies the page `d` (built, not yet pruned) with its metadata `m`,
 * its URL (`url`, may be NULL: the canonical URL is read instead) and its
 * JSON-LD blocks ld[0..n_ld). Scratch memory comes from `a` (per page).
 * Fills *r; r->type is never WN_PAGE_AUTO. */
void wn_pagetype_classify(const wn_dom_t *d, wn_arena_t *a, const wn_meta_t *m, const char *url,
                          const char *const *ld, const size_t *ld_len, size_t n_ld, wn_pagetype_result_t *r);

/* Nonzero if elements a and b are alike as members of a group are: the
 * same tag and the same first class word. */
int wn_pagetype_same_kind(const wn_dom_t *d, int a, int b);

/* The name of evidence row k of the table, or NULL past its end (debug
 * output, docs). */
const char *wn_pagetype_evidence_name(unsigned k);

/* Row k of the evidence table: its name (NULL past the end), the type it
 * speaks for (*type) and its weight (*weight). The article's prior is
 * wn_pagetype_prior(). */
const char *wn_pagetype_evidence(unsigned k, wn_page_type_t *type, int *weight);

/* The article's prior: the score another type must outweigh. */
int wn_pagetype_prior(void);

#endif
