/* residual.c -- the residual passes: boilerplate left inside the chosen
 * content (docs/extraction.md section 3).
 *
 * wn_pass_residual runs them over the chosen subtrees: what precedes the
 * title heading (before-title), deks between the title and the first
 * paragraph (deks), then every block against the block rules of
 * block_rules[] (link lists, link lines, bylines, symbols, credits, site
 * lines, standfirsts, captions; the first that decides wins), then labels
 * whose section was pruned (orphan-labels) and the blocks at the article's
 * edges (edges). The tuning moves the link-density thresholds; the recall
 * tuning switches captions, orphan labels and edges off.
 */
#include <string.h>
#include <strings.h>

#include "extract/lines.h"
#include "extract/page.h"

static int is_heading(int t) { return wn_tag_is(t, WN_TAG_HEADING); }

/* Nonzero if node j has a <header> ancestor below root r. */
static int in_header(const wn_dom_t *d, int r, int j) {
    for (int p = d->n[j].parent; p > r; p = d->n[p].parent)
        if (d->n[p].tag == GUMBO_TAG_HEADER) return 1;
    return 0;
}

static int is_img_only(const wn_dom_t *d, int i) {
    const wn_node_t *n = &d->n[i];
    if (n->tag == GUMBO_TAG_IMG) return 1;
    if (n->chars > 0) return 0;
    for (int j = i + 1; j < n->end; j++)
        if (d->n[j].tag == GUMBO_TAG_IMG) return 1;
    return 0;
}

/* A list whose items say something besides their links ("<a>A guide to
 * X</a>, with <a>live demos</a> of the common mistakes."): a reading list
 * in the article, not navigation. Items average 15+ characters of plain text. */
static int annotated_list(const wn_dom_t *d, int i) {
    const wn_node_t *n = &d->n[i];
    if (n->tag != GUMBO_TAG_UL && n->tag != GUMBO_TAG_OL) return 0;
    int items = 0;
    for (int j = i + 1; j < n->end; j = d->n[j].end)
        if (d->n[j].tag == GUMBO_TAG_LI) items++;
    return items > 0 && (n->chars - n->link_chars) >= (uint32_t)items * 15;
}

/* A caption: a short block sharing a wrapper with nothing but an image. */
static int is_caption(const wn_dom_t *d, int i) {
    const wn_node_t *n = &d->n[i];
    if (n->chars == 0 || n->chars > 200 || n->parent < 0 || n->paras > (n->tag == GUMBO_TAG_P ? 1u : 0u)) return 0;
    for (int j = i + 1; j < n->end; j++)
        if (d->n[j].tag == GUMBO_TAG_P || d->n[j].tag == GUMBO_TAG_DIV) return 0;
    /* Stops at the first sibling that is neither the image nor pruned: on a
     * page of 50,000 sibling paragraphs a full scan per block is quadratic. */
    int p = n->parent, img = 0;
    for (int j = p + 1; j < d->n[p].end; j = d->n[j].end) {
        const wn_node_t *c = &d->n[j];
        if (j == i) continue;
        if (c->flags & WN_F_TEXT) {
            if (c->chars > 0) return 0;
            continue;
        }
        if (c->flags & WN_F_DROP) continue;
        if (is_img_only(d, j) && j < i) {
            if (++img > 1) return 0;
        } else {
            return 0;
        }
    }
    return img == 1;
}

/* Nonzero if the next sibling of node j with text (or an element) is a
 * <p> with text. */
static int next_is_para(const wn_dom_t *d, int j) {
    int p = d->n[j].parent;
    if (p < 0) return 0;
    for (int s = d->n[j].end; s < d->n[p].end; s = d->n[s].end) {
        const wn_node_t *sn = &d->n[s];
        if (sn->flags & WN_F_TEXT) {
            if (sn->chars == 0) continue;
            return 0;
        }
        if (sn->flags & WN_F_DROP) continue;
        return sn->tag == GUMBO_TAG_P && sn->chars > 0;
    }
    return 0;
}

/* Nonzero if paragraph j stands apart from the body: no later sibling is
 * a paragraph, and a later sibling holds two or more. A summary above the
 * story's container is a standfirst; a first paragraph that the site also
 * copied into the description has the rest of the story beside it. */
static int outside_body(const wn_dom_t *d, int j) {
    int p = d->n[j].parent;
    if (p < 0 || d->n[j].tag != GUMBO_TAG_P) return 0;
    int body = 0;
    for (int s = d->n[j].end, k = 0; s < d->n[p].end && k < 64; s = d->n[s].end, k++) {
        const wn_node_t *sn = &d->n[s];
        if ((sn->flags & (WN_F_TEXT | WN_F_DROP)) || sn->chars == 0) continue;
        if (sn->tag == GUMBO_TAG_P) return 0;
        if (sn->paras >= 2) body = 1;
    }
    return body;
}

/* Characters of the links in subtree i whose text is an address: a URL
 * ("https://...", "www.example.org/x") or an e-mail address. */
static uint32_t address_link_chars(const wn_dom_t *d, int i) {
    char t[256];
    uint32_t sum = 0;
    for (int j = i + 1; j < d->n[i].end; j++) {
        const wn_node_t *a = &d->n[j];
        if (a->tag != GUMBO_TAG_A || (a->flags & WN_F_DROP)) continue;
        size_t l = wn_dom_text(d, j, 1, t, sizeof t);
        while (l && t[l - 1] == ' ') l--;
        size_t b = 0;
        while (b < l && t[b] == ' ') b++;
        if (l - b < 6 || memchr(t + b, ' ', l - b)) {
            j = a->end - 1;
            continue;
        }
        if (memmem(t + b, l - b, "://", 3) || !strncasecmp(t + b, "www.", 4) || memchr(t + b, '@', l - b))
            sum += a->chars;
        j = a->end - 1;
    }
    return sum;
}

/* Nonzero if node j (inside root r) or one of its ancestors below r is pruned. */
static int dropped_within(const wn_dom_t *d, int r, int j) {
    for (int p = j; p >= r && p >= 0; p = d->n[p].parent)
        if (d->n[p].flags & WN_F_DROP) return 1;
    return 0;
}

/* ---- the title and what surrounds it ---- */

/* The article's title heading in the chosen subtrees: the first <h1> (or
 * role=heading aria-level=1) not pruned of the first root that has one
 * like the page's title; else -1. An ARIA heading that is the title is metadata: pruned. */
static int title_heading(wn_page_t *pg) {
    wn_dom_t *d = pg->d;
    char buf[512];
    for (int k = 0; k < pg->ch.n_roots; k++) {
        int r = pg->ch.roots[k];
        for (int j = r; j < d->n[r].end; j++) {
            wn_node_t *n = &d->n[j];
            if (n->flags & WN_F_DROP) {
                j = n->end - 1;
                continue;
            }
            if (n->flags & WN_F_TEXT) continue;
            const char *role = wn_dom_attr(d, j, "role");
            const char *lvl = wn_dom_attr(d, j, "aria-level");
            int aria_h1 = role && !strcasecmp(role, "heading") && lvl && !strcmp(lvl, "1");
            if (n->tag != GUMBO_TAG_H1 && !aria_h1) continue;
            wn_dom_text(d, j, 1, buf, sizeof buf);
            if (!wn_like_title(buf, pg->meta.title)) break; /* not the title: look in the next root */
            if (aria_h1) wn_drop(pg, j, WN_F_DROP, WN_PASS_BEFORE_TITLE);
            return j;
        }
    }
    return -1;
}

/* Everything before the title heading h1 in root r: kickers, breadcrumbs,
 * labels ("Member-only story"). */
static void before_title(wn_page_t *pg, int r, int h1) {
    wn_dom_t *d = pg->d;
    for (int j = r + 1; j < h1;) {
        if (j < h1 && h1 < d->n[j].end) {
            j++; /* an ancestor of the title */
            continue;
        }
        if (!(d->n[j].flags & WN_F_TEXT) || d->n[j].chars) wn_drop(pg, j, WN_F_DROP, WN_PASS_BEFORE_TITLE);
        j = d->n[j].end;
    }
}

/* Between the title h1 and the first paragraph of root r: a dek, a byline
 * box, a disclosure -- blocks that are not paragraphs. Unnamed blocks of
 * 40+ characters there are the dev truth's lead as often as a dek: only
 * named deks, bylines and short lines go (the unnamed-leads guard). */
static void deks(wn_page_t *pg, int r, int h1) {
    wn_dom_t *d = pg->d;
    char buf[512];
    for (int j = d->n[h1].end; j < d->n[r].end; j++) {
        wn_node_t *n = &d->n[j];
        if (n->flags & WN_F_TEXT) continue;
        if (n->flags & WN_F_DROP) {
            j = n->end - 1;
            continue;
        }
        if (pg->own[j] == 0) continue;
        int t = n->tag;
        if (t == GUMBO_TAG_P || t == GUMBO_TAG_LI || t == GUMBO_TAG_PRE || t == GUMBO_TAG_BLOCKQUOTE ||
            t == GUMBO_TAG_TD || t == GUMBO_TAG_TH || pg->own[j] >= 150 || n->chars >= 300)
            break;
        /* a short heading over the first paragraph opens the body
         * ("Description" on a product page); a dek is a sentence, followed
         * by a byline */
        if (is_heading(t) && n->chars < 50 && next_is_para(d, j)) break;
        int named = 0;
        for (int q = j, lv = 0; q >= 0 && lv < 2 && !named; q = d->n[q].parent, lv++)
            for (int w = 0; wn_lex_dek[w] && !named; w++)
                if (wn_dom_has_token(d, q, wn_lex_dek[w])) named = 1;
        size_t bl = wn_dom_text(d, j, 1, buf, sizeof buf);
        if (!named && n->chars >= 40 && wn_on(pg, WN_PASS_UNNAMED_LEADS) &&
            !wn_line_byline(buf, bl, wn_on(pg, WN_PASS_DATED_LABELS))) {
            j = n->end - 1;
            continue;
        }
        wn_drop(pg, j, WN_F_DROP, WN_PASS_DEKS);
        j = n->end - 1;
    }
}

/* ---- the block rules ---- */

/* What the block rules know of the block being decided. */
typedef struct block_ctx {
    wn_page_t *pg;
    int r, j, t;
    wn_node_t *n;
    double ld;
    const char *buf; /* its text, once len >= 0 */
    size_t len;
    int has_text;
} block_ctx_t;

/* Related-story lists inside the article container. */
static int rule_link_lists(block_ctx_t *x) {
    int t = x->t;
    return (t == GUMBO_TAG_UL || t == GUMBO_TAG_OL || t == GUMBO_TAG_DIV || t == GUMBO_TAG_SECTION ||
            t == GUMBO_TAG_TABLE || t == GUMBO_TAG_DL) &&
           x->n->chars > 0 && x->ld > x->pg->tune->link_list_density &&
           x->n->para_chars < x->pg->tune->link_list_para && !annotated_list(x->pg->d, x->j);
}

/* "Read more: <link>" lines, link-only teasers inside the article (a link
 * that spells out an address -- a URL, an e-mail -- is written for the
 * reader to see: text, the address-links guard) */
static int rule_link_lines(block_ctx_t *x) {
    const wn_node_t *n = x->n;
    double max = x->pg->tune->link_line_density;
    return (x->t == GUMBO_TAG_P || x->t == GUMBO_TAG_DIV) && n->chars > 0 && n->chars < x->pg->tune->link_line_chars &&
           x->ld > max &&
           (!wn_on(x->pg, WN_PASS_ADDRESS_LINKS) ||
            (double)(n->link_chars - address_link_chars(x->pg->d, x->j)) / n->chars > max);
}

/* A menu: a short block of four or more links of a few words each and
 * nothing else ("Home Living Fashion Beauty Shop"). An item's linked
 * title is one link in its block. */
static int rule_menu_lines(block_ctx_t *x) {
    const wn_node_t *n = x->n;
    const wn_tuning_t *tu = x->pg->tune;
    if (n->chars == 0 || n->chars >= tu->menu_chars || n->link_chars * 10 < n->chars * 9) return 0;
    const wn_dom_t *d = x->pg->d;
    unsigned links = 0;
    for (int j = x->j + 1; j < n->end; j++)
        if (d->n[j].tag == GUMBO_TAG_A && d->n[j].chars > 0) {
            links++;
            j = d->n[j].end - 1;
        }
    return links >= tu->menu_links && n->chars < links * tu->menu_link_chars;
}

/* The rules below read the block's text: short blocks of these tags. */
static int text_block(const block_ctx_t *x) {
    int t = x->t;
    return (t == GUMBO_TAG_P || t == GUMBO_TAG_DIV || t == GUMBO_TAG_ADDRESS || t == GUMBO_TAG_TIME ||
            t == GUMBO_TAG_SMALL || t == GUMBO_TAG_SPAN || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3) &&
           x->n->chars > 0 && x->n->chars < x->pg->tune->text_block_chars;
}

static int rule_bylines(block_ctx_t *x) {
    return x->has_text && x->t != GUMBO_TAG_SPAN && wn_line_byline(x->buf, x->len, wn_on(x->pg, WN_PASS_DATED_LABELS));
}

static int rule_symbols(block_ctx_t *x) {
    return x->has_text && x->t != GUMBO_TAG_SPAN && (wn_line_symbols(x->buf, x->len) || wn_line_count(x->buf, x->len));
}

/* a caption outside <figcaption>, a credit */
static int rule_credits(block_ctx_t *x) {
    return x->has_text && x->t != GUMBO_TAG_SPAN && wn_line_credit(x->buf, x->len, x->pg->lex->credit_marks);
}

/* a prompt to comment or subscribe, a legal line */
static int rule_site_lines(block_ctx_t *x) {
    return x->has_text && x->t != GUMBO_TAG_SPAN && x->len < 160 &&
           wn_line_about_site(x->buf, x->pg->lex->site_words) && wn_line_words(x->buf, x->len) <= 14;
}

/* a standfirst named excerpt/summary, in the article's header (unnamed
 * ones: the dev truth keeps them, 5 snippets) */
static int rule_desc_standfirst(block_ctx_t *x) {
    const wn_dom_t *d = x->pg->d;
    const char *desc = x->pg->meta.description;
    return x->has_text && desc && x->len >= 30 && x->t != GUMBO_TAG_SPAN && wn_same_text(x->buf, desc) &&
           ((in_header(d, x->r, x->j) && (wn_dom_has_token(d, x->j, "excerpt") || wn_dom_has_token(d, x->j, "summary"))) ||
            (outside_body(d, x->j) && wn_dom_has_token(d, x->j, "summary")));
}

static int rule_captions(block_ctx_t *x) {
    return x->has_text && x->t != GUMBO_TAG_H2 && x->t != GUMBO_TAG_H3 && is_caption(x->pg->d, x->j);
}

static const struct {
    int id;
    int (*fn)(block_ctx_t *x);
} block_rules[] = {
    {WN_PASS_LINK_LISTS, rule_link_lists},   {WN_PASS_LINK_LINES, rule_link_lines},
    {WN_PASS_MENU_LINES, rule_menu_lines},
    {WN_PASS_BYLINES, rule_bylines},         {WN_PASS_SYMBOLS, rule_symbols},
    {WN_PASS_CREDITS, rule_credits},         {WN_PASS_SITE_LINES, rule_site_lines},
    {WN_PASS_DESC_STANDFIRST, rule_desc_standfirst}, {WN_PASS_CAPTIONS, rule_captions},
};

static void block_pass(wn_page_t *pg, int r) {
    wn_dom_t *d = pg->d;
    char buf[512];
    block_ctx_t x;
    memset(&x, 0, sizeof x);
    x.pg = pg;
    x.r = r;
    x.buf = buf;
    for (int j = r + 1; j < d->n[r].end; j++) {
        wn_node_t *n = &d->n[j];
        if (n->flags & WN_F_TEXT) continue;
        if (n->flags & WN_F_DROP) {
            j = n->end - 1;
            continue;
        }
        x.j = j;
        x.t = n->tag;
        x.n = n;
        x.ld = wn_link_density(n);
        x.has_text = 0;
        for (size_t k = 0; k < sizeof block_rules / sizeof block_rules[0]; k++) {
            if (k == 3) { /* the text rules (after the three above): read the text once */
                if (!text_block(&x)) break;
                x.len = wn_dom_text(d, j, 1, buf, sizeof buf);
                x.has_text = 1;
            }
            if (!wn_on(pg, block_rules[k].id) || !block_rules[k].fn(&x)) continue;
            wn_drop(pg, j, WN_F_DROP, block_rules[k].id);
            j = n->end - 1;
            break;
        }
    }
}

/* ---- labels and edges ---- */

/* Nonzero if block b is a label: a heading, a line ending in ':' or '?',
 * or a line that is all <strong>/<b>. */
static int is_label(const wn_dom_t *d, int b, const char *txt, size_t l) {
    if (is_heading(d->n[b].tag)) return 1;
    if (l && (txt[l - 1] == ':' || txt[l - 1] == '?')) return 1;
    int strong = 0, plain = 0;
    for (int j = b + 1; j < d->n[b].end; j++) {
        const wn_node_t *n = &d->n[j];
        if (!(n->flags & WN_F_TEXT) || n->chars == 0) continue;
        int in_b = 0;
        for (int p = n->parent; p > b; p = d->n[p].parent)
            if (d->n[p].tag == GUMBO_TAG_STRONG || d->n[p].tag == GUMBO_TAG_B) in_b = 1;
        if (in_b) strong = 1;
        else plain = 1;
    }
    return strong && !plain;
}

/* The sibling after label j that decides it: -1 when a live sibling
 * follows (the label stays), else the short line of links right after it
 * that goes with it (label-links), or -2 when every following sibling was
 * pruned, -3 when nothing follows at all. */
static int label_follower(const wn_page_t *pg, int j) {
    const wn_dom_t *d = pg->d;
    const wn_node_t *n = &d->n[j];
    int p = n->parent, following = 0;
    for (int s = n->end; p >= 0 && s < d->n[p].end; s = d->n[s].end) {
        const wn_node_t *sn = &d->n[s];
        if ((sn->flags & WN_F_TEXT) && sn->chars == 0) continue;
        following++;
        if (!(sn->flags & WN_F_DROP) && sn->chars > 0) {
            /* "Schon gelesen?" <a>...</a>: both go */
            if (!(sn->flags & WN_F_TEXT) && sn->chars < 300 && sn->link_chars * 10 > sn->chars * 8 &&
                wn_on(pg, WN_PASS_LABEL_LINKS))
                return s;
            return -1; /* stop here: a full scan per block is quadratic */
        }
    }
    return following ? -2 : -3;
}

/* A label whose following siblings were all pruned introduced what was
 * pruned: "Mehr zum Thema:" before a related-links list, "Auch interessant"
 * before teasers. (A label with no following sibling at all is left: it may
 * be the article's last line.) */
static void orphan_labels(wn_page_t *pg) {
    wn_dom_t *d = pg->d;
    char buf[256];
    for (int k = 0; k < pg->ch.n_roots; k++) {
        int r = pg->ch.roots[k];
        for (int j = r + 1; j < d->n[r].end; j++) {
            wn_node_t *n = &d->n[j];
            if (n->flags & WN_F_TEXT) continue;
            if (n->flags & WN_F_DROP) {
                j = n->end - 1;
                continue;
            }
            int t = n->tag;
            if (!(t == GUMBO_TAG_P || t == GUMBO_TAG_DIV || is_heading(t)) || n->chars == 0 || n->chars > 80)
                continue;
            int f = label_follower(pg, j);
            if (f == -1 || f == -3) continue;
            size_t l = wn_dom_text(d, j, 1, buf, sizeof buf);
            if (!is_label(d, j, buf, l)) continue;
            if (f >= 0) wn_drop(pg, f, WN_F_DROP, WN_PASS_LABEL_LINKS);
            wn_drop(pg, j, WN_F_DROP, WN_PASS_ORPHAN_LABELS);
            j = n->end - 1;
        }
    }
}

/* What the edge rules know of the article. */
typedef struct edge_ctx {
    char site[64], host[64]; /* og:site_name; the canonical host's main label ("example") */
    size_t sl, hl;
    uint32_t total; /* characters of the chosen content */
} edge_ctx_t;

/* A trailing "<br><a>Source link</a>": the last text of the article is a
 * short link set off by a line break. */
static void source_link(wn_page_t *pg, const edge_ctx_t *e) {
    const wn_dom_t *d = pg->d;
    int r = pg->ch.roots[pg->ch.n_roots - 1], last = -1;
    for (int j = d->n[r].end - 1; j > r; j--)
        if ((d->n[j].flags & WN_F_TEXT) && d->n[j].chars > 0 && !dropped_within(d, r, j)) {
            last = j;
            break;
        }
    int a = last >= 0 ? d->n[last].parent : -1;
    if (a > r && d->n[a].tag == GUMBO_TAG_A && d->n[a].chars < 40 && e->total >= pg->tune->edge_article_chars) {
        int prev = -1;
        for (int j = d->n[a].parent + 1; j < a; j = d->n[j].end)
            if (!(d->n[j].flags & WN_F_TEXT) || d->n[j].chars > 0) prev = j;
        if (prev >= 0 && d->n[prev].tag == GUMBO_TAG_BR) wn_drop(pg, a, WN_F_DROP, WN_PASS_SOURCE_LINK);
    }
}

/* The pass that drops block j at the edge `side` (0 first, 1 last), with
 * text buf[0..l), or -1 when it is article text. *site_seen: a site line
 * went; after one, only site lines and bylines go. */
static int edge_rule(const wn_page_t *pg, const edge_ctx_t *e, int side, int j, const char *buf, size_t l,
                     int *site_seen) {
    const wn_node_t *n = &pg->d->n[j];
    const wn_meta_t *m = &pg->meta;
    int t = n->tag, long_enough = e->total >= pg->tune->edge_article_chars;
    int body = !is_heading(t) && t != GUMBO_TAG_LI && t != GUMBO_TAG_TD && t != GUMBO_TAG_TH && t != GUMBO_TAG_PRE;
    if (wn_on(pg, WN_PASS_EDGE_BYLINES) && wn_line_byline(buf, l, wn_on(pg, WN_PASS_DATED_LABELS)))
        return WN_PASS_EDGE_BYLINES;
    if (wn_line_symbols(buf, l)) return WN_PASS_EDGE_BYLINES;
    if (side == 1 && long_enough && !*site_seen && body) {
        /* (dropping fully emphasised closing lines cost recall on the dev set) */
        if (n->chars < 40 && wn_on(pg, WN_PASS_SIGNATURES) && !wn_line_ends_sentence(buf, l)) return WN_PASS_SIGNATURES;
        if (n->chars < 60 && buf[l - 1] == '?') return WN_PASS_SIGNATURES; /* "Was this article helpful?" */
    }
    /* a short unpunctuated line opening the article: a kicker, a section
     * label, a name over it (not a salutation: it opens a letter) */
    if (side == 0 && long_enough && body && n->chars < 40 && wn_on(pg, WN_PASS_KICKERS) &&
        !wn_line_ends_sentence(buf, l) && buf[l - 1] != ',')
        return WN_PASS_KICKERS;
    /* a label that ends the article introduces what was pruned after it
     * ("More on this:") */
    if (side == 1 && long_enough && n->chars < 100 && buf[l - 1] == ':' && wn_on(pg, WN_PASS_EDGE_LABELS))
        return WN_PASS_EDGE_LABELS;
    /* the site speaking of itself after the article: "Follow <site> on
     * ...", "<site> is ...", copyright lines -- not the author's bio */
    if (side == 1 && long_enough && n->chars < 300 && !is_heading(t) && wn_on(pg, WN_PASS_SITE_PROMO) &&
        ((e->sl && strcasestr(buf, e->site)) || (e->hl && strcasestr(buf, e->host))) &&
        (n->link_chars > 0 || memchr(buf, '@', l) || strstr(buf, "\xc2\xa9")) &&
        !(m->author && strlen(m->author) >= 4 && strcasestr(buf, m->author))) {
        *site_seen = 1;
        return WN_PASS_SITE_PROMO;
    }
    return -1;
}

/* Walks inwards from one edge of the chosen content (side 0: the start, 1:
 * the end) and drops up to four edge blocks, stopping at the first block
 * that is article text. */
static void edge_walk(wn_page_t *pg, const edge_ctx_t *e, int side) {
    wn_dom_t *d = pg->d;
    const int *roots = pg->ch.roots;
    int n_roots = pg->ch.n_roots;
    char buf[512];
    int seen = 0, site_seen = 0;
    for (int k = side ? n_roots - 1 : 0; side ? k >= 0 : k < n_roots; k += side ? -1 : 1) {
        int r = roots[k];
        int first = r, last = d->n[r].end - 1;
        for (int j = side ? last : first; side ? j >= first : j <= last; j += side ? -1 : 1) {
            wn_node_t *n = &d->n[j];
            if ((n->flags & WN_F_TEXT) || pg->own[j] == 0 || dropped_within(d, r, j)) continue;
            if (n->tag == GUMBO_TAG_H1) continue; /* the title: rendered or not, it is not the edge */
            size_t l = wn_dom_text(d, j, 1, buf, sizeof buf);
            if (l == 0) continue;
            int id = edge_rule(pg, e, side, j, buf, l, &site_seen);
            if (id < 0) return; /* article text: this edge is done */
            wn_drop(pg, j, WN_F_DROP, id);
            if (++seen >= 4) return;
        }
    }
}

/* The blocks at the edges of the article: a byline or credit first or last
 * ("Publié le ... par", "Материал подготовила ...", "【责任编辑：...】"), a
 * signature last ("Mrs J. Whitfield / Headteacher"), a kicker first, a
 * label last, the site's promotion last. A page of one or two blocks has
 * no edges to trim. */
static void edges(wn_page_t *pg) {
    const wn_dom_t *d = pg->d;
    const wn_meta_t *m = &pg->meta;
    const int *roots = pg->ch.roots;
    int n_roots = pg->ch.n_roots;
    edge_ctx_t e;
    memset(&e, 0, sizeof e);
    if (m->site_name) {
        e.sl = strlen(m->site_name);
        if (e.sl >= sizeof e.site || e.sl < 4) e.sl = 0;
        else memcpy(e.site, m->site_name, e.sl + 1);
    }
    if (m->canonical_url) {
        const char *h = strstr(m->canonical_url, "://");
        h = h ? h + 3 : m->canonical_url;
        if (!strncasecmp(h, "www.", 4)) h += 4;
        size_t x = strcspn(h, ".:/");
        if (h[x] == '.' && x >= 4 && x < sizeof e.host) {
            memcpy(e.host, h, x);
            e.host[x] = '\0';
            e.hl = x;
        }
    }
    if (n_roots <= 0) return;
    int blocks = 0;
    for (int k = 0; k < n_roots && blocks < 3; k++)
        for (int j = roots[k]; j < d->n[roots[k]].end && blocks < 3; j++)
            if (!(d->n[j].flags & WN_F_TEXT) && pg->own[j] > 0 && !dropped_within(d, roots[k], j)) blocks++;
    if (blocks < 3) return;
    for (int k = 0; k < n_roots; k++) e.total += d->n[roots[k]].chars;
    if (wn_on(pg, WN_PASS_SOURCE_LINK)) source_link(pg, &e);
    edge_walk(pg, &e, 0);
    edge_walk(pg, &e, 1);
}

/* Removes the chosen subtrees that the residual rules pruned whole (a
 * sibling that was only a dateline). */
static void drop_pruned_roots(wn_page_t *pg) {
    wn_choice_t *out = &pg->ch;
    int k = 0;
    for (int i = 0; i < out->n_roots; i++)
        if (!(pg->d->n[out->roots[i]].flags & WN_F_DROP)) out->roots[k++] = out->roots[i];
    out->n_roots = k;
}

void wn_pass_residual(wn_page_t *pg) {
    const wn_dom_t *d = pg->d;
    int h1 = title_heading(pg);
    for (int k = 0; k < pg->ch.n_roots; k++) {
        int r = pg->ch.roots[k];
        if (h1 >= 0 && r < h1 && h1 < d->n[r].end && wn_on(pg, WN_PASS_BEFORE_TITLE)) before_title(pg, r, h1);
        if (h1 >= 0 && r <= h1 && h1 < d->n[r].end && wn_on(pg, WN_PASS_DEKS)) deks(pg, r, h1);
        block_pass(pg, r);
    }
    if (wn_on(pg, WN_PASS_ORPHAN_LABELS)) orphan_labels(pg);
    if (wn_on(pg, WN_PASS_EDGES)) edges(pg);
    drop_pruned_roots(pg);
}

/* The block rules a page's main part keeps after the sections pass took
 * it: on a landing page or an index, runs of links and short lines are
 * its content (the items, the features), so only the lines about the site
 * itself go (site-lines: "Subscribe to our newsletter", "Comment") and the
 * header block repeating the description (desc-standfirst). */
static const int after_sections[] = {WN_PASS_MENU_LINES, WN_PASS_SITE_LINES, WN_PASS_DESC_STANDFIRST};

void wn_pass_sections_lines(wn_page_t *pg) {
    wn_passset_t keep = pg->off, on = {{0, 0}};
    for (size_t k = 0; k < sizeof after_sections / sizeof after_sections[0]; k++)
        if (wn_on(pg, after_sections[k])) wn_passset_add(&on, after_sections[k]);
    for (size_t k = 0; k < sizeof block_rules / sizeof block_rules[0]; k++)
        if (!wn_passset_has(&on, block_rules[k].id)) wn_passset_add(&pg->off, block_rules[k].id);
    for (int k = 0; k < pg->ch.n_roots; k++) block_pass(pg, pg->ch.roots[k]);
    pg->off = keep;
    drop_pruned_roots(pg);
}

/* ---- repeats ---- */

/* Nonzero if element b is a leaf block: a block (in rendering) none of
 * whose descendants is one. */
static int leaf_block(const wn_dom_t *d, int b) {
    if (!wn_tag_is(d->n[b].tag, WN_TAG_BLOCK)) return 0;
    for (int j = b + 1; j < d->n[b].end; j++)
        if (!(d->n[j].flags & WN_F_TEXT) && wn_tag_is(d->n[j].tag, WN_TAG_BLOCK)) return 0;
    return 1;
}

/* FNV-1a of s[0..n), folded to 64 bits with the length. */
static uint64_t text_hash(const char *s, size_t n, uint32_t chars) {
    uint64_t h = 1469598103934665603ull ^ chars;
    for (size_t k = 0; k < n; k++) h = (h ^ (unsigned char)s[k]) * 1099511628211ull;
    return h ? h : 1;
}

/* A block whose text a block before it in the chosen content already
 * said, word for word: the same hero, card or notice rendered once per
 * screen size, all but one hidden by a style sheet the page does not
 * carry. Leaf blocks of repeats_chars characters or more, outside
 * tables, <pre> and quotes; the first stays. */
void wn_pass_repeats(wn_page_t *pg) {
    wn_dom_t *d = pg->d;
    size_t cap = 64;
    while (cap < (size_t)d->count * 2 && cap < ((size_t)1 << 20)) cap <<= 1;
    uint64_t *seen = wn_arena_alloc(pg->a, cap * sizeof *seen);
    if (!seen) return;
    memset(seen, 0, cap * sizeof *seen);
    size_t used = 0;
    char buf[512];
    for (int k = 0; k < pg->ch.n_roots; k++) {
        int r = pg->ch.roots[k];
        for (int j = r; j < d->n[r].end; j++) {
            wn_node_t *n = &d->n[j];
            if (n->flags & WN_F_TEXT) continue;
            if ((n->flags & (WN_F_DROP | WN_F_DEAD)) || n->tag == GUMBO_TAG_TABLE || n->tag == GUMBO_TAG_PRE ||
                n->tag == GUMBO_TAG_BLOCKQUOTE) {
                j = n->end - 1; /* (a table's cells, code and a reply's quote repeat by right) */
                continue;
            }
            if (n->chars < pg->tune->repeats_chars || !leaf_block(d, j)) continue;
            size_t l = wn_dom_text(d, j, 1, buf, sizeof buf);
            uint64_t h = text_hash(buf, l, n->chars);
            size_t at = (size_t)h & (cap - 1);
            while (seen[at] && seen[at] != h) at = (at + 1) & (cap - 1);
            if (seen[at]) {
                wn_drop(pg, j, WN_F_DROP, WN_PASS_REPEATS);
                j = n->end - 1;
                continue;
            }
            if (used * 2 >= cap) continue; /* full: no more firsts */
            seen[at] = h;
            used++;
        }
    }
    drop_pruned_roots(pg);
}
