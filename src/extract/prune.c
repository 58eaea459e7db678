/* prune.c -- the pruning passes: what is never the article, decided on the
 * whole page before scoring.
 *
 * wn_pass_prepare marks the never-visible tags and measures each subtree's
 * text before anything is pruned (the guards below compare against it).
 * wn_pass_prune then walks the elements in document order; for each one
 * the node rules of node_rules[] are tried in order, the first that
 * decides prunes the element and its subtree. After it: the password
 * fields that make a login wall (login-wall), forum threads (forum), and
 * the own text of every block, which scoring reads (wn_pass_own_text).
 * docs/extraction.md section 1 has one row per rule.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/page.h"

static int is_heading(int t) { return wn_tag_is(t, WN_TAG_HEADING); }

/* Recomputes the subtree aggregates (chars, link chars, commas, paragraphs)
 * over the nodes not pruned. One backwards sweep: children follow their
 * parents. */
static void aggregate(wn_dom_t *d) {
    for (int i = 0; i < d->count; i++) {
        wn_node_t *n = &d->n[i];
        n->chars = n->link_chars = n->commas = n->paras = n->para_chars = 0;
    }
    for (int i = d->count - 1; i >= 0; i--) {
        wn_node_t *n = &d->n[i];
        if (n->flags & WN_F_TEXT) {
            n->chars = n->tw; /* wn_text_weight, measured by wn_dom_build */
            n->commas = n->tc;
            if (n->flags & WN_F_LINK) n->link_chars = n->chars;
        } else if (n->tag == GUMBO_TAG_P || n->tag == GUMBO_TAG_PRE) {
            if (n->chars > 0) {
                n->paras++;
                n->para_chars += n->chars - n->link_chars;
            }
        }
        if (n->parent >= 0 && !(n->flags & WN_F_DROP)) {
            wn_node_t *p = &d->n[n->parent];
            p->chars += n->chars;
            p->link_chars += n->link_chars;
            p->commas += n->commas;
            p->paras += n->paras;
            p->para_chars += n->para_chars;
        }
    }
}

void wn_pass_prepare(wn_page_t *pg) {
    wn_dom_t *d = pg->d;
    int cnt = d->count;
    /* inherited flags: links, pre */
    for (int i = 0; i < cnt; i++) {
        wn_node_t *n = &d->n[i];
        unsigned inh = n->parent >= 0 ? d->n[n->parent].flags & (WN_F_LINK | WN_F_PRE) : 0;
        n->flags |= inh;
        if (n->tag == GUMBO_TAG_A) {
            const char *href = wn_dom_attr(d, i, "href");
            if (href && strncasecmp(href, "javascript:", 11)) n->flags |= WN_F_LINK;
        }
        if (n->tag == GUMBO_TAG_PRE) n->flags |= WN_F_PRE;
    }
    /* never-visible tags go first: their text (scripts, styles) does not
     * count in the raw text that guards the vocabulary rules */
    for (int i = 0; i < cnt; i++) {
        if ((d->n[i].flags & WN_F_TEXT) || !wn_tag_is(d->n[i].tag, WN_TAG_DROP)) continue;
        wn_drop(pg, i, WN_F_DROP | WN_F_DEAD, WN_PASS_HIDDEN);
        if (d->n[i].tag == GUMBO_TAG_INPUT) {
            const char *ty = wn_dom_attr(d, i, "type");
            if (ty && !strcasecmp(ty, "password") && pg->n_pw < 8) pg->pw[pg->n_pw++] = i;
            if (ty && !strcasecmp(ty, "hidden")) continue;
            /* mark the ancestors: a small box around an input field is a
             * newsletter or search widget */
            for (int p = d->n[i].parent, k = 0; p >= 0 && k < 64; p = d->n[p].parent, k++)
                d->n[p].flags |= WN_F_INPUT;
        }
    }
    aggregate(d);
    for (int i = 0; i < cnt; i++) pg->raw[i] = d->n[i].chars;
    pg->total = pg->raw[pg->root] ? pg->raw[pg->root] : 1;
}

/* ---- the node rules ---- */

/* What the rules know of the element being decided. */
typedef struct node_ctx {
    wn_page_t *pg;
    const wn_tuning_t *T;
    int i, t;
    wn_node_t *n;
    double share;     /* its raw text over the page's */
    double raw_ld;    /* its link density before pruning */
    const char *role; /* its role attribute, or NULL */
    wn_cls_t c;       /* its class words, once have_c */
    int have_c;
} node_ctx_t;

static const wn_cls_t *cls(node_ctx_t *x) {
    if (!x->have_c) {
        x->c = wn_classify(x->pg->d, x->i, x->pg->lex);
        x->have_c = 1;
    }
    return &x->c;
}

/* Nonzero if the subtree holds prose: `paras` paragraphs of `chars`
 * characters with fewer links than `ld`. */
static int holds_prose(const wn_node_t *n, uint32_t paras, uint32_t chars, double ld) {
    return n->paras >= paras && n->para_chars >= chars && wn_link_density(n) < ld;
}

/* Inside a listing's items (pg->spare_from .. spare_to), what the
 * vocabulary, form, input-box, comment and header rules prune is marked:
 * the items pass brings it back (the article's path reads the page as
 * before). */
static unsigned spared(const node_ctx_t *x) {
    return x->i >= x->pg->spare_from && x->i < x->pg->spare_to ? (unsigned)WN_F_SPARED : 0u;
}

/* Nonzero if element i is named for the site's own chrome (lexicon.c:
 * navigation, menus, footers, cookie notices, share bars, search, login):
 * what an item's or a section's spared box never is. */
static int site_chrome(const wn_dom_t *d, int i) {
    for (int k = 0; wn_lex_site_chrome[k]; k++)
        if (wn_dom_has_token(d, i, wn_lex_site_chrome[k])) return 1;
    return 0;
}

/* Each rule returns the flags to set on the element (it is pruned), or 0. */

/* (on a product page a hidden panel of text -- a tab, an accordion, a
 * drawer holding the description or the specifications -- is only marked:
 * the product pass brings it back when it lies in the product's box; so
 * on a service page, or a listing without items, whose FAQ answers and
 * feature tabs the sections pass brings back: sections-hidden) */
static unsigned rule_hidden(node_ctx_t *x) {
    if (wn_tag_is(x->t, WN_TAG_DROP)) return WN_F_DROP | WN_F_DEAD;
    if (!wn_is_hidden(x->pg->d, x->i)) return 0;
    wn_page_t *pg = x->pg;
    /* (a documentation page's tabs -- one panel per language or platform,
     * all but the first shipped hidden -- are all its content: docs-tabs) */
    if (x->role && !strcasecmp(x->role, "tabpanel") && wn_on(pg, WN_PASS_DOCS) && wn_on(pg, WN_PASS_DOCS_TABS))
        return 0;
    int panel = ((wn_on(pg, WN_PASS_PRODUCT) && wn_on(pg, WN_PASS_PRODUCT_HIDDEN) &&
                  pg->raw[x->i] >= x->T->product_hidden && x->raw_ld < x->T->product_hidden_links) ||
                 (wn_on(pg, WN_PASS_SECTIONS) && !pg->items && wn_on(pg, WN_PASS_SECTIONS_HIDDEN) &&
                  pg->raw[x->i] >= x->T->sections_hidden && x->raw_ld < x->T->sections_hidden_links)) &&
                !site_chrome(pg->d, x->i);
    return WN_F_DROP | WN_F_DEAD | (panel ? spared(x) : 0u);
}

static unsigned rule_role(node_ctx_t *x) {
    return (wn_role(x->role) & WN_ROLE_PRUNE) && x->share < x->T->chrome_share ? WN_F_DROP | WN_F_DEAD : 0;
}

/* nav, aside, footer; an <aside> named content that holds the prose is
 * misused markup for the article itself */
static unsigned rule_chrome_tags(node_ctx_t *x) {
    if (!wn_tag_is(x->t, WN_TAG_CHROME) || x->share >= x->T->chrome_share) return 0;
    if (x->t == GUMBO_TAG_ASIDE) {
        const wn_cls_t *c = cls(x);
        if (c->good && !c->boiler && holds_prose(x->n, x->T->prose_paras, x->T->prose_chars, x->T->prose_link_density))
            return 0;
    }
    return WN_F_DROP | WN_F_DEAD;
}

static unsigned rule_input_box(node_ctx_t *x) {
    return (x->n->flags & WN_F_INPUT) && x->pg->raw[x->i] < x->T->input_box_chars && x->t != GUMBO_TAG_ARTICLE &&
                   x->t != GUMBO_TAG_MAIN
               ? WN_F_DROP | WN_F_DEAD | spared(x)
               : 0;
}

/* (a shop's product form holding the description is kept) */
static unsigned rule_form(node_ctx_t *x) {
    return x->t == GUMBO_TAG_FORM && x->share < x->T->chrome_share &&
                   !holds_prose(x->n, x->T->prose_paras, x->T->prose_chars, x->T->prose_link_density)
               ? WN_F_DROP | WN_F_DEAD | spared(x)
               : 0;
}

/* Decides nothing: content class words weigh +25 in the score, chrome and
 * comment words -25; content words, itemprop=articleBody/text and the
 * main/article roles mark the element as content. */
static unsigned rule_class_hints(node_ctx_t *x) {
    const wn_cls_t *c = cls(x);
    const char *ip = wn_dom_attr(x->pg->d, x->i, "itemprop");
    int good = c->good > 0 || (ip && (!strcasecmp(ip, "articleBody") || !strcasecmp(ip, "text"))) ||
               (wn_role(x->role) & WN_ROLE_CONTENT);
    x->n->class_weight = (c->good ? 25 : 0) - (c->boiler || c->comment ? 25 : 0);
    if (good) x->n->flags |= WN_F_GOODHINT;
    return 0;
}

static unsigned rule_comments(node_ctx_t *x) {
    const wn_cls_t *c = cls(x);
    int comment = c->comment;
    const char *ip = wn_dom_attr(x->pg->d, x->i, "itemprop");
    if (ip && (!strcasecmp(ip, "acceptedAnswer") || !strcasecmp(ip, "suggestedAnswer") || !strcasecmp(ip, "comment")))
        comment++; /* Q&A answers are comments (corpus/README) */
    return comment && !c->good && x->share < x->T->chrome_share ? WN_F_DROP | WN_F_DEAD | WN_F_COMMENTS | spared(x)
                                                                 : 0;
}

/* The page header is chrome; an article's header with a lead paragraph
 * (news sites put the standfirst there, in a <p> or not: text that is not
 * links) is kept. */
static unsigned rule_page_header(node_ctx_t *x) {
    const wn_node_t *n = x->n;
    return x->t == GUMBO_TAG_HEADER && x->share < x->T->header_share &&
                   (x->raw_ld > x->T->header_link_density ||
                    (n->para_chars < x->T->header_lead_para && n->chars - n->link_chars < x->T->header_lead_text))
               ? WN_F_DROP | WN_F_DEAD
               : 0;
}

static unsigned rule_hidden_class(node_ctx_t *x) {
    return cls(x)->hidden && x->share < x->T->hidden_share ? WN_F_DROP | WN_F_DEAD : 0;
}

/* Nonzero if inline element i has text on both sides ("a <a
 * class=popup>rather elderly</a> man"): words of the sentence. */
static int inside_sentence(const wn_dom_t *d, int i) {
    const wn_node_t *n = &d->n[i];
    if (!wn_tag_is(n->tag, WN_TAG_INLINE)) return 0;
    int nx = n->end;
    return i > 0 && d->n[i - 1].parent == n->parent && (d->n[i - 1].flags & WN_F_TEXT) && d->n[i - 1].tw >= 2 &&
           nx < d->count && d->n[nx].parent == n->parent && (d->n[nx].flags & WN_F_TEXT) && d->n[nx].tw >= 2;
}

/* The class vocabulary, with its guards: a box holding 30% of the page is
 * never pruned by its name; content words protect a box, except a small
 * one ("content__button"); prose guards a box from its name (chrome does
 * not hold three long paragraphs with few links, nor paragraphs when only
 * a part of a name matched: "PageWideBannerPlaceHolder"; a box named only
 * for its form -- "links", "widget" -- with paragraphs and no links is
 * prose); a picture gallery holding 30%+ of the page loses the guards when
 * much prose lies outside it; a lead named teaser is no teaser. */
static unsigned rule_boilerplate(node_ctx_t *x) {
    wn_page_t *pg = x->pg;
    const wn_tuning_t *T = x->T;
    const wn_node_t *n = x->n;
    wn_cls_t c = *cls(x);
    if (c.teaser && x->raw_ld < T->teaser_link_density && wn_on(pg, WN_PASS_TEASER_LEAD)) c.boiler -= c.teaser;
    if (!c.boiler) return 0;
    int media_out = c.media && !c.good && x->share >= T->media_share && wn_on(pg, WN_PASS_BIG_GALLERY) &&
                    pg->d->n[pg->root].para_chars >= n->para_chars + T->media_outside;
    int prose = x->raw_ld < T->prose_link_density && wn_on(pg, WN_PASS_PROSE_GUARD) &&
                ((c.boiler == c.sub && n->paras >= T->prose_paras && n->para_chars >= T->prose_chars) ||
                 (n->paras >= T->long_paras && n->para_chars >= T->long_chars &&
                  n->para_chars >= n->paras * T->long_avg) ||
                 (c.boiler - c.sub == c.weak && !c.hidden && !media_out && x->raw_ld < T->form_link_density &&
                  n->paras >= T->prose_paras && n->para_chars >= T->prose_chars &&
                  n->para_chars >= n->paras * T->form_avg && wn_on(pg, WN_PASS_FORM_WORDS)));
    int in_text = wn_on(pg, WN_PASS_INLINE_WORDS) && inside_sentence(pg->d, x->i);
    int small = pg->raw[x->i] < T->small_content && wn_on(pg, WN_PASS_SMALL_CONTENT);
    return !in_text && (!c.good || small) && (x->share < T->boiler_share || media_out) && !is_heading(x->t) &&
                   x->t != GUMBO_TAG_ARTICLE && x->t != GUMBO_TAG_MAIN && !prose
               ? WN_F_DROP | WN_F_DEAD | (c.hidden || site_chrome(pg->d, x->i) ? 0u : spared(x))
               : 0;
}

/* "¶", "#": a link of symbols only */
static unsigned rule_heading_anchors(node_ctx_t *x) {
    if (x->t != GUMBO_TAG_A || x->pg->raw[x->i] > 2) return 0;
    char sym[16];
    size_t l = wn_dom_text(x->pg->d, x->i, 0, sym, sizeof sym);
    for (size_t k = 0; k < l; k++)
        if (isalnum((unsigned char)sym[k])) return 0;
    return l ? WN_F_DROP | WN_F_DEAD : 0;
}

/* "govuk-table__header" is a table's head row: table parts are exempt */
static unsigned rule_header_class(node_ctx_t *x) {
    const wn_cls_t *c = cls(x);
    return c->header && !wn_tag_is(x->t, WN_TAG_TABLE) && !c->good && x->share < x->T->header_class_share &&
                   !is_heading(x->t) && (x->raw_ld > x->T->header_class_links || x->n->chars < x->T->header_class_chars)
               ? WN_F_DROP | WN_F_DEAD | spared(x)
               : 0;
}

static const struct {
    int id;
    unsigned (*fn)(node_ctx_t *x);
} node_rules[] = {
    {WN_PASS_HIDDEN, rule_hidden},
    {WN_PASS_ROLE, rule_role},
    {WN_PASS_CHROME_TAGS, rule_chrome_tags},
    {WN_PASS_INPUT_BOX, rule_input_box},
    {WN_PASS_FORM, rule_form},
    {WN_PASS_CLASS_HINTS, rule_class_hints},
    {WN_PASS_COMMENTS, rule_comments},
    {WN_PASS_PAGE_HEADER, rule_page_header},
    {WN_PASS_HIDDEN_CLASS, rule_hidden_class},
    {WN_PASS_BOILERPLATE, rule_boilerplate},
    {WN_PASS_HEADING_ANCHORS, rule_heading_anchors},
    {WN_PASS_HEADER_CLASS, rule_header_class},
};

void wn_pass_prune(wn_page_t *pg) {
    wn_dom_t *d = pg->d;
    node_ctx_t x;
    memset(&x, 0, sizeof x);
    x.pg = pg;
    x.T = pg->tune;
    for (int i = 0; i < d->count; i++) {
        wn_node_t *n = &d->n[i];
        if (n->flags & WN_F_TEXT) {
            if (n->parent >= 0 && (d->n[n->parent].flags & WN_F_DEAD)) n->flags |= WN_F_DEAD;
            continue;
        }
        if (n->flags & WN_F_DROP) continue;
        if (n->parent >= 0 && (d->n[n->parent].flags & WN_F_DEAD)) {
            n->flags |= WN_F_DEAD; /* inside a pruned subtree: nothing to decide */
            continue;
        }
        int t = n->tag;
        if (t == GUMBO_TAG_HTML || t == GUMBO_TAG_BODY) continue;
        x.i = i;
        x.t = t;
        x.n = n;
        x.share = (double)pg->raw[i] / pg->total;
        x.raw_ld = wn_link_density(n); /* before pruning: aggregates are still raw */
        x.role = wn_dom_attr(d, i, "role");
        x.have_c = 0;
        for (size_t k = 0; k < sizeof node_rules / sizeof node_rules[0]; k++) {
            if (!wn_on(pg, node_rules[k].id)) continue;
            unsigned f = node_rules[k].fn(&x);
            if (f) {
                wn_drop(pg, i, f, node_rules[k].id);
                break;
            }
        }
    }
}

/* ---- login walls, forums, comments ---- */

/* A password field in the site's chrome (a header's sign-in dropdown, a
 * login box in a menu) does not make the page a login wall; a wall's form
 * stands in the page's main area. Keeps in pg->pw the fields outside
 * chrome (none when login-wall is off); wn_pass_login_wall (choose.c)
 * judges the page at the end. */
void wn_pass_login_fields(wn_page_t *pg) {
    const wn_dom_t *d = pg->d;
    int walls = 0;
    if (!wn_on(pg, WN_PASS_LOGIN_WALL)) {
        pg->n_pw = 0; /* no page is a login wall */
        return;
    }
    for (int k = 0; k < pg->n_pw; k++) {
        int chrome = 0;
        for (int p = d->n[pg->pw[k]].parent, g = 0; p >= 0 && g < 64 && !chrome; p = d->n[p].parent, g++) {
            int t = d->n[p].tag;
            if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_HTML) break;
            if (t == GUMBO_TAG_HEADER || wn_tag_is(t, WN_TAG_CHROME)) chrome = 1;
            wn_cls_t c = wn_classify(d, p, pg->lex);
            if ((c.boiler && !c.good) || c.hidden) chrome = 1;
        }
        if (!chrome) pg->pw[walls++] = pg->pw[k];
    }
    pg->n_pw = walls;
}

/* Nonzero if subtree i has an element whose class names a forum poster
 * ("username", "postprofile", "user-info"); a blog's "author" is not one.
 * `set`: wn_lex_poster as a case-insensitive wn_substrset_t, or NULL. */
static int has_poster(const wn_dom_t *d, int i, const wn_substrset_t *set) {
    const char *const *subs = wn_lex_poster;
    for (int j = i + 1; j < d->n[i].end && j < i + 400; j++) {
        if (d->n[j].flags & WN_F_TEXT) continue;
        const char *c = wn_dom_attr(d, j, "class");
        if (!c) continue;
        if (set) {
            if (wn_substrset_in(set, subs, c)) return 1;
            continue;
        }
        for (int k = 0; subs[k]; k++)
            if (wn_ci_contains(c, subs[k])) return 1;
    }
    return 0;
}

void wn_prune_comment_meta(wn_page_t *pg, int root) {
    wn_dom_t *d = pg->d;
    if (!wn_on(pg, WN_PASS_COMMENT_META)) return;
    for (int j = root + 1; j < d->n[root].end; j++) {
        wn_node_t *n = &d->n[j];
        if (n->flags & WN_F_TEXT) continue;
        if (n->flags & WN_F_DROP) {
            j = n->end - 1;
            continue;
        }
        int t = n->tag, drop = 0;
        if (t == GUMBO_TAG_TIME || t == GUMBO_TAG_FOOTER || t == GUMBO_TAG_HEADER || is_heading(t) ||
            t == GUMBO_TAG_FORM || t == GUMBO_TAG_CITE || t == GUMBO_TAG_NAV || t == GUMBO_TAG_ASIDE)
            drop = 1;
        const char *cl = wn_dom_attr(d, j, "class");
        const char *id = wn_dom_attr(d, j, "id");
        /* (a whole comment may be named "comment-author-x bypostauthor":
         * names only count on boxes without paragraphs) */
        if (!drop && (cl || id) && n->paras <= (t == GUMBO_TAG_P ? 1u : 0u))
            for (int k = 0; wn_lex_comment_meta[k] && !drop; k++)
                if (wn_dom_has_token(d, j, wn_lex_comment_meta[k])) drop = 1;
        if (!drop && n->chars > 0 && n->chars < 120 && wn_link_density(n) > 0.5) drop = 1;
        if (!drop && t == GUMBO_TAG_A && n->chars < 30) drop = 1;
        if (drop) {
            wn_drop(pg, j, WN_F_DROP, WN_PASS_COMMENT_META);
            j = n->end - 1;
        }
    }
}

/* A forum thread: sibling posts with the same class, each naming its
 * poster. The first is the article, the replies are comments
 * (corpus/README). Sets pg->forum_post. */
void wn_pass_forum(wn_page_t *pg) {
    wn_dom_t *d = pg->d;
    const uint32_t *raw = pg->raw;
    const wn_substrset_t *poster = pg->lex->poster;
    uint32_t min = pg->tune->forum_post_chars;
    for (int p = 0; p < d->count; p++) {
        wn_node_t *pn = &d->n[p];
        if ((pn->flags & (WN_F_TEXT | WN_F_DEAD)) || pn->end - p < 4) continue;
        int first = -1, n_posts = 0;
        for (int j = p + 1; j < pn->end; j = d->n[j].end) {
            wn_node_t *c = &d->n[j];
            if ((c->flags & (WN_F_TEXT | WN_F_DEAD)) || raw[j] < min) continue;
            if (!wn_dom_has_token(d, j, "post") || !has_poster(d, j, poster)) continue;
            if (first < 0) first = j;
            n_posts++;
        }
        if (n_posts < 2) continue;
        d->n[first].flags |= WN_F_GOODHINT;
        d->n[first].class_weight += 25;
        wn_prune_comment_meta(pg, first);
        for (int j = p + 1; j < pn->end; j = d->n[j].end) {
            if (j == first || (d->n[j].flags & (WN_F_TEXT | WN_F_DEAD)) || raw[j] < min) continue;
            if (wn_dom_has_token(d, j, "post") && has_poster(d, j, poster))
                wn_drop(pg, j, WN_F_DROP | WN_F_DEAD | WN_F_COMMENTS, WN_PASS_FORUM);
        }
        pg->forum_post = first;
        wn_decide(pg, first, WN_PASS_FORUM);
        return;
    }
}

/* The aggregates again, over what is left, and the own (inline) text of
 * every block: the nearest block ancestor-or-self of each node, and the
 * text weight, link weight and commas of the text nodes whose block it is. */
void wn_pass_own_text(wn_page_t *pg) {
    wn_dom_t *d = pg->d;
    aggregate(d);
    int *blk = pg->blk;
    for (int i = 0; i < d->count; i++) {
        wn_node_t *n = &d->n[i];
        if (n->flags & WN_F_TEXT) {
            blk[i] = n->parent >= 0 ? blk[n->parent] : 0;
            if (n->flags & WN_F_DEAD) continue;
            int b = blk[i];
            if (b >= 0 && !(d->n[b].flags & WN_F_DEAD)) {
                uint32_t w = n->tw;
                pg->own[b] += w;
                if (n->flags & WN_F_LINK) pg->own_link[b] += w;
                pg->own_commas[b] += n->tc;
            }
        } else {
            blk[i] = (wn_tag_is(n->tag, WN_TAG_SBLOCK) || n->parent < 0) ? i : blk[n->parent];
        }
    }
}
