/* choose.c -- the scoring and choice passes (docs/extraction.md section 2).
 *
 * score: a readability-style content score from every block's own text
 * (characters, not words, so CJK counts; commas; link density) given to
 * its parent and grandparent, the top candidate; semantic: <article>,
 * <main>, itemprop=articleBody and content-named containers compete with
 * it. The choice then climbs wrappers, data tables and nested sections,
 * takes similar siblings along, and is checked against the page's good
 * blocks (jusText-like: prose by stop-word density); the lead and the
 * standfirst before it are added. At the end: index pages and login walls
 * have no main content; comment sections are collected.
 */
#include <string.h>
#include <strings.h>

#include "extract/lines.h"
#include "extract/page.h"

#define MAX_ROOTS WN_MAX_ROOTS
#define MAX_COMMENTS 64

static int is_heading(int t) { return wn_tag_is(t, WN_TAG_HEADING); }

/* Readability's initial score of a candidate: its tag's weight (lexicon.c:
 * +5 div/article/main, +3 pre/td/blockquote, -3 lists and forms, -5
 * headings and th) and its class words. */
static double initial_score(const wn_dom_t *d, int i) {
    const wn_node_t *n = &d->n[i];
    double s = n->tag >= 0 ? wn_tag_table[n->tag].weight : 0;
    return s + n->class_weight;
}

/* Every block with enough own text and under half of it in links scores
 * 1 + commas + min(chars/100, 3), given in full to its parent, half to its
 * grandparent and a sixth to the next (a block that is not paragraph-like
 * -- a div with its own text -- counts like a paragraph inside itself).
 * The candidates' totals get their tag's and class words' weight and are
 * scaled by 1 - link density; the top one is pg->best. */
void wn_pass_score(wn_page_t *pg) {
    wn_dom_t *d = pg->d;
    const uint32_t *own = pg->own, *own_link = pg->own_link, *own_commas = pg->own_commas;
    for (int i = 0; i < d->count; i++) d->n[i].score = 0;
    for (int i = 0; i < d->count; i++) {
        wn_node_t *n = &d->n[i];
        if ((n->flags & (WN_F_TEXT | WN_F_DEAD)) || !own[i]) continue;
        if (own[i] < pg->tune->block_chars) continue;
        if (own_link[i] * 2 > own[i]) continue; /* a link list, not prose */
        double s = 1.0 + own_commas[i] + (own[i] / 100 > 3 ? 3 : own[i] / 100);
        int p = n->parent, level = 0;
        if (!wn_tag_is(n->tag, WN_TAG_PARA)) p = i;
        while (p >= 0 && level < 3) {
            wn_node_t *pn = &d->n[p];
            double div = level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0;
            pn->score += (float)(s / div);
            p = pn->parent;
            level++;
        }
    }
    double best_s = 0;
    for (int i = 0; i < d->count; i++) {
        wn_node_t *n = &d->n[i];
        if ((n->flags & (WN_F_TEXT | WN_F_DEAD)) || n->score <= 0) continue;
        if (n->tag == GUMBO_TAG_HTML) continue;
        double s = (n->score + initial_score(d, i)) * (1.0 - wn_link_density(n));
        n->score = (float)s;
        if (s > best_s) {
            best_s = s;
            pg->best = i;
        }
    }
    pg->choice = pg->best;
}

/* Semantic containers compete: the one with most paragraph text (not a
 * layout table named "main": it holds the sidebars too) wins over the top
 * candidate when it contains it and adds little (then it brings the
 * headings and lists readability missed), or when it sits inside it and
 * holds 80% of its paragraph text. */
void wn_pass_semantic(wn_page_t *pg) {
    const wn_dom_t *d = pg->d;
    for (int i = 0; i < d->count; i++) {
        const wn_node_t *n = &d->n[i];
        if (n->flags & (WN_F_TEXT | WN_F_DEAD)) continue;
        int t = n->tag;
        const char *ip = wn_dom_attr(d, i, "itemprop");
        int strong = t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_MAIN || (ip && !strcasecmp(ip, "articleBody")) ||
                     (n->flags & WN_F_GOODHINT);
        if (!strong) continue;
        if (t == GUMBO_TAG_TABLE || t == GUMBO_TAG_TBODY || t == GUMBO_TAG_TR || t == GUMBO_TAG_TD) continue;
        if (wn_link_density(n) > pg->tune->semantic_links) continue;
        if (n->para_chars > pg->sem_chars) {
            pg->sem_chars = n->para_chars;
            pg->sem = i;
        }
    }
    int best = pg->best, sem = pg->sem;
    if (best < 0) {
        pg->choice = sem;
    } else if (sem >= 0 && sem != best) {
        uint32_t bc = d->n[best].para_chars, sc = pg->sem_chars;
        if (wn_is_ancestor(d, sem, best)) {
            /* the container holds the top candidate: taken unless it is
             * much larger (a page wrapper): 25% more paragraph text, 50%
             * more text */
            if (sc <= bc + bc / 4 + 100 && d->n[sem].chars <= d->n[best].chars + d->n[best].chars / 2 + 200 &&
                wn_link_density(&d->n[sem]) < pg->tune->semantic_wrapper_links)
                pg->choice = sem;
        } else if (wn_is_ancestor(d, best, sem)) {
            if (sc * 10 >= bc * 8) pg->choice = sem;
        }
    }
    if (pg->choice >= 0 && pg->choice != best) wn_decide(pg, pg->choice, WN_PASS_SEMANTIC);
}

/* The branch the choice takes: a forum thread's first post, nothing scored
 * (a tiny page is its own text; a page of links, an index, has none), or
 * the chosen container. */
void wn_pass_path(wn_page_t *pg) {
    const wn_dom_t *d = pg->d;
    wn_choice_t *out = &pg->ch;
    int root = pg->root;
    if (pg->forum_post >= 0) {
        pg->path = WN_PATH_FORUM;
        out->roots[0] = pg->forum_post;
        out->n_roots = 1;
    } else if (pg->choice < 0) {
        if (wn_on(pg, WN_PASS_TINY_PAGE) && d->n[root].chars > 0 && d->n[root].chars < pg->tune->tiny_page_chars &&
            wn_link_density(&d->n[root]) < 0.5 && !pg->n_pw) {
            pg->path = WN_PATH_TINY;
            out->roots[0] = root;
            out->n_roots = 1;
            wn_decide(pg, root, WN_PASS_TINY_PAGE);
        } else {
            pg->path = WN_PATH_NONE;
            out->n_roots = 0;
            out->none = pg->n_pw; /* a login wall */
            if (pg->n_pw) wn_decide(pg, root, WN_PASS_LOGIN_WALL);
            pg->none_by = (pg->n_pw ? WN_PASS_LOGIN_WALL : WN_PASS_SCORE) + 1; /* a login wall, or nothing scored */
        }
    } else {
        pg->path = WN_PATH_MAIN;
        wn_decide(pg, pg->choice, pg->choice == pg->best ? WN_PASS_SCORE : WN_PASS_SEMANTIC);
    }
}

/* Climbs while the parent holds exactly the choice's text (wrappers). */
void wn_pass_climb_wrappers(wn_page_t *pg) {
    const wn_dom_t *d = pg->d;
    for (int guard = 0; guard < 8; guard++) {
        int p = d->n[pg->choice].parent;
        if (p < 0 || p == pg->root || d->n[p].tag == GUMBO_TAG_HTML) break;
        const wn_node_t *pn = &d->n[p];
        if (pn->chars - d->n[pg->choice].chars <= 0 && pn->chars == d->n[pg->choice].chars) {
            pg->choice = p;
            wn_decide(pg, p, WN_PASS_CLIMB_WRAPPERS);
            continue;
        }
        break;
    }
}

/* A data table is rarely the whole article: a list page's table sits
 * between its introduction and its notes. */
void wn_pass_table_up(wn_page_t *pg) {
    const wn_dom_t *d = pg->d;
    int c = pg->choice;
    if (d->n[c].tag == GUMBO_TAG_TBODY && d->n[c].parent >= 0) c = d->n[c].parent;
    int p = d->n[c].parent;
    if (d->n[c].tag == GUMBO_TAG_TABLE && p >= 0 && p != pg->root && d->n[p].tag != GUMBO_TAG_TD &&
        wn_link_density(&d->n[p]) < pg->tune->table_up_links) {
        pg->choice = p;
        wn_decide(pg, p, WN_PASS_TABLE_UP);
    }
}

/* Nested sections of one class (a document of section > section): the
 * outermost one that is not link-heavy. */
void wn_pass_nested_sections(wn_page_t *pg) {
    const wn_dom_t *d = pg->d;
    for (int guard = 0; guard < 8; guard++) {
        int choice = pg->choice, p = d->n[choice].parent;
        if (p < 0 || p == pg->root) break;
        const char *cc = wn_dom_attr(d, choice, "class"), *pc = wn_dom_attr(d, p, "class");
        if (!cc || !pc || !*cc || strcmp(cc, pc) || d->n[p].tag != d->n[choice].tag ||
            wn_link_density(&d->n[p]) > pg->tune->nested_links)
            break;
        pg->choice = p;
        wn_decide(pg, p, WN_PASS_NESTED_SECTIONS);
    }
}

/* A box holding a heading between two of the chosen siblings heads the
 * next one (page builders' "headline" boxes): taken along, in document
 * order. (Bare headings there stay out, as in Readability, whose output is
 * the truth of the text pages.) */
static void sibling_headings(wn_page_t *pg, int nr) {
    const wn_dom_t *d = pg->d;
    int *roots = pg->ch.roots;
    int *keep = wn_arena_alloc(pg->a, (size_t)MAX_ROOTS * sizeof *keep), nk = 0, k = 0;
    if (!keep) return;
    for (int j = roots[0]; j <= roots[nr - 1] && nk < MAX_ROOTS; j = d->n[j].end) {
        if (k < nr && roots[k] == j) {
            keep[nk++] = j;
            k++;
            continue;
        }
        const wn_node_t *sn = &d->n[j];
        if ((sn->flags & (WN_F_DEAD | WN_F_TEXT)) || sn->chars == 0 || sn->chars >= pg->tune->sandwich_chars ||
            wn_link_density(sn) > pg->tune->sandwich_links)
            continue;
        int h = 0;
        for (int q = j + 1; q < sn->end && q < j + 8 && !h; q++) h = is_heading(d->n[q].tag);
        if (h) keep[nk++] = j;
    }
    if (k == nr) {
        for (int q = 0; q < nk; q++)
            if (pg->decided && pg->decided[keep[q]] == 0) wn_decide(pg, keep[q], WN_PASS_SIBLING_HEADINGS);
        memcpy(roots, keep, (size_t)nk * sizeof *keep);
        pg->ch.n_roots = nk;
    }
}

/* The chosen container, with its siblings that look like it: a score of
 * 20% of its own (a bonus for the same class), or paragraphs with little
 * link text (readability's sibling rule): articles split over several
 * <section>s. */
void wn_pass_siblings(wn_page_t *pg) {
    const wn_dom_t *d = pg->d;
    const wn_tuning_t *T = pg->tune;
    int choice = pg->choice, *roots = pg->ch.roots, nr = 0;
    int par = d->n[choice].parent;
    if (!wn_on(pg, WN_PASS_SIBLINGS) || par < 0 || choice == pg->root) {
        roots[0] = choice;
        pg->ch.n_roots = 1;
        return;
    }
    double top = d->n[choice].score > 0 ? d->n[choice].score : 1;
    double thr = top * T->sibling_share > T->sibling_min ? top * T->sibling_share : T->sibling_min;
    const char *ccls = wn_dom_attr(d, choice, "class");
    for (int j = par + 1; j < d->n[par].end && nr < MAX_ROOTS; j = d->n[j].end) {
        const wn_node_t *s = &d->n[j];
        if (j == choice) {
            roots[nr++] = j;
            continue;
        }
        if (s->flags & (WN_F_DEAD | WN_F_TEXT)) continue;
        double bonus = 0;
        const char *sc = wn_dom_attr(d, j, "class");
        if (ccls && sc && *ccls && !strcmp(ccls, sc)) bonus = top * T->sibling_share;
        int add = 0;
        if (s->score + bonus >= thr && wn_link_density(s) < T->sibling_links) add = 1;
        else if (s->tag == GUMBO_TAG_P) {
            double ld = wn_link_density(s);
            if (s->chars > T->sibling_para_chars && ld < T->sibling_para_links) add = 1;
            else if (s->chars > 0 && s->chars <= T->sibling_para_chars && ld == 0) add = 1;
        }
        if (add) {
            roots[nr++] = j;
            wn_decide(pg, j, WN_PASS_SIBLINGS);
        }
    }
    pg->ch.n_roots = nr;
    if (nr >= 2 && wn_on(pg, WN_PASS_SIBLING_HEADINGS)) sibling_headings(pg, nr);
}

/* The good text of the page: every block with enough own text, under 20%
 * links and the stop-word density of prose (or CJK, or under 3 words) is
 * good. Fills good[] with the good text per subtree; returns the page's
 * good text and the part of it inside the chosen roots (*in). */
static uint32_t good_text(wn_page_t *pg, uint32_t *good, uint32_t *in) {
    const wn_dom_t *d = pg->d;
    const uint32_t *own = pg->own;
    uint32_t page = 0;
    *in = 0;
    memset(good, 0, (size_t)d->count * sizeof *good);
    for (int i = 0; i < d->count; i++) {
        const wn_node_t *n = &d->n[i];
        if ((n->flags & (WN_F_TEXT)) || own[i] < pg->tune->good_chars) continue;
        if (pg->own_link[i] * 5 > own[i]) continue;
        if (n->flags & WN_F_DEAD) continue;
        char buf[2048];
        size_t l = wn_dom_text(d, i, 1, buf, sizeof buf);
        int words;
        double sd = wn_stop_density(buf, l, &words, pg->lex->stop);
        int cjk = own[i] > (uint32_t)l / 2 && words < 5;
        if (!(sd >= pg->tune->good_stop_density || cjk || words < 3)) continue;
        page += own[i];
        for (int p = i; p >= 0; p = d->n[p].parent) good[p] += own[i];
        for (int k = 0; k < pg->ch.n_roots; k++)
            if (wn_is_ancestor(d, pg->ch.roots[k], i)) {
                *in += own[i];
                if (!(pg->group >= 0 && i > pg->group && i < d->n[pg->group].end)) pg->prose_beside += own[i];
                break;
            }
    }
    return page;
}

/* The page check (jusText-like): the choice against the page's good text.
 * Holding under 60% of it, the choice's lowest ancestor holding 80% is
 * tried (one section of a long document: good-climb); under 50%, the
 * smallest element holding 95% is taken (good-fallback) -- except when the
 * top candidate is named as the article body and holds an article's prose
 * (named-body: a live ticker beside a story holds more prose than it). No
 * good text and almost no chosen text: none (no-good-text). */
void wn_pass_page_check(wn_page_t *pg) {
    const wn_dom_t *d = pg->d;
    const wn_tuning_t *T = pg->tune;
    wn_choice_t *out = &pg->ch;
    int nr = out->n_roots;
    uint32_t *goodc = pg->raw; /* reused: good text per subtree */
    uint32_t good_in;
    uint32_t good_page = good_text(pg, goodc, &good_in);
    pg->page_good = good_page;
    pg->chosen_good = good_in;
    int climbed = 0, best = pg->best;
    pg->named_body = best >= 0 && (d->n[best].flags & WN_F_GOODHINT) && d->n[best].para_chars >= T->named_body_chars &&
                     wn_is_ancestor(d, pg->choice, best) && wn_on(pg, WN_PASS_NAMED_BODY);
    if (good_page > T->good_page_min && good_in < good_page * T->climb_trigger && nr > 0 &&
        wn_on(pg, WN_PASS_GOOD_CLIMB)) {
        int anc = d->n[out->roots[0]].parent;
        while (anc >= 0 && (double)goodc[anc] < good_page * T->climb_cover) anc = d->n[anc].parent;
        if (anc >= 0 && anc != pg->root &&
            wn_link_density(&d->n[anc]) < (pg->named_body ? T->climb_links_named : T->climb_links)) {
            out->roots[0] = anc;
            out->n_roots = 1;
            climbed = 1;
            wn_decide(pg, anc, WN_PASS_GOOD_CLIMB);
        }
    }
    if (!climbed && !pg->named_body && good_page > T->good_page_min && good_in < good_page * T->fallback_trigger &&
        wn_on(pg, WN_PASS_GOOD_FALLBACK)) {
        int fb = pg->root;
        for (int i = 0; i < d->count; i++)
            if (!(d->n[i].flags & (WN_F_TEXT | WN_F_DEAD)) && (double)goodc[i] >= good_page * T->fallback_cover &&
                d->n[i].depth > d->n[fb].depth)
                fb = i;
        out->roots[0] = fb;
        out->n_roots = 1;
        wn_decide(pg, fb, WN_PASS_GOOD_FALLBACK);
    }
    if (good_page == 0 && nr > 0 && wn_on(pg, WN_PASS_NO_GOOD_TEXT)) {
        uint32_t c = 0;
        for (int k = 0; k < nr; k++) c += d->n[out->roots[k]].chars;
        if (c < T->no_text_chars) {
            for (int k = 0; k < nr; k++) wn_decide(pg, out->roots[k], WN_PASS_NO_GOOD_TEXT);
            out->n_roots = 0;
            pg->none_by = WN_PASS_NO_GOOD_TEXT + 1;
        }
    }
}

/* Puts `n` blocks before the chosen roots. */
static void prepend(wn_page_t *pg, const int *blocks, int n, int id) {
    wn_choice_t *out = &pg->ch;
    memmove(out->roots + n, out->roots, (size_t)out->n_roots * sizeof *out->roots);
    for (int k = 0; k < n; k++) {
        out->roots[k] = blocks[k];
        wn_decide(pg, blocks[k], id);
    }
    out->n_roots += n;
}

/* Without a title heading: a block named as a lead (lexicon.c; 80-1500
 * chars, under 20% links) right before the choice, or before one of its
 * two nearest ancestors. One pass over each parent's children: linear. */
static void named_lead(wn_page_t *pg, int first) {
    const wn_dom_t *d = pg->d;
    int at = first;
    for (int lv = 0; lv < 3 && at >= 0; lv++, at = d->n[at].parent) {
        int p = d->n[at].parent, prev = -1;
        if (p < 0) break;
        for (int c = p + 1; c < at; c = d->n[c].end)
            if (!(d->n[c].flags & (WN_F_TEXT | WN_F_DEAD | WN_F_DROP)) && d->n[c].chars > 0) prev = c;
        if (prev < 0) continue;
        const wn_node_t *pn = &d->n[prev];
        if (pn->chars < pg->tune->lead_chars || pn->chars > pg->tune->named_lead_max || pn->link_chars * 5 > pn->chars)
            continue;
        int named = 0;
        for (int w = 0; wn_lex_lead[w] && !named; w++)
            if (wn_dom_has_token(d, prev, wn_lex_lead[w])) named = 1;
        if (!named) continue;
        prepend(pg, &prev, 1, WN_PASS_NAMED_LEAD);
        break;
    }
}

/* The lead: news templates put the first paragraph (a "lead", a hero
 * text) between the title heading (the first <h1> or <h2> like the title,
 * past logo h1s) and the body's container, so the choice misses it. Blocks
 * of prose there (own text, few links, the stop-word density of text) are
 * added before the choice, up to three, within lead_span nodes after the
 * title. */
void wn_pass_lead(wn_page_t *pg) {
    const wn_dom_t *d = pg->d;
    const wn_tuning_t *T = pg->tune;
    char buf[2048];
    if (!pg->meta.title || pg->ch.n_roots >= MAX_ROOTS - 4) return;
    int first = pg->ch.roots[0], h1 = -1;
    for (int j = 0; j < first; j++) {
        const wn_node_t *n = &d->n[j];
        if (n->flags & WN_F_DEAD) {
            j = n->end - 1;
            continue;
        }
        if (n->tag != GUMBO_TAG_H1 && n->tag != GUMBO_TAG_H2) continue;
        wn_dom_text(d, j, 1, buf, sizeof buf);
        if (wn_like_title(buf, pg->meta.title)) {
            h1 = j;
            break;
        }
    }
    if (h1 < 0) {
        if (wn_on(pg, WN_PASS_NAMED_LEAD)) named_lead(pg, first);
        return;
    }
    if (first - d->n[h1].end > T->lead_span) return;
    int lead[3], nl = 0;
    for (int j = d->n[h1].end; j < first && nl < 3; j++) {
        const wn_node_t *n = &d->n[j];
        if (n->flags & WN_F_TEXT) continue;
        if (n->flags & (WN_F_DEAD | WN_F_DROP)) {
            j = n->end - 1;
            continue;
        }
        if (wn_is_ancestor(d, j, first)) continue;
        /* (a heading of 80+ characters there is a dek, which the dev truth keeps) */
        if (pg->own[j] < T->lead_chars || pg->own_link[j] * 5 > pg->own[j] || n->tag == GUMBO_TAG_LI) continue;
        size_t l = wn_dom_text(d, j, 1, buf, sizeof buf);
        int words;
        double sd = wn_stop_density(buf, l, &words, pg->lex->stop);
        int cjk = pg->own[j] > (uint32_t)l / 2 && words < 5;
        if (sd < T->good_stop_density && !cjk) continue;
        lead[nl++] = j;
        j = n->end - 1;
    }
    if (nl) prepend(pg, lead, nl, WN_PASS_LEAD);
}

/* The standfirst: a block before the choice whose text is the page's meta
 * description was pruned as a dek or missed by the choice; the dev truth
 * counts it as the article's lead, so it is put back first. Hidden blocks
 * stay out. Only blocks of about the description's length are read. */
void wn_pass_standfirst(wn_page_t *pg) {
    wn_dom_t *d = pg->d;
    const char *desc = pg->meta.description;
    char buf[2048];
    if (!desc || pg->ch.n_roots >= MAX_ROOTS - 1) return;
    size_t dl = strlen(desc);
    if (dl < pg->tune->standfirst_chars || dl >= sizeof buf) return;
    int first = pg->ch.roots[0];
    for (int j = pg->root; j < first; j++) {
        const wn_node_t *n = &d->n[j];
        if ((n->flags & WN_F_TEXT) || wn_is_ancestor(d, j, first)) continue;
        if (wn_is_hidden(d, j) || wn_tag_is(n->tag, WN_TAG_DROP)) {
            j = n->end - 1;
            continue;
        }
        if (!wn_tag_is(n->tag, WN_TAG_SBLOCK) || n->chars * 4 < dl || n->chars > dl * 2) continue;
        wn_dom_text(d, j, 0, buf, sizeof buf);
        if (!wn_same_text(buf, desc)) continue;
        for (int p = n->parent, k = 0; p >= 0 && k < 512; p = d->n[p].parent, k++)
            if (wn_is_hidden(d, p)) return;
        for (int q = j; q < n->end; q++) d->n[q].flags &= ~(unsigned)(WN_F_DROP | WN_F_DEAD);
        prepend(pg, &j, 1, WN_PASS_STANDFIRST);
        return;
    }
}

/* An index page: four or more <article> cards with linked titles and no
 * paragraph longer than a teaser has no main content (a live blog's
 * entries have no linked titles). */
void wn_pass_index_page(wn_page_t *pg) {
    const wn_dom_t *d = pg->d;
    wn_choice_t *out = &pg->ch;
    int cards = 0;
    uint32_t longest = 0;
    for (int k = 0; k < out->n_roots; k++)
        for (int j = out->roots[k]; j < d->n[out->roots[k]].end; j++) {
            const wn_node_t *nj = &d->n[j];
            if (nj->flags & WN_F_TEXT) continue;
            if (nj->flags & WN_F_DROP) {
                j = nj->end - 1;
                continue;
            }
            if (nj->tag == GUMBO_TAG_ARTICLE && j != out->roots[k]) {
                /* a card: its title is a link to the story */
                for (int h = j + 1; h < nj->end; h++)
                    if (is_heading(d->n[h].tag) && d->n[h].chars > 0 && d->n[h].link_chars * 2 > d->n[h].chars) {
                        cards++;
                        break;
                    }
            }
            if (pg->own[j] > longest) longest = pg->own[j];
        }
    if (cards >= 4 && longest < 300) {
        for (int k = 0; k < out->n_roots; k++) wn_decide(pg, out->roots[k], WN_PASS_INDEX_PAGE);
        out->n_roots = 0;
        out->none = 1;
        pg->none_by = WN_PASS_INDEX_PAGE + 1;
    }
}

/* A login wall: a password field outside chrome (wn_pass_login_fields) and
 * no real paragraph of prose (150+ characters). */
void wn_pass_login_wall(wn_page_t *pg) {
    const wn_dom_t *d = pg->d;
    wn_choice_t *out = &pg->ch;
    uint32_t longest = 0;
    for (int k = 0; k < out->n_roots; k++)
        for (int j = out->roots[k]; j < d->n[out->roots[k]].end; j++) {
            if (d->n[j].flags & WN_F_DROP) {
                j = d->n[j].end - 1;
                continue;
            }
            if (!(d->n[j].flags & WN_F_TEXT) && pg->own[j] > longest) longest = pg->own[j];
        }
    if (longest < 150) {
        for (int k = 0; k < out->n_roots; k++) wn_decide(pg, out->roots[k], WN_PASS_LOGIN_WALL);
        out->n_roots = 0;
        out->none = 1;
        pg->none_by = WN_PASS_LOGIN_WALL + 1;
    }
}

/* The comment sections pruned on the way (WN_F_COMMENTS), their meta
 * (poster names, dates, reply links) pruned, when the caller asked for
 * comments. */
void wn_pass_comments(wn_page_t *pg) {
    wn_dom_t *d = pg->d;
    wn_choice_t *out = &pg->ch;
    for (int i = 0; i < d->count && out->n_comments < MAX_COMMENTS; i++) {
        wn_node_t *n = &d->n[i];
        if (!(n->flags & WN_F_COMMENTS)) continue;
        wn_prune_comment_meta(pg, i);
        out->comments[out->n_comments++] = i;
        i = n->end - 1;
    }
}

wn_status wn_choice_alloc(wn_page_t *pg) {
    size_t cnt = (size_t)pg->d->count;
    wn_arena_t *a = pg->a;
    pg->ch.roots = wn_arena_alloc(a, MAX_ROOTS * sizeof(int));
    pg->ch.comments = wn_arena_alloc(a, MAX_COMMENTS * sizeof(int));
    pg->own = wn_arena_calloc(a, cnt * sizeof *pg->own);
    pg->own_link = wn_arena_calloc(a, cnt * sizeof *pg->own_link);
    pg->own_commas = wn_arena_calloc(a, cnt * sizeof *pg->own_commas);
    pg->blk = wn_arena_alloc(a, cnt * sizeof *pg->blk);
    pg->raw = wn_arena_alloc(a, cnt * sizeof *pg->raw);
    if (!pg->ch.roots || !pg->ch.comments || !pg->own || !pg->own_link || !pg->own_commas || !pg->blk || !pg->raw)
        return WN_ENOMEM;
    return WN_OK;
}

int wn_first_heading(const wn_dom_t *d, const int *roots, int n_roots) {
    for (int k = 0; k < n_roots; k++) {
        int r = roots[k];
        for (int j = r; j < d->n[r].end; j++) {
            const wn_node_t *n = &d->n[j];
            if (n->flags & WN_F_TEXT) continue;
            if (n->flags & WN_F_DROP) {
                j = n->end - 1;
                continue;
            }
            if ((n->tag == GUMBO_TAG_H1 || n->tag == GUMBO_TAG_H2 || n->tag == GUMBO_TAG_H3) && n->chars >= 4) return j;
            if (n->tag == GUMBO_TAG_P && n->chars > 0) return -1; /* text before any heading */
        }
    }
    return -1;
}

/* A documentation page (docs profile): the choice split into sections (a
 * Sphinx or DocBook page's sections chosen as siblings, its heading and
 * introduction left above them) climbs to the lowest element holding them
 * all, when that holds at most docs_spread times their text (the sidebar
 * tree and the on-page contents are pruned already) with few links. */
void wn_pass_docs(wn_page_t *pg) {
    const wn_dom_t *d = pg->d;
    wn_choice_t *out = &pg->ch;
    int nr = out->n_roots;
    if (nr < 2) return;
    uint32_t chosen = 0;
    for (int k = 0; k < nr; k++) chosen += d->n[out->roots[k]].chars;
    int a = out->roots[0], last = out->roots[nr - 1];
    while (a >= 0 && !wn_is_ancestor(d, a, last)) a = d->n[a].parent;
    if (a < 0 || a == pg->root || d->n[a].tag == GUMBO_TAG_HTML) return;
    if ((double)d->n[a].chars > (double)chosen * pg->tune->docs_spread ||
        wn_link_density(&d->n[a]) >= pg->tune->docs_links)
        return;
    out->roots[0] = a;
    out->n_roots = 1;
    wn_decide(pg, a, WN_PASS_DOCS);
}
