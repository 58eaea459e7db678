/* passes.c -- the pass table, the switches, and the order the choice runs
 * its passes in.
 *
 * wn_choose is the table `steps` below, run top to bottom: each step runs
 * when its pass is switched on (options, tuning, profile) and its `when`
 * holds for the page. Steps with no pass (-1) are the core's own
 * bookkeeping and always run. A new pass is a row here, a name in pass.h's
 * WN_PASSES and a row in docs/extraction.md (docs/extraction.md, "Adding a
 * pass").
 */
#include <string.h>

#include "extract/page.h"

const wn_pass_info_t wn_pass_info[WN_PASS_COUNT] = {
#define WN_PASS_ROW(id, name, kind, what) [WN_PASS_##id] = {name, WN_KIND_##kind, what},
    WN_PASSES(WN_PASS_ROW)
#undef WN_PASS_ROW
};

int wn_pass_find(const char *name, size_t n) {
    for (int k = 0; k < WN_PASS_COUNT; k++)
        if (strlen(wn_pass_info[k].name) == n && !memcmp(wn_pass_info[k].name, name, n)) return k;
    return -1;
}

int wn_passset_parse(const char *list, wn_passset_t *out, size_t *bad) {
    for (const char *p = list; p && *p;) {
        while (*p == ',' || *p == ' ' || *p == '\t') p++;
        size_t n = strcspn(p, ", \t");
        if (!n) break;
        int id = wn_pass_find(p, n);
        if (id < 0) {
            if (bad) *bad = (size_t)(p - list);
            return -1;
        }
        wn_passset_add(out, id);
        p += n;
    }
    return 0;
}

const char *wn_pass_name(unsigned i) { return i < WN_PASS_COUNT ? wn_pass_info[i].name : NULL; }

/* Passes that run only where a profile turns them on. */
#define BIT1(id, w) ((id) / 64 == (w) ? ((uint64_t)1 << ((id) & 63)) : 0) /* pass id's bit in word w */
#define W6(w, a, b, c, e, f, g) (BIT1(a, w) | BIT1(b, w) | BIT1(c, w) | BIT1(e, w) | BIT1(f, w) | BIT1(g, w))
static const wn_passset_t default_off = {{W6(0, WN_PASS_POSTS, WN_PASS_ITEMS, WN_PASS_SECTIONS, WN_PASS_PRODUCT, WN_PASS_DOCS, WN_PASS_REPEATS),
                                          W6(1, WN_PASS_POSTS, WN_PASS_ITEMS, WN_PASS_SECTIONS, WN_PASS_PRODUCT, WN_PASS_DOCS, WN_PASS_REPEATS)}};

void wn_page_init(wn_page_t *pg, wn_dom_t *d, wn_arena_t *a, const wn_options_t *opt, const wn_lexicon_t *lex,
                  const wn_passset_t *skip, wn_page_type_t type) {
    memset(pg, 0, sizeof *pg);
    pg->d = d;
    pg->a = a;
    pg->opt = opt;
    pg->lex = lex;
    pg->skip = skip;
    pg->root = d->body ? d->body : 0;
    pg->forum_post = pg->best = pg->sem = pg->choice = -1;
    wn_page_set_type(pg, type, -1);
}

void wn_page_set_type(wn_page_t *pg, wn_page_type_t type, int group) {
    pg->type = type;
    pg->profile = wn_profile_of(type);
    int bias = pg->opt->bias < 0 ? 0 : pg->opt->bias > 0 ? 2 : 1;
    pg->tune = pg->profile->tuning ? &pg->profile->tuning[bias] : &wn_tuning[bias];
    /* off: what the bias switches off, the passes off by default unless the
     * profile turns them on, what the profile switches off, and what the
     * caller skips */
    for (int w = 0; w < 2; w++)
        pg->off.w[w] = pg->tune->off.w[w] | (default_off.w[w] & ~pg->profile->on.w[w]) | pg->profile->off.w[w] |
                       (pg->skip ? pg->skip->w[w] : 0);
    /* a listing's items are spared the vocabulary, form, input-box, comment
     * and header rules: they only mark what they prune (WN_F_SPARED), and
     * the items pass brings it back */
    pg->group = group;
    pg->items = group >= 0 && wn_on(pg, WN_PASS_ITEMS);
    pg->spare_from = pg->items ? group : -1;
    pg->spare_to = pg->items ? pg->d->n[group].end : -1;
    if ((wn_on(pg, WN_PASS_SECTIONS) && !pg->items) || wn_on(pg, WN_PASS_PRODUCT)) { /* a service or product page: every box is spared so */
        pg->spare_from = 0;
        pg->spare_to = pg->d->count;
    }
}

/* ---- the order of the passes ---- */

static int always(const wn_page_t *pg) { return pg != NULL; }
static int main_path(const wn_page_t *pg) { return pg->path == WN_PATH_MAIN; }
static int main_chosen(const wn_page_t *pg) { return pg->path == WN_PATH_MAIN && pg->ch.n_roots > 0; }
static int has_content(const wn_page_t *pg) { return pg->path != WN_PATH_NONE; }
static int walled(const wn_page_t *pg) { return pg->path == WN_PATH_MAIN && pg->n_pw > 0; }
static int sections_taken(const wn_page_t *pg) { return pg->sections_taken; }
static int has_roots(const wn_page_t *pg) { return pg->ch.n_roots > 0; }
static int want_comments(const wn_page_t *pg) { return pg->opt->comments; }

static const struct {
    int id; /* the pass that switches the step, -1: always runs */
    int (*when)(const wn_page_t *pg);
    void (*run)(wn_page_t *pg);
} steps[] = {
    /* 1. pruning */
    {-1, always, wn_pass_prepare},
    {-1, always, wn_pass_prune},
    {-1, always, wn_pass_login_fields},
    {WN_PASS_FORUM, always, wn_pass_forum},
    {-1, always, wn_pass_own_text},
    /* 2. scoring and choice */
    {WN_PASS_SCORE, always, wn_pass_score},
    {WN_PASS_SEMANTIC, always, wn_pass_semantic},
    {-1, always, wn_pass_path},
    {WN_PASS_CLIMB_WRAPPERS, main_path, wn_pass_climb_wrappers},
    {WN_PASS_TABLE_UP, main_path, wn_pass_table_up},
    {WN_PASS_NESTED_SECTIONS, main_path, wn_pass_nested_sections},
    {-1, main_path, wn_pass_siblings},
    {-1, main_path, wn_pass_page_check},
    {WN_PASS_DOCS, main_chosen, wn_pass_docs},
    {WN_PASS_LEAD, main_chosen, wn_pass_lead},
    {WN_PASS_STANDFIRST, main_chosen, wn_pass_standfirst},
    /* 3. residual cleaning */
    {-1, has_content, wn_pass_residual},
    {WN_PASS_INDEX_PAGE, main_path, wn_pass_index_page},
    {WN_PASS_LOGIN_WALL, walled, wn_pass_login_wall},
    {WN_PASS_ITEMS, always, wn_pass_items},
    {WN_PASS_SECTIONS, always, wn_pass_sections},
    {WN_PASS_SECTIONS, sections_taken, wn_pass_sections_lines},
    {WN_PASS_PRODUCT, always, wn_pass_product},
    {WN_PASS_POSTS, always, wn_pass_posts},
    {WN_PASS_REPEATS, has_roots, wn_pass_repeats},
    {-1, want_comments, wn_pass_comments},
};

wn_status wn_choose(wn_page_t *pg) {
    if (wn_choice_alloc(pg) != WN_OK) return WN_ENOMEM;
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++)
        if ((steps[k].id < 0 || wn_on(pg, steps[k].id)) && steps[k].when(pg)) steps[k].run(pg);
    return WN_OK;
}
