/* explain.c -- the explanation of one extraction (winnow/explain.h): every
 * block of the page, in page order, with what became of it and the pass
 * that decided it, read from the page context of a watched extraction.
 *
 * A block is a run of text nodes with the same nearest block element
 * (pg->blk, as scoring counts a block's own text) and the same fate. A text
 * node's fate is read off the tree the way the renderer walks it:
 *  - inside a chosen subtree with no pruned element between it and that
 *    subtree's root: kept (post, inside a post of a thread); the root's
 *    "decided by" is the pass;
 *  - below a pruned element (the outermost one, below the chosen root if
 *    any): that element's pass; chrome when a pruning pass (section 1 of
 *    docs/extraction.md) took it, comment inside a comment section, else
 *    dropped;
 *  - elsewhere: dropped, outside the chosen content; the pass that chose
 *    the main container (or judged the page to have none) decided it.
 * A kept heading the renderer leaves out (the page's title, a heading
 * nothing follows) is dropped by "render:title" / "render:orphan-heading".
 *
 * Built only when the caller asks (wn_options_t.explain); everything here
 * runs after the extraction, from per-node arrays in the page's arena.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/page.h"
#include "extract/pagetype.h"
#include "extract/posts.h"
#include "winnow/explain.h"

#define ELEMENT_PART 80                    /* bytes of an id or class kept in tag#id.class */
#define MAX_TEXT_TOTAL ((size_t)32 << 20) /* block text kept per page, all blocks together */
#define MAX_HEADING_CHECKS 2000           /* kept headings looked for in the text */

const char *wn_block_state_name(wn_block_state_t s) {
    static const char *const names[] = {"kept", "dropped", "chrome", "comment", "post"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : NULL;
}

void wn_explain_free(wn_explain_t *e) {
    if (!e) return;
    for (size_t k = 0; k < e->n_blocks; k++) {
        free(e->blocks[k].element);
        free(e->blocks[k].text);
        free(e->blocks[k].decider_element);
        free(e->blocks[k].words);
    }
    free(e->blocks);
    for (size_t k = 0; k < e->n_containers; k++) free(e->containers[k].element);
    free(e->containers);
    free(e->signals);
    free(e->passes_off);
    for (int k = 0; k < WN_EXPLAIN_FIELDS; k++) free(e->fields[k].value);
    free(e);
}

static const char *tag_name(int tag) {
    if (tag < 0) return "#text";
    const char *n = gumbo_normalized_tagname((GumboTag)tag);
    return n && *n ? n : "unknown";
}

/* Appends s (at most max bytes, blanks as one space) to out[*k..cap). */
static void put_part(char *out, size_t *k, size_t cap, char lead, const char *s, size_t max) {
    if (*k + 2 >= cap) return;
    out[(*k)++] = lead;
    size_t n = 0;
    int sp = 0;
    for (; *s && n < max && *k + 1 < cap; s++, n++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            sp = 1;
            continue;
        }
        if (sp && lead == '.') out[(*k)++] = '.';
        sp = 0;
        if (*k + 1 < cap) out[(*k)++] = *s;
    }
    out[*k] = '\0';
}

/* Element i as "tag#id.class1.class2" (malloc'd; NULL on failure or i < 0). */
static char *element_desc(const wn_dom_t *d, int i) {
    if (i < 0) return NULL;
    char b[3 * ELEMENT_PART + 40];
    size_t k = 0;
    const char *t = tag_name(d->n[i].tag);
    size_t tl = strlen(t);
    const GumboNode *g = d->n[i].g;
    if (d->n[i].tag == GUMBO_TAG_UNKNOWN && g && g->type == GUMBO_NODE_ELEMENT) {
        /* a custom element ("<shreddit-post>"): its name as written */
        GumboStringPiece p = g->v.element.original_tag;
        gumbo_tag_from_original_text(&p);
        if (p.data && p.length > 0 && p.length <= ELEMENT_PART) {
            t = p.data;
            tl = p.length;
        }
    }
    memcpy(b, t, tl);
    k = tl;
    b[k] = '\0';
    for (size_t q = 0; q < k; q++)
        if (b[q] >= 'A' && b[q] <= 'Z') b[q] = (char)(b[q] + 32);
    const char *id = wn_dom_attr(d, i, "id"), *cl = wn_dom_attr(d, i, "class");
    if (id && *id) put_part(b, &k, sizeof b, '#', id, ELEMENT_PART);
    if (cl) {
        while (*cl == ' ' || *cl == '\t' || *cl == '\n') cl++;
        if (*cl) put_part(b, &k, sizeof b, '.', cl, ELEMENT_PART);
    }
    return strdup(b);
}

/* A growing block text: blanks collapsed, cut at WN_EXPLAIN_TEXT_MAX. */
typedef struct text_acc {
    char *s;
    size_t len, cap;
    int space; /* a blank is pending */
    int cut;
    int oom;
} text_acc_t;

static void acc_add(text_acc_t *t, const char *s, size_t n) {
    for (size_t i = 0; i < n && !t->cut && !t->oom; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            t->space = t->len > 0;
            continue;
        }
        /* no-break space (U+00A0) counts as a blank, as the renderer has it */
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            t->space = t->len > 0;
            i++;
            continue;
        }
        size_t need = t->len + 2 + (size_t)t->space;
        if (need > WN_EXPLAIN_TEXT_MAX) {
            /* cut on a character boundary */
            while (t->len > 0 && ((unsigned char)t->s[t->len - 1] & 0xC0) == 0x80) t->len--;
            if (t->len > 0 && (unsigned char)t->s[t->len - 1] >= 0xC0) t->len--;
            t->s[t->len] = '\0';
            t->cut = 1;
            return;
        }
        if (need > t->cap) {
            size_t nc = t->cap ? t->cap * 2 : 128;
            while (nc < need) nc *= 2;
            char *ns = realloc(t->s, nc);
            if (!ns) {
                t->oom = 1;
                return;
            }
            t->s = ns;
            t->cap = nc;
        }
        if (t->space) t->s[t->len++] = ' ';
        t->space = 0;
        t->s[t->len++] = (char)c;
        t->s[t->len] = '\0';
    }
}

/* What the walk knows of each node (arena arrays, d->count entries). */
typedef struct walk {
    const wn_page_t *pg;
    int *rootof; /* index in ch.roots of the chosen subtree holding the node, or -1 */
    int *cut;    /* the outermost pruned element on its path (below its chosen root), or -1 */
    int *postof; /* index in ch.posts of the post box holding it, or -1 */
    uint8_t *comm;     /* inside a comment section */
    uint32_t *raw;     /* text weight of the subtree, pruned or not */
    uint32_t *raw_link; /* ... of which in links */
} walk_t;

static int alloc_walk(walk_t *w, const wn_page_t *pg) {
    size_t n = (size_t)pg->d->count;
    memset(w, 0, sizeof *w);
    w->pg = pg;
    w->rootof = wn_arena_alloc(pg->a, n * sizeof *w->rootof);
    w->cut = wn_arena_alloc(pg->a, n * sizeof *w->cut);
    w->postof = wn_arena_alloc(pg->a, n * sizeof *w->postof);
    w->comm = wn_arena_calloc(pg->a, n);
    w->raw = wn_arena_calloc(pg->a, n * sizeof *w->raw);
    w->raw_link = wn_arena_calloc(pg->a, n * sizeof *w->raw_link);
    return w->rootof && w->cut && w->postof && w->comm && w->raw && w->raw_link;
}

/* One forward sweep (parents come before children) and one backward. */
static void sweep(walk_t *w) {
    const wn_page_t *pg = w->pg;
    const wn_dom_t *d = pg->d;
    int cnt = d->count;
    for (int i = 0; i < cnt; i++) w->rootof[i] = w->postof[i] = -1;
    /* the chosen roots and the post boxes mark themselves first */
    for (int k = 0; k < pg->ch.n_roots; k++) w->rootof[pg->ch.roots[k]] = k;
    for (int k = 0; k < pg->ch.n_posts; k++)
        if (pg->ch.posts[k].post >= 0 && pg->ch.posts[k].post < cnt) w->postof[pg->ch.posts[k].post] = k;
    for (int i = 0; i < cnt; i++) {
        const wn_node_t *n = &d->n[i];
        int p = n->parent;
        int is_root = w->rootof[i] >= 0;
        if (!is_root && p >= 0) w->rootof[i] = w->rootof[p];
        if (w->postof[i] < 0 && p >= 0) w->postof[i] = w->postof[p];
        w->comm[i] = (uint8_t)((p >= 0 && w->comm[p]) || (n->flags & WN_F_COMMENTS));
        if (is_root) {
            w->cut[i] = -1; /* the renderer renders a chosen root whatever its flags */
        } else if (p >= 0 && w->cut[p] >= 0) {
            w->cut[i] = w->cut[p];
        } else {
            int skipped = !(n->flags & WN_F_TEXT) && wn_tag_is(n->tag, WN_TAG_SKIP);
            w->cut[i] = (n->flags & WN_F_DROP) || skipped ? i : -1;
        }
    }
    for (int i = cnt - 1; i >= 0; i--) {
        const wn_node_t *n = &d->n[i];
        if (n->flags & WN_F_TEXT) {
            w->raw[i] = n->tw;
            if (n->flags & WN_F_LINK) w->raw_link[i] = n->tw;
        }
        if (n->parent >= 0) {
            w->raw[n->parent] += w->raw[i];
            w->raw_link[n->parent] += w->raw_link[i];
        }
    }
}

/* The pass that decided node i, or NULL when none is recorded. */
static const char *decided_by(const wn_page_t *pg, int i) {
    if (i < 0 || !pg->decided || !pg->decided[i]) return NULL;
    return wn_pass_name((unsigned)pg->decided[i] - 1);
}

/* The fate of one text node. */
typedef struct fate {
    wn_block_state_t state;
    const char *pass, *why;
    int decider, container, post;
} fate_t;

static fate_t fate_of(const walk_t *w, int i, int main_root, const char *main_pass, const char *none_pass) {
    const wn_page_t *pg = w->pg;
    const wn_dom_t *d = pg->d;
    fate_t f = {WN_BLOCK_DROPPED, NULL, NULL, -1, w->rootof[i], -1};
    int c = w->cut[i];
    /* what the renderer wrote (pg->rendered), else what it would walk into */
    int written = pg->rendered ? pg->rendered[i] : f.container >= 0 && c < 0;
    if (written && f.container >= 0) {
        int r = pg->ch.roots[f.container];
        f.decider = r;
        f.pass = decided_by(pg, r);
        f.post = w->postof[i];
        f.state = f.post >= 0 ? WN_BLOCK_POST : WN_BLOCK_KEPT;
        f.why = c >= 0   ? "pruned, but the renderer keeps what is inside code and data-table cells"
                : f.post >= 0 ? "in a post of the thread"
                              : "in the chosen content";
        return f;
    }
    if (f.container >= 0 && c < 0) {
        /* in the chosen content, below nothing pruned, and not written */
        f.decider = pg->ch.roots[f.container];
        int table = 0;
        for (int p = d->n[i].parent; p >= 0 && p != f.decider && !table; p = d->n[p].parent)
            table = d->n[p].tag == GUMBO_TAG_TABLE;
        f.pass = table && !pg->opt->tables ? "render:no-tables" : "render:skipped";
        f.why = table && !pg->opt->tables ? "a data table, and tables are off" : "a part the renderer does not write";
        return f;
    }
    if (c >= 0) {
        f.decider = c;
        f.pass = decided_by(pg, c);
        int id = pg->decided && pg->decided[c] ? pg->decided[c] - 1 : -1;
        if (!f.pass && !(pg->d->n[c].flags & WN_F_DROP)) { /* a tag never rendered */
            f.pass = "render:skipped-tag";
            f.why = "a tag the renderer never shows";
        } else if (w->comm[c]) {
            f.state = WN_BLOCK_COMMENT;
            f.why = "in a comment section";
        } else if (id >= 0 && id < WN_PASS_SCORE) {
            f.state = WN_BLOCK_CHROME;
            f.why = "pruned as page chrome";
        } else {
            f.why = f.container >= 0 ? "removed from the chosen content" : "pruned";
        }
        return f;
    }
    f.container = -1;
    if (main_root >= 0) {
        f.decider = main_root;
        f.pass = main_pass;
        f.why = "outside the chosen content";
    } else {
        f.pass = none_pass;
        f.why = "the page has no main content";
    }
    return f;
}

static int same_fate(const fate_t *a, const fate_t *b) {
    return a->state == b->state && a->decider == b->decider && a->container == b->container && a->post == b->post &&
           (a->pass == b->pass || (a->pass && b->pass && !strcmp(a->pass, b->pass)));
}

/* Nonzero if the blank-collapsed line `s` is a line of the text. */
static int line_in_text(const char *text, const char *s) {
    size_t sl = strlen(s);
    if (!text || !sl) return 0;
    for (const char *p = text; (p = strstr(p, s)) != NULL; p++) {
        const char *e = p + sl;
        /* the line may carry a Markdown heading's #s or a list prefix */
        int start = p == text || p[-1] == '\n' || p[-1] == ' ';
        int end = !*e || *e == '\n';
        if (start && end) return 1;
    }
    return 0;
}

/* Nonzero if heading text h is the title or a form of it (the renderer
 * leaves such a heading out: metadata, not text). */
static int title_like(const char *h, const char *title) {
    if (!title || !*title || !h || !*h) return 0;
    size_t hl = strlen(h), tl = strlen(title);
    if (!strcasecmp(h, title)) return 1;
    if (hl >= 10 && tl >= hl && strcasestr(title, h) && hl * 2 >= tl) return 1;
    if (tl >= 10 && hl >= tl && strcasestr(h, title) && tl * 2 >= hl) return 1;
    return 0;
}

/* Builder state. */
typedef struct build {
    const wn_page_t *pg;
    wn_explain_t *e;
    size_t cap;
    size_t text_total;
    int oom;
    /* the decider whose words were looked up last */
    int words_of;
    char words[512];
} build_t;

static wn_explain_block_t *new_block(build_t *b) {
    wn_explain_t *e = b->e;
    if (e->n_blocks == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 64;
        wn_explain_block_t *nb = realloc(e->blocks, nc * sizeof *nb);
        if (!nb) {
            b->oom = 1;
            return NULL;
        }
        e->blocks = nb;
        b->cap = nc;
    }
    wn_explain_block_t *bl = &e->blocks[e->n_blocks++];
    memset(bl, 0, sizeof *bl);
    return bl;
}

/* Records a block: a run of text of element `blk` with fate f, its text t
 * (taken: stored or freed) and its text weight. */
static void emit(build_t *b, const walk_t *w, int blk, const fate_t *f, text_acc_t *t, uint32_t chars,
                 uint32_t link_chars) {
    const wn_page_t *pg = b->pg;
    const wn_dom_t *d = pg->d;
    wn_explain_t *e = b->e;
    if (t->len == 0) { /* nothing visible */
        free(t->s);
        return;
    }
    if (e->n_blocks >= WN_EXPLAIN_MAX_BLOCKS || b->text_total + t->len > MAX_TEXT_TOTAL) {
        e->blocks_omitted++;
        free(t->s);
        return;
    }
    wn_explain_block_t *bl = new_block(b);
    if (!bl) {
        free(t->s);
        return;
    }
    b->text_total += t->len;
    bl->node = blk;
    bl->tag = tag_name(d->n[blk].tag);
    bl->element = element_desc(d, blk);
    bl->text = t->s;
    bl->text_cut = t->cut;
    bl->state = f->state;
    bl->pass = f->pass ? f->pass : "unrecorded";
    bl->why = f->why;
    bl->decider = f->decider;
    bl->decider_element = element_desc(d, f->decider);
    bl->container = f->container;
    bl->post = f->post;
    bl->chars = chars;
    bl->link_chars = link_chars;
    bl->score = d->n[blk].score;
    if (f->decider >= 0) {
        int c = f->decider;
        uint32_t page = w->raw[pg->root] ? w->raw[pg->root] : 1;
        bl->decider_chars = w->raw[c];
        bl->decider_links = w->raw[c] ? (double)w->raw_link[c] / w->raw[c] : 0.0;
        bl->decider_score = d->n[c].score;
        bl->decider_share = (double)w->raw[c] / page;
        if (b->words_of != c) {
            wn_classify_words(d, c, pg->lex, b->words, sizeof b->words);
            b->words_of = c;
        }
        if (b->words[0]) {
            bl->words = strdup(b->words);
            if (!bl->words) b->oom = 1;
        }
    }
    if (!bl->element || (f->decider >= 0 && !bl->decider_element)) b->oom = 1;
    e->count[bl->state]++;
}

/* The blocks: one walk over the text of <body>. */
static void blocks(build_t *b, const walk_t *w, int main_root, const char *main_pass, const char *none_pass) {
    const wn_page_t *pg = b->pg;
    const wn_dom_t *d = pg->d;
    int root = pg->root;
    int cur = -1; /* the block element of the run, -1: none open */
    fate_t cf = {WN_BLOCK_KEPT, NULL, NULL, -1, -1, -1};
    text_acc_t t;
    memset(&t, 0, sizeof t);
    uint32_t chars = 0, links = 0;
    int brk = 0; /* a <br> or a block element since the last text: the renderer breaks the line */
    for (int i = root; i < d->n[root].end && !b->oom; i++) {
        const wn_node_t *n = &d->n[i];
        if (!(n->flags & WN_F_TEXT)) {
            if (n->tag == GUMBO_TAG_BR || wn_tag_is(n->tag, WN_TAG_BLOCK)) brk = 1;
            continue;
        }
        int blank = 1;
        for (size_t k = 0; k < n->text_len && blank; k++) {
            unsigned char c = (unsigned char)n->text[k];
            blank = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
        }
        if (blank) {
            if (cur >= 0) acc_add(&t, " ", 1);
            continue;
        }
        int blk = pg->blk[i] >= 0 ? pg->blk[i] : root;
        fate_t f = fate_of(w, i, main_root, main_pass, none_pass);
        if (cur >= 0 && (blk != cur || !same_fate(&f, &cf))) {
            emit(b, w, cur, &cf, &t, chars, links);
            memset(&t, 0, sizeof t);
            chars = links = 0;
            cur = -1;
        }
        if (cur < 0) {
            cur = blk;
            cf = f;
        } else if (brk) {
            acc_add(&t, " ", 1);
        }
        brk = 0;
        acc_add(&t, n->text, n->text_len);
        if (t.oom) b->oom = 1;
        chars += n->tw;
        if (n->flags & WN_F_LINK) links += n->tw;
    }
    if (cur >= 0 && !b->oom) emit(b, w, cur, &cf, &t, chars, links);
    else free(t.s);
}

/* Kept headings the renderer leaves out: the title, or a heading no text
 * follows. */
static void rendered_headings(build_t *b, const wn_doc_t *doc) {
    wn_explain_t *e = b->e;
    int checks = 0;
    if (doc->text_from_description) return; /* the text is the description: nothing to compare */
    if (b->pg->opt->format == WN_FORMAT_MARKDOWN) return; /* escapes: the lines differ from the blocks */
    for (size_t k = 0; k < e->n_blocks && checks < MAX_HEADING_CHECKS; k++) {
        wn_explain_block_t *bl = &e->blocks[k];
        if (bl->state != WN_BLOCK_KEPT && bl->state != WN_BLOCK_POST) continue;
        if (!wn_tag_is(b->pg->d->n[bl->node].tag, WN_TAG_HEADING)) continue;
        checks++;
        if (line_in_text(doc->text, bl->text)) continue;
        e->count[bl->state]--;
        bl->state = WN_BLOCK_DROPPED;
        e->count[bl->state]++;
        if (title_like(bl->text, doc->title)) {
            bl->pass = "render:title";
            bl->why = "the page's title: metadata, not text";
        } else {
            bl->pass = "render:orphan-heading";
            bl->why = "a heading no kept text follows";
        }
    }
}

static void page_type(build_t *b, const wn_doc_t *doc) {
    const wn_page_t *pg = b->pg;
    wn_explain_t *e = b->e;
    e->page_type = doc->page_type;
    e->page_type_forced = pg->opt->page_type > WN_PAGE_AUTO && pg->opt->page_type < WN_PAGE_TYPES;
    e->classified = pg->pt ? pg->pt->type : doc->page_type;
    e->profile = pg->profile ? pg->profile->name : NULL;
    e->tuning = pg->tune ? pg->tune->name : NULL;
    if (!pg->pt) return;
    for (int t = 0; t < WN_PAGE_TYPES; t++) e->type_score[t] = pg->pt->score[t];
    size_t n = 0;
    for (unsigned k = 0; k < 64; k++)
        if (pg->pt->fired & ((uint64_t)1 << k)) n++;
    if (!n) return;
    e->signals = calloc(n, sizeof *e->signals);
    if (!e->signals) {
        b->oom = 1;
        return;
    }
    wn_page_type_t ty;
    int wt;
    for (unsigned k = 0; k < 64; k++) {
        const char *name = wn_pagetype_evidence(k, &ty, &wt);
        if (!name) break;
        if (!(pg->pt->fired & ((uint64_t)1 << k))) continue;
        e->signals[e->n_signals++] = (wn_explain_signal_t){name, ty, wt};
    }
}

static void fields(build_t *b, const wn_doc_t *doc) {
    const wn_meta_from_t *f = b->pg->from;
    static const wn_meta_from_t none;
    if (!f) f = &none;
    const char *names[WN_EXPLAIN_FIELDS] = {"title", "author", "date", "site_name", "lang", "description",
                                            "canonical_url"};
    const char *vals[WN_EXPLAIN_FIELDS] = {doc->title, doc->author, doc->date, doc->site_name, doc->lang,
                                           doc->description, doc->canonical_url};
    const char *srcs[WN_EXPLAIN_FIELDS] = {f->title, f->author, f->date, f->site_name, f->lang, f->description,
                                           f->canonical_url};
    for (int k = 0; k < WN_EXPLAIN_FIELDS; k++) {
        wn_explain_field_t *x = &b->e->fields[k];
        x->name = names[k];
        x->source = vals[k] ? srcs[k] : NULL;
        if (vals[k]) {
            x->value = strdup(vals[k]);
            if (!x->value) b->oom = 1;
        }
    }
}

wn_status wn_explain_build(const wn_page_t *pg, wn_doc_t *doc) {
    const wn_dom_t *d = pg->d;
    build_t b;
    memset(&b, 0, sizeof b);
    b.pg = pg;
    b.words_of = -1;
    b.e = calloc(1, sizeof *b.e);
    if (!b.e) return WN_ENOMEM;
    wn_explain_t *e = b.e;
    doc->explain = e;
    walk_t w;
    if (!alloc_walk(&w, pg)) return WN_ENOMEM;
    sweep(&w);
    page_type(&b, doc);
    /* the passes that did not run */
    e->passes_off = calloc(WN_PASS_COUNT, sizeof *e->passes_off);
    if (!e->passes_off) return WN_ENOMEM;
    for (int k = 0; k < WN_PASS_COUNT; k++)
        if (!wn_on(pg, k)) e->passes_off[e->n_passes_off++] = wn_pass_name((unsigned)k);
    /* the choice */
    static const char *const paths[] = {"main", "forum", "tiny", "none"};
    e->path = pg->ch.n_roots == 0 ? "none" : pg->ch.n_posts > 0 ? "posts" : paths[pg->path];
    e->none_pass = pg->ch.n_roots == 0 && pg->none_by ? wn_pass_name((unsigned)pg->none_by - 1) : NULL;
    int main_root = -1;
    if (pg->ch.n_roots > 0) {
        e->containers = calloc((size_t)pg->ch.n_roots, sizeof *e->containers);
        if (!e->containers) return WN_ENOMEM;
    }
    for (int k = 0; k < pg->ch.n_roots; k++) {
        int r = pg->ch.roots[k];
        wn_explain_container_t *c = &e->containers[e->n_containers++];
        c->node = r;
        c->element = element_desc(d, r);
        if (!c->element) return WN_ENOMEM;
        c->pass = decided_by(pg, r);
        if (!c->pass) c->pass = "unrecorded";
        c->chars = d->n[r].chars;
        c->links = wn_link_density(&d->n[r]);
        c->score = d->n[r].score;
        if (main_root < 0 || d->n[r].chars > d->n[main_root].chars) main_root = r;
    }
    const char *main_pass = main_root >= 0 ? decided_by(pg, main_root) : NULL;
    const char *none_pass = e->none_pass ? e->none_pass : "score";
    blocks(&b, &w, main_root, main_pass, none_pass);
    if (!b.oom) rendered_headings(&b, doc);
    if (!b.oom) fields(&b, doc);
    return b.oom ? WN_ENOMEM : WN_OK;
}
