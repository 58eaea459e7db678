/* items.c -- the passes that take a page's repeated parts: items (listing
 * and collection profiles) and sections (service profile).
 *
 * items: the page's
 * dominant group of alike boxes (cards with pictures or linked titles,
 * found by the page-type classifier, pagetype.c) is the content, after
 * the page's title heading and the short introduction between it and
 * them. The rules that would prune inside the items only marked what they
 * pruned (WN_F_SPARED, prune.c): taken, the items get it back. The
 * article's choice wins when it has prose beside the items (items-prose),
 * stands apart from them or below them, or the page's title stands below
 * them (items-apart); what it found beside the items stays (items-keep).
 */
#include <string.h>
#include <strings.h>

#include "extract/page.h"
#include "extract/pagetype.h"

/* Nonzero if subtree i holds text that is not pruned. */
static int has_text(const wn_dom_t *d, int i) {
    for (int j = i + 1; j < d->n[i].end; j++) {
        if (d->n[j].flags & WN_F_DROP) {
            j = d->n[j].end - 1;
            continue;
        }
        if ((d->n[j].flags & WN_F_TEXT) && d->n[j].tw > 0) return 1;
    }
    return 0;
}

/* Nonzero if the article's choice stands apart from the items: 600+
 * characters of paragraphs chosen apart from them (an article in a
 * language without stop words here), a choice all below them (they are a
 * menu), or an h1 below them (boxes alike above the page's title are its
 * menu). */
static int choice_apart(const wn_page_t *pg) {
    const wn_dom_t *d = pg->d;
    const wn_choice_t *out = &pg->ch;
    int group = pg->group;
    uint32_t apart = 0;
    int after = out->n_roots > 0;
    for (int k = 0; k < out->n_roots; k++) {
        int r = out->roots[k];
        if (wn_is_ancestor(d, r, group) || wn_is_ancestor(d, group, r)) after = 0;
        else apart += d->n[r].para_chars;
        if (r < d->n[group].end) after = 0;
    }
    if (apart >= 2 * pg->tune->items_prose || after) return 1;
    for (int j = d->n[group].end; j < d->count; j++) {
        if (d->n[j].flags & WN_F_DEAD) {
            j = d->n[j].end - 1;
            continue;
        }
        if (d->n[j].tag == GUMBO_TAG_H1 && d->n[j].chars > 0) return 1;
    }
    return 0;
}

/* The page's title heading before the items and up to three paragraphs of
 * introduction between it and them, into roots; returns how many. */
static int title_and_intro(const wn_page_t *pg, int *roots) {
    const wn_dom_t *d = pg->d;
    int group = pg->group, nit = 0, h1 = -1;
    for (int j = pg->root; j < group && h1 < 0; j++) {
        if (d->n[j].flags & WN_F_DEAD) {
            j = d->n[j].end - 1;
            continue;
        }
        if (d->n[j].tag == GUMBO_TAG_H1 && d->n[j].chars > 0) h1 = j;
    }
    if (h1 < 0 || wn_is_ancestor(d, h1, group)) return 0;
    roots[nit++] = h1;
    for (int j = d->n[h1].end; j < group && nit < 4; j++) {
        const wn_node_t *nj = &d->n[j];
        if (nj->flags & WN_F_TEXT) continue;
        if (nj->flags & WN_F_DEAD) {
            j = nj->end - 1;
            continue;
        }
        if (wn_is_ancestor(d, j, group)) continue;
        if (nj->tag == GUMBO_TAG_P && nj->chars >= 40 && wn_link_density(nj) < 0.3) {
            roots[nit++] = j;
            j = nj->end - 1;
        }
    }
    return nit;
}

/* Nonzero if the group's box lies in a box pruned by its name or its
 * form (a results grid in a box named "search-results", a product grid
 * named "skip-to-products"), not in one hidden from view: the classifier
 * found the group outside chrome tags and roles, so its items are the
 * page's content whatever their wrapper is called. */
static int revive_group(const wn_dom_t *d, int group) {
    int dead = 0;
    for (int p = group; p >= 0; p = d->n[p].parent) {
        if (!(d->n[p].flags & WN_F_DROP)) continue;
        if (wn_is_hidden(d, p) || wn_tag_is(d->n[p].tag, WN_TAG_CHROME) || wn_tag_is(d->n[p].tag, WN_TAG_DROP))
            return 0;
        dead = 1;
    }
    return dead;
}

/* Nonzero if element j, inside a box the pruning only marked (and so
 * never walked into), is hidden from view and not a panel of text the
 * profile brings back (a "unit price" label shipped hidden inside a
 * product card): the revived box leaves it out. */
static int unvisited_hidden(const wn_page_t *pg, int j) {
    const wn_node_t *n = &pg->d->n[j];
    if (n->flags & (WN_F_TEXT | WN_F_DROP) || !wn_is_hidden(pg->d, j)) return 0;
    return n->chars < pg->tune->sections_hidden || n->link_chars >= n->chars * pg->tune->sections_hidden_links;
}

/* Gives the items back what the rules they are spared pruned, and the
 * group its life when only its wrapper's name pruned it (revive_group). */
static void unspare(wn_page_t *pg) {
    wn_dom_t *d = pg->d;
    int revive = wn_on(pg, WN_PASS_ITEMS_WRAPPER) && revive_group(d, pg->group);
    for (int j = pg->group; j < d->n[pg->group].end; j++) {
        wn_node_t *nj = &d->n[j];
        if (nj->flags & WN_F_SPARED) nj->flags &= ~(unsigned)(WN_F_DROP | WN_F_DEAD | WN_F_SPARED);
        else if (unvisited_hidden(pg, j)) nj->flags |= WN_F_DROP;
        int p = nj->parent;
        if (nj->flags & WN_F_DROP) nj->flags |= WN_F_DEAD;
        else if (p >= 0 && (d->n[p].flags & WN_F_DEAD) && !(j == pg->group && revive)) nj->flags |= WN_F_DEAD;
        else nj->flags &= ~(unsigned)WN_F_DEAD;
    }
}

/* The group's members of its dominant kind (the first member with an
 * alike sibling after it, and those alike to it) that hold text, appended
 * to roots[nit..]; returns the new count, *first the kind's first member
 * (-1: none). */
static int members(const wn_page_t *pg, int *roots, int nit, int *first) {
    const wn_dom_t *d = pg->d;
    int group = pg->group;
    *first = -1;
    for (int j = group + 1; j < d->n[group].end && nit < WN_MAX_ROOTS; j = d->n[j].end) {
        const wn_node_t *nj = &d->n[j];
        if ((nj->flags & (WN_F_TEXT | WN_F_DEAD)) || !has_text(d, j)) continue;
        if (*first < 0) {
            for (int q = j; q < d->n[group].end; q = d->n[q].end)
                if (!(d->n[q].flags & WN_F_TEXT)) {
                    int alike = 0;
                    for (int r = d->n[q].end; r < d->n[group].end && !alike; r = d->n[r].end)
                        alike = !(d->n[r].flags & WN_F_TEXT) && wn_pagetype_same_kind(d, q, r);
                    if (alike) {
                        *first = q;
                        break;
                    }
                }
            if (*first < 0) break;
        }
        if (wn_pagetype_same_kind(d, *first, j)) roots[nit++] = j;
    }
    return nit;
}

void wn_pass_items(wn_page_t *pg) {
    const wn_dom_t *d = pg->d;
    wn_choice_t *out = &pg->ch;
    int group = pg->group;
    if (!pg->items) return;
    if (pg->prose_beside >= pg->tune->items_prose && wn_on(pg, WN_PASS_ITEMS_PROSE)) return;
    if (wn_on(pg, WN_PASS_ITEMS_APART) && choice_apart(pg)) return;
    int *old_roots = wn_arena_alloc(pg->a, (size_t)(out->n_roots + 1) * sizeof *old_roots), n_old = out->n_roots;
    if (!old_roots) return;
    memcpy(old_roots, out->roots, (size_t)out->n_roots * sizeof *old_roots);
    int nit = title_and_intro(pg, out->roots);
    unspare(pg);
    int first;
    nit = members(pg, out->roots, nit, &first);
    if (first < 0 || nit < 3) return;
    /* what the article's choice found beside the items stays (an article
     * misread as a listing keeps its text): its roots that neither hold
     * the items nor sit in them */
    for (int k = 0; k < n_old && nit < WN_MAX_ROOTS && wn_on(pg, WN_PASS_ITEMS_KEEP); k++) {
        int r = old_roots[k], dup = 0;
        if (wn_is_ancestor(d, r, group) || wn_is_ancestor(d, group, r)) continue;
        for (int q = 0; q < nit && !dup; q++)
            dup = wn_is_ancestor(d, out->roots[q], r) || wn_is_ancestor(d, r, out->roots[q]);
        if (!dup) out->roots[nit++] = r;
    }
    for (int x = 1; x < nit; x++) /* page order */
        for (int y = x; y > 0 && out->roots[y - 1] > out->roots[y]; y--) {
            int t = out->roots[y];
            out->roots[y] = out->roots[y - 1];
            out->roots[y - 1] = t;
        }
    for (int k = 0; k < nit; k++) wn_decide(pg, out->roots[k], WN_PASS_ITEMS);
    out->n_roots = nit;
    out->none = 0;
    pg->items_taken = 1;
}

/* The page's <main> (or role=main) when it holds half the text, else -1. */
static int main_part(const wn_dom_t *d, int root, int cnt) {
    for (int j = root; j < cnt; j++)
        if ((d->n[j].tag == GUMBO_TAG_MAIN || (wn_role(wn_dom_attr(d, j, "role")) & WN_ROLE_CONTENT)) &&
            !(d->n[j].flags & WN_F_DEAD) && d->n[j].chars * 2 > d->n[root].chars)
            return j;
    return -1;
}

/* The sections pass (service profile): every content section -- the
 * page's <main> (or role=main) when it holds half the text, else the body
 * -- with what the vocabulary rules pruned brought back (a hero named
 * banner, a carousel of testimonials, a pricing box named promo; not the
 * boxes named for the site's chrome, prune.c). Unless the article's
 * choice holds most of the page's good text (sections-article). */
void wn_pass_sections(wn_page_t *pg) {
    wn_dom_t *d = pg->d;
    wn_choice_t *out = &pg->ch;
    int root = pg->root, cnt = d->count;
    int mainel = main_part(d, root, cnt);
    int reg = mainel >= 0 ? mainel : root;
    if (pg->items_taken) {
        /* items holding most of the main part's text stay; a small group
         * in a big page (a sidebar's cards, one rail of a front page) gives
         * way to the main part */
        uint32_t it = 0;
        for (int k = 0; k < out->n_roots; k++) it += d->n[out->roots[k]].chars;
        if ((double)it >= pg->tune->items_share * d->n[reg].chars) return;
        pg->items_taken = 0;
    }
    if (out->n_roots > 0 && pg->chosen_good >= pg->tune->sections_article &&
        pg->chosen_good * 10 >= pg->page_good * pg->tune->sections_chosen && wn_on(pg, WN_PASS_SECTIONS_ARTICLE))
        return;
    /* a listing's part that is all links (a section page's run of bare
     * story links) stays no content */
    if (pg->type != WN_PAGE_SERVICE && (double)d->n[reg].link_chars >= (double)d->n[reg].chars * pg->tune->sections_links)
        return;
    for (int j = root; j < cnt; j++) {
        wn_node_t *nj = &d->n[j];
        if (nj->flags & WN_F_SPARED) nj->flags &= ~(unsigned)(WN_F_DROP | WN_F_DEAD | WN_F_SPARED);
        else if (unvisited_hidden(pg, j)) nj->flags |= WN_F_DROP;
        int p = nj->parent;
        if (nj->flags & WN_F_DROP) nj->flags |= WN_F_DEAD;
        else if (p >= 0 && (d->n[p].flags & WN_F_DEAD)) nj->flags |= WN_F_DEAD;
        else nj->flags &= ~(unsigned)WN_F_DEAD;
    }
    out->roots[0] = reg;
    out->n_roots = 1;
    out->none = 0;
    wn_decide(pg, out->roots[0], WN_PASS_SECTIONS);
    pg->sections_taken = 1;
}

/* Nonzero if element i is marked up as a schema.org Product (microdata
 * itemtype ending in "/Product"). */
static int product_item(const wn_dom_t *d, int i) {
    const char *it = wn_dom_attr(d, i, "itemtype");
    if (!it) return 0;
    size_t l = strlen(it);
    while (l > 0 && (it[l - 1] == '/' || it[l - 1] == ' ')) l--;
    return l >= 8 && !strncasecmp(it + l - 8, "/Product", 8);
}

/* Nonzero if text s[0..n) holds a price: a currency sign or code
 * (lexicon) with a digit right before or after it (blanks between). */
static int text_price(const char *s, size_t n) {
    for (int k = 0; wn_lex_currency[k]; k++) {
        size_t cl = strlen(wn_lex_currency[k]);
        for (const char *p = s; p + cl <= s + n; p++) {
            p = memchr(p, wn_lex_currency[k][0], (size_t)(s + n - p));
            if (!p || p + cl > s + n) break;
            if (memcmp(p, wn_lex_currency[k], cl)) continue;
            const char *a = p + cl, *b = p;
            while (a < s + n && *a == ' ') a++;
            while (b > s && b[-1] == ' ') b--;
            if ((a < s + n && *a >= '0' && *a <= '9') || (b > s && b[-1] >= '0' && b[-1] <= '9')) return 1;
        }
    }
    return 0;
}

/* Nonzero if subtree i shows a price in a text node not pruned. */
static int has_price(const wn_dom_t *d, int i) {
    for (int j = i + 1; j < d->n[i].end; j++) {
        const wn_node_t *nj = &d->n[j];
        if (nj->flags & WN_F_DROP) {
            j = nj->end - 1;
            continue;
        }
        if ((nj->flags & WN_F_TEXT) && nj->text && text_price(nj->text, nj->text_len)) return 1;
    }
    return 0;
}

/* The text and link weights of box's subtree again, over what the
 * product pass keeps (the pruning's aggregates leave out the spared boxes
 * it brought back). */
static void reweigh(wn_dom_t *d, int box) {
    for (int j = d->n[box].end - 1; j >= box; j--) {
        wn_node_t *n = &d->n[j];
        if (n->flags & WN_F_TEXT) {
            n->chars = n->tw;
            n->link_chars = (n->flags & WN_F_LINK) ? n->tw : 0;
        }
        if (j > box && n->parent >= 0 && !(n->flags & (WN_F_DROP | WN_F_DEAD))) {
            d->n[n->parent].chars += n->chars;
            d->n[n->parent].link_chars += n->link_chars;
        }
    }
}

/* Other products in the product's box (product-others): under one parent,
 * product_cards or more child elements of one tag, each short (under
 * product_card_chars of visible text) and showing a price or
 * product_card_links of it links, and no other
 * child holding text, none holding the page's title heading (h1), all
 * together under product_cards_share of the box's text (else the grid is
 * the page: a collection read as a product) -- a
 * grid or carousel of related, recommended or
 * recently viewed products, a row of swatches -- are dropped. Spec rows
 * and feature bullets hold no link each. */
static void drop_others(wn_page_t *pg, int box, int h1) {
    wn_dom_t *d = pg->d;
    const wn_tuning_t *T = pg->tune;
    for (int p = box; p < d->n[box].end; p++) {
        if (d->n[p].flags & (WN_F_TEXT | WN_F_DEAD)) {
            if (!(d->n[p].flags & WN_F_TEXT)) p = d->n[p].end - 1;
            continue;
        }
        if (h1 >= 0 && wn_is_ancestor(d, p, h1)) continue;
        int tag = -1, cards = 0;
        for (int j = p + 1; j < d->n[p].end; j = d->n[j].end) {
            const wn_node_t *nj = &d->n[j];
            if ((nj->flags & (WN_F_TEXT | WN_F_DEAD)) || nj->chars == 0) {
                if ((nj->flags & WN_F_TEXT) && nj->tw > 0) cards = -1;
                if (cards < 0) break;
                continue;
            }
            if (tag < 0) tag = nj->tag;
            if (nj->tag != tag || nj->chars >= T->product_card_chars ||
                (wn_link_density(nj) < T->product_card_links && !has_price(d, j))) {
                cards = -1;
                break;
            }
            cards++;
        }
        if (cards < (int)T->product_cards || d->n[p].chars > d->n[box].chars * T->product_cards_share) continue;
        for (int j = p + 1; j < d->n[p].end; j = d->n[j].end)
            if (!(d->n[j].flags & (WN_F_TEXT | WN_F_DEAD)) && d->n[j].chars > 0)
                wn_drop(pg, j, WN_F_DROP | WN_F_DEAD, WN_PASS_PRODUCT_OTHERS);
        p = d->n[p].end - 1;
    }
}

/* The product pass (product profile): unless the article's choice holds
 * product_article characters (product-article), the product's box -- the
 * outermost element marked up as a schema.org Product, else the page's
 * <main> (or role=main) when it holds half the text, else the body --
 * with what the vocabulary rules pruned in it brought back (as for a
 * service page: not the boxes named for the site's chrome). A product page
 * whose scripts build the description is then no longer its meta
 * description alone. */
void wn_pass_product(wn_page_t *pg) {
    wn_dom_t *d = pg->d;
    wn_choice_t *out = &pg->ch;
    int root = pg->root, cnt = d->count;
    uint32_t chosen = 0; /* the text the choice keeps after the residual rules */
    for (int k = 0; k < out->n_roots; k++) {
        int r = out->roots[k];
        for (int j = r; j < d->n[r].end; j++) {
            if (d->n[j].flags & (WN_F_DROP | WN_F_DEAD)) {
                if (!(d->n[j].flags & WN_F_TEXT)) j = d->n[j].end - 1;
                continue;
            }
            if (d->n[j].flags & WN_F_TEXT) chosen += d->n[j].tw;
        }
    }
    if (chosen >= pg->tune->product_article && wn_on(pg, WN_PASS_PRODUCT_ARTICLE)) return;
    int box = -1;
    for (int j = root; j < cnt && box < 0; j++) {
        if (d->n[j].flags & WN_F_TEXT) continue;
        if (d->n[j].flags & WN_F_DEAD) {
            j = d->n[j].end - 1;
            continue;
        }
        if (product_item(d, j)) box = j;
    }
    int h1 = -1; /* (a heading in a spared box counts) */
    for (int j = root; j < cnt && h1 < 0; j++) {
        if ((d->n[j].flags & WN_F_DROP) && !(d->n[j].flags & WN_F_SPARED)) {
            j = d->n[j].end - 1;
            continue;
        }
        if (d->n[j].tag == GUMBO_TAG_H1 && d->n[j].chars > 0) h1 = j;
    }
    for (int j = root; j < cnt && box < 0; j++)
        if ((d->n[j].tag == GUMBO_TAG_MAIN || (wn_role(wn_dom_attr(d, j, "role")) & WN_ROLE_CONTENT)) &&
            !(d->n[j].flags & WN_F_DEAD) && (d->n[j].chars * 2 > d->n[root].chars || (h1 >= 0 && wn_is_ancestor(d, j, h1))))
            box = j;
    if (box < 0) return;
    for (int j = box; j < d->n[box].end; j++) {
        wn_node_t *nj = &d->n[j];
        if (nj->flags & WN_F_SPARED) nj->flags &= ~(unsigned)(WN_F_DROP | WN_F_DEAD | WN_F_SPARED);
        else if (unvisited_hidden(pg, j)) nj->flags |= WN_F_DROP;
        int p = nj->parent;
        if (nj->flags & WN_F_DROP) nj->flags |= WN_F_DEAD;
        else if (j > box && p >= 0 && (d->n[p].flags & WN_F_DEAD)) nj->flags |= WN_F_DEAD;
        else nj->flags &= ~(unsigned)WN_F_DEAD;
    }
    if (wn_on(pg, WN_PASS_PRODUCT_OTHERS)) {
        for (int j = box; j < d->n[box].end; j++)
            if (!(d->n[j].flags & WN_F_TEXT)) d->n[j].chars = d->n[j].link_chars = 0;
        reweigh(d, box);
        drop_others(pg, box, h1);
    }
    out->roots[0] = box;
    out->n_roots = 1;
    out->none = 0;
    wn_decide(pg, box, WN_PASS_PRODUCT);
}

/* Offset past the end of probe q[0..ql) in s[0..n) at i, blanks of s
 * counting as one blank of q; 0 if it does not match there. */
static size_t match_at(const char *s, size_t n, size_t i, const char *q, size_t ql) {
    size_t k = 0;
    while (k < ql && i < n) {
        if (q[k] == ' ') {
            if (s[i] != ' ' && s[i] != '\n' && s[i] != '\t' && s[i] != '\r') return 0;
            while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r')) i++;
            k++;
            continue;
        }
        if (s[i] != q[k]) return 0;
        i++, k++;
    }
    return k == ql ? i : 0;
}

static int find_ws(const char *s, size_t n, const char *q, size_t ql) {
    for (const char *p = s; p < s + n; p++) {
        p = memchr(p, q[0], (size_t)(s + n - p));
        if (!p) return 0;
        if (match_at(s, n, (size_t)(p - s), q, ql)) return 1;
    }
    return 0;
}

/* How many of up to 8 probes of 4 words each, spread over the blank-
 * collapsed description `desc`, the text s[0..n) holds (its blanks
 * counting as one), or with s NULL the page's text nodes outside
 * scripts and styles (hidden ones included); *probes gets how many were
 * tried. */
static int probes_found(const wn_dom_t *d, const char *s, size_t n, const char *desc, int *probes) {
    const char *w[512];
    int nw = 0, found = 0;
    *probes = 0;
    for (const char *p = desc; *p && nw < 512;) {
        while (*p == ' ') p++;
        if (*p) w[nw++] = p;
        while (*p && *p != ' ') p++;
    }
    for (int k = 0, last = -1; k < 8 && nw >= 4; k++) {
        int at = (int)((long)k * (nw - 4) / 7);
        if (at == last) continue;
        last = at;
        const char *e = w[at + 3];
        while (*e && *e != ' ') e++;
        size_t l = (size_t)(e - w[at]);
        (*probes)++;
        if (s) {
            found += find_ws(s, n, w[at], l);
            continue;
        }
        for (int j = 0; j < d->count; j++) {
            const wn_node_t *nj = &d->n[j];
            if (!(nj->flags & WN_F_TEXT) || !nj->text || nj->text_len < l) continue;
            int pt = nj->parent >= 0 ? d->n[nj->parent].tag : -1;
            if (pt == GUMBO_TAG_SCRIPT || pt == GUMBO_TAG_STYLE || pt == GUMBO_TAG_TEMPLATE) continue;
            if (find_ws(nj->text, nj->text_len, w[at], l)) {
                found++;
                break;
            }
        }
    }
    return found;
}

/* The product's JSON-LD description (product-ld): a product page whose
 * text lacks the description its JSON-LD Product gives (product_ld_chars
 * or longer, markup left out), while the page shows it (in a drawer, a
 * dialog, a box the extraction left out; a description only in the
 * JSON-LD is not the page's), gets it as a last paragraph. Half of the
 * probes of 4 words (probes_found) decide each. */
wn_status wn_product_ld(const wn_page_t *pg, wn_buf_t *text) {
    const char *desc = pg->meta.product_desc;
    if (!desc || !wn_on(pg, WN_PASS_PRODUCT) || !wn_on(pg, WN_PASS_PRODUCT_LD)) return WN_OK;
    size_t dl = strlen(desc), k = 0;
    if (dl < pg->tune->product_ld_chars || text->len + dl + 2 > text->max) return WN_OK;
    char *clean = wn_arena_alloc(pg->a, dl + 1);
    if (!clean) return WN_OK;
    for (const char *p = desc; *p; p++) {
        if (*p == '<' && (p[1] == '/' || (p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z'))) {
            const char *q = strchr(p, '>');
            if (q) {
                p = q;
                if (k > 0 && clean[k - 1] != ' ') clean[k++] = ' ';
                continue;
            }
        }
        if (*p != ' ' || (k > 0 && clean[k - 1] != ' ')) clean[k++] = *p;
    }
    while (k > 0 && clean[k - 1] == ' ') k--;
    clean[k] = '\0';
    if (k < pg->tune->product_ld_chars) return WN_OK;
    int probes, in_text = probes_found(pg->d, text->data ? text->data : "", text->len, clean, &probes);
    if (probes == 0 || in_text * 2 >= probes || probes_found(pg->d, NULL, 0, clean, &probes) * 2 < probes) return WN_OK;
    wn_status st = text->len > 0 ? wn_buf_add(text, "\n\n", 2) : WN_OK;
    return st == WN_OK ? wn_buf_add(text, clean, k) : st;
}
