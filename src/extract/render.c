/* render.c -- the chosen subtrees as plain text or Markdown.
 *
 * Output format (the golden tests depend on it): one block per line with a
 * blank line between blocks; headings as plain lines (Markdown: #s); list
 * items "- item" / "1. item"; table rows with cells joined " | "; <pre>
 * verbatim (Markdown: ``` fences); blockquote paragraphs plain (Markdown:
 * "> "); inline whitespace collapsed. The walk is a loop over the flattened
 * tree with an explicit stack of open elements -- no recursion.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/lexicon.h"
#include "html/dom.h"
#include "winnow/buf.h"

#define MAX_OPEN 1024 /* open elements tracked (the DOM is depth-capped anyway) */

typedef struct rstate {
    const wn_dom_t *d;
    const wn_options_t *opt;
    int md;
    wn_buf_t *out;
    wn_buf_t cur;    /* the block being built */
    int cur_space;   /* last byte of cur is a space (or cur empty) */
    const char *prefix; /* block prefix: "- ", "1. ", "# " ... built in pbuf */
    char pbuf[64];
    int quote;       /* blockquote depth */
    int pre;         /* inside <pre> */
    int cell;        /* inside a data-table cell */
    int row_cells;   /* cells in the current row */
    int table_rows;  /* rows emitted in the current data table */
    int row_has_th;
    int list_depth;
    int ol_count[32];
    int ol_is[32];
    int heading;     /* level of the open heading, 0 if none */
    size_t link_start;
    int in_link;
    const char *link_href;
    const char *title;
    int blocks;      /* blocks emitted */
    wn_buf_t pend;   /* a heading held back until text follows it */
    int pend_level;  /* its level, 0 if none */
    int texts;       /* non-heading blocks emitted */
    wn_status st;
} rstate_t;

static int is_ws(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

static void flush(rstate_t *r);

static void add(rstate_t *r, wn_buf_t *b, const char *s, size_t n) {
    if (r->st != WN_OK) return;
    wn_status st = wn_buf_add(b, s, n);
    if (st == WN_ETOOBIG && b->len <= b->max && n > b->max - b->len) {
        /* The text cap: keep the whole characters that fit, and a block
         * larger than the cap goes out cut rather than not at all. */
        size_t k = b->max - b->len;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
        if ((k == 0 || wn_buf_add(b, s, k) == WN_OK) && b == &r->cur) {
            /* No link markup for the cut block: closing the link here
             * would add to cur again, over the cap, and flush again
             * (unbounded recursion; found by fuzz_extract). */
            r->in_link = 0;
            flush(r);
        }
    }
    if (st != WN_OK) r->st = st;
}

/* Appends inline text, collapsing whitespace (outside <pre>). */
static void add_inline(rstate_t *r, const char *s, size_t n) {
    if (r->pre) {
        add(r, &r->cur, s, n);
        r->cur_space = 0;
        return;
    }
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        /* U+00A0 no-break space collapses like a space */
        if (is_ws(c) || (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)) {
            if (!r->cur_space) add(r, &r->cur, " ", 1);
            r->cur_space = 1;
            i += is_ws(c) ? 1 : 2;
            continue;
        }
        size_t j = i;
        while (j < n && !is_ws((unsigned char)s[j]) &&
               !((unsigned char)s[j] == 0xC2 && j + 1 < n && (unsigned char)s[j + 1] == 0xA0))
            j++;
        add(r, &r->cur, s + i, j - i);
        r->cur_space = 0;
        i = j;
    }
}

static int similar_title(const char *a, size_t al, const char *title) {
    if (!title || !*title) return 0;
    size_t tl = strlen(title);
    if (al == 0) return 0;
    if (al == tl && !memcmp(a, title, al)) return 1;
    /* one contains the other and they are of comparable size */
    if (al >= 10 && tl >= al && memmem(title, tl, a, al) && al * 2 >= tl) return 1;
    if (tl >= 10 && al >= tl && memmem(a, al, title, tl) && tl * 2 >= al) return 1;
    return 0;
}

/* Writes the held-back heading, if any, to out. */
static void emit_pending(rstate_t *r) {
    if (!r->pend_level) return;
    if (r->out->len) add(r, r->out, "\n\n", 2);
    add(r, r->out, r->pend.data ? r->pend.data : "", r->pend.len);
    wn_buf_reset(&r->pend);
    r->pend_level = 0;
}

/* Ends the Markdown link opened at r->link_start in the current block:
 * "[text](href)", or nothing when the text is empty. */
static void close_link(rstate_t *r) {
    size_t s = r->link_start + 1;
    int empty = 1;
    for (size_t k = s; k < r->cur.len; k++)
        if (!is_ws((unsigned char)r->cur.data[k])) empty = 0;
    if (empty) {
        r->cur.len = r->link_start;
        if (r->cur.data) r->cur.data[r->cur.len] = '\0';
    } else {
        while (r->cur.len > s && r->cur.data[r->cur.len - 1] == ' ') r->cur.data[--r->cur.len] = '\0';
        add(r, &r->cur, "](", 2);
        add(r, &r->cur, r->link_href, strlen(r->link_href));
        add(r, &r->cur, ")", 1);
        r->cur_space = 0;
    }
}

/* Ends the current block: trims it and appends it to out with its prefix. */
static void flush(rstate_t *r) {
    if (r->st != WN_OK) return;
    /* A block that ends inside <a> (a <p> or <br> within the link) closes
     * the link here and reopens it in the next block, so link_start never
     * points into a block that is gone. */
    if (r->in_link) close_link(r);
    char *s = r->cur.data ? r->cur.data : (char *)"";
    size_t n = r->cur.len;
    size_t a = 0;
    if (!r->pre)
        while (a < n && is_ws((unsigned char)s[a])) a++;
    else
        while (a < n && (s[a] == '\n' || s[a] == '\r')) a++;
    while (n > a && is_ws((unsigned char)s[n - 1])) n--;
    if (n > a) {
        if (r->heading == 1 && r->blocks < 3 && similar_title(s + a, n - a, r->title)) {
            /* the page's own title: metadata, not text */
        } else if (r->heading && r->blocks == 0 && similar_title(s + a, n - a, r->title)) {
        } else if ((r->heading == 2 || r->heading == 3) && r->title && n - a < strlen(r->title) &&
                   similar_title(s + a, n - a, r->title)) {
            /* a shorter form of the title further down: a recipe or product
             * card's name */
        } else {
            /* A heading waits for the text it heads: one that nothing
             * follows headed a section that was pruned ("Related", "Comments
             * (8)"). (Also dropping headings followed by a same-level heading
             * cost text recall on the dev set: FAQ-like pages.) */
            wn_buf_t *dst = r->out;
            if (r->heading) {
                emit_pending(r);
                wn_buf_reset(&r->pend);
                r->pend_level = r->heading;
                dst = &r->pend;
            } else {
                emit_pending(r);
                r->texts++;
            }
            if (dst == r->out && r->out->len) add(r, r->out, "\n\n", 2);
            if (r->md && r->quote) {
                for (int q = 0; q < r->quote; q++) add(r, dst, "> ", 2);
            }
            if (r->md && r->pre) add(r, dst, "```\n", 4);
            if (r->prefix) add(r, dst, r->prefix, strlen(r->prefix));
            add(r, dst, s + a, n - a);
            if (r->md && r->pre) add(r, dst, "\n```", 4);
            r->blocks++;
        }
    }
    wn_buf_reset(&r->cur);
    r->cur_space = 1;
    r->prefix = NULL;
    if (r->in_link) {
        r->link_start = 0;
        add(r, &r->cur, "[", 1);
        r->cur_space = 0;
    }
}

/* Tag properties: lexicon.c's table, shared with pruning and scoring. */
static int is_block_tag(int t) { return wn_tag_is(t, WN_TAG_BLOCK); }
static int skipped_tag(int t) { return wn_tag_is(t, WN_TAG_SKIP); }

/* A table is rendered as rows of cells unless it is a layout table: one that
 * nests tables or holds long blocks of prose in a cell (old sites lay out the
 * whole page with tables). */
static int is_data_table(const wn_dom_t *d, int i) {
    const wn_node_t *t = &d->n[i];
    int rows = 0;
    for (int j = i + 1; j < t->end; j++) {
        const wn_node_t *n = &d->n[j];
        if (n->flags & WN_F_TEXT) continue;
        if (n->tag == GUMBO_TAG_TABLE) return 0;
        if (n->tag == GUMBO_TAG_TR) rows++;
        if ((n->tag == GUMBO_TAG_TD || n->tag == GUMBO_TAG_TH) && n->chars > 400) return 0;
        if (n->tag == GUMBO_TAG_P && n->chars > 250) return 0;
    }
    return rows > 0;
}

static void open_el(rstate_t *r, int i, int *data_table) {
    const wn_dom_t *d = r->d;
    int t = d->n[i].tag;
    if (r->cell) {
        /* inside a data-table cell every block is just a space */
        if (t == GUMBO_TAG_BR || is_block_tag(t)) {
            if (!r->cur_space) add_inline(r, " ", 1);
        }
        if (t == GUMBO_TAG_IMG && r->opt->images) goto img;
        return;
    }
    if (t == GUMBO_TAG_TABLE) {
        *data_table = is_data_table(d, i);
        flush(r);
        if (*data_table) r->table_rows = 0;
        return;
    }
    if (data_table && *data_table && (t == GUMBO_TAG_TR)) {
        flush(r);
        r->row_cells = 0;
        r->row_has_th = 0;
        return;
    }
    if (data_table && *data_table && (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH)) {
        if (r->row_cells) add(r, &r->cur, " | ", 3);
        else if (r->md) add(r, &r->cur, "| ", 2);
        r->row_cells++;
        if (t == GUMBO_TAG_TH) r->row_has_th = 1;
        r->cell = 1;
        r->cur_space = 1;
        return;
    }
    if (t == GUMBO_TAG_A && r->md && r->opt->links) {
        const char *href = wn_dom_attr(d, i, "href");
        if (href && *href && strncmp(href, "javascript:", 11)) {
            r->in_link = 1;
            r->link_href = href;
            r->link_start = r->cur.len;
            add(r, &r->cur, "[", 1);
            r->cur_space = 0;
        }
        return;
    }
    if (t == GUMBO_TAG_IMG) {
        if (!r->opt->images) return;
    img:;
        const char *alt = wn_dom_attr(d, i, "alt");
        if (!alt || !*alt) return;
        if (r->md) {
            const char *src = wn_dom_attr(d, i, "src");
            add_inline(r, " ![", 3);
            add_inline(r, alt, strlen(alt));
            add(r, &r->cur, "](", 2);
            if (src) add(r, &r->cur, src, strlen(src));
            add(r, &r->cur, ") ", 2);
        } else {
            add_inline(r, " [image: ", 9);
            add_inline(r, alt, strlen(alt));
            add_inline(r, "] ", 2);
        }
        return;
    }
    if (!is_block_tag(t)) return;
    flush(r);
    switch (t) {
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
        r->heading = t - GUMBO_TAG_H1 + 1;
        if (r->md) {
            int k = 0;
            for (int h = 0; h < r->heading; h++) r->pbuf[k++] = '#';
            r->pbuf[k++] = ' ';
            r->pbuf[k] = '\0';
            r->prefix = r->pbuf;
        }
        break;
    case GUMBO_TAG_UL: case GUMBO_TAG_OL:
        if (r->list_depth < 31) {
            r->list_depth++;
            r->ol_is[r->list_depth] = t == GUMBO_TAG_OL;
            r->ol_count[r->list_depth] = 0;
        }
        break;
    case GUMBO_TAG_LI: {
        int k = 0;
        int lv = r->list_depth > 0 ? r->list_depth : 1;
        if (r->md)
            for (int l = 1; l < lv && k < 40; l++) {
                r->pbuf[k++] = ' ';
                r->pbuf[k++] = ' ';
            }
        if (r->list_depth > 0 && r->ol_is[r->list_depth]) {
            int c = ++r->ol_count[r->list_depth];
            char num[16];
            int nl = 0;
            char rev[16];
            while (c > 0 && nl < 10) {
                rev[nl++] = (char)('0' + c % 10);
                c /= 10;
            }
            for (int q = 0; q < nl; q++) num[q] = rev[nl - 1 - q];
            memcpy(r->pbuf + k, num, (size_t)nl);
            k += nl;
            r->pbuf[k++] = '.';
            r->pbuf[k++] = ' ';
        } else {
            r->pbuf[k++] = '-';
            r->pbuf[k++] = ' ';
        }
        r->pbuf[k] = '\0';
        r->prefix = r->pbuf;
        break;
    }
    case GUMBO_TAG_BLOCKQUOTE:
        r->quote++;
        break;
    case GUMBO_TAG_PRE:
        r->pre = 1;
        break;
    default:
        break;
    }
}

static void close_el(rstate_t *r, int i, int data_table) {
    const wn_dom_t *d = r->d;
    int t = d->n[i].tag;
    if (r->cell) {
        if (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH) r->cell = 0;
        else return;
        if (r->md) {
            /* a cell's '|' would break the Markdown table */
            for (size_t k = 0; k < r->cur.len; k++)
                if (r->cur.data[k] == '|' && (k < 1 || r->cur.data[k - 1] != ' ' || k + 1 >= r->cur.len ||
                                              r->cur.data[k + 1] != ' '))
                    r->cur.data[k] = '/';
        }
        return;
    }
    if (data_table && t == GUMBO_TAG_TR) {
        if (r->row_cells) {
            if (r->md) add(r, &r->cur, " |", 2);
            const char *save = r->prefix;
            flush(r);
            r->prefix = save;
            r->table_rows++;
            if (r->md && r->table_rows == 1) {
                /* header separator row */
                add(r, r->out, "\n", 1);
                for (int c = 0; c < r->row_cells; c++) add(r, r->out, "| --- ", 6);
                add(r, r->out, "|", 1);
            }
        }
        r->prefix = NULL;
        return;
    }
    if (t == GUMBO_TAG_A && r->in_link) {
        close_link(r);
        r->in_link = 0;
        return;
    }
    if (!is_block_tag(t)) return;
    flush(r);
    switch (t) {
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
        r->heading = 0;
        break;
    case GUMBO_TAG_UL: case GUMBO_TAG_OL:
        if (r->list_depth > 0) r->list_depth--;
        break;
    case GUMBO_TAG_BLOCKQUOTE:
        if (r->quote > 0) r->quote--;
        break;
    case GUMBO_TAG_PRE:
        r->pre = 0;
        break;
    default:
        break;
    }
}

wn_status wn_render(const wn_dom_t *d, const int *roots, int n_roots, const wn_options_t *opt, const char *title,
                    wn_buf_t *out) {
    rstate_t r;
    memset(&r, 0, sizeof r);
    r.d = d;
    r.opt = opt;
    r.md = opt->format == WN_FORMAT_MARKDOWN;
    r.out = out;
    r.title = title;
    r.cur_space = 1;
    wn_buf_init(&r.cur, out->max);
    wn_buf_init(&r.pend, out->max);
    int stack[MAX_OPEN];
    int dt[MAX_OPEN]; /* per open table: is it a data table */
    for (int k = 0; k < n_roots && r.st == WN_OK; k++) {
        int root = roots[k];
        int sp = 0;
        int tables[MAX_OPEN];
        int ntab = 0;
        for (int j = root; j < d->n[root].end && r.st == WN_OK;) {
            while (sp && d->n[stack[sp - 1]].end <= j) {
                int e = stack[--sp];
                int isdt = 0;
                if (ntab) isdt = dt[ntab - 1];
                if (d->n[e].tag == GUMBO_TAG_TABLE && ntab) {
                    ntab--;
                    flush(&r);
                    continue;
                }
                close_el(&r, e, isdt);
            }
            const wn_node_t *n = &d->n[j];
            if ((n->flags & WN_F_DROP) && j != root) {
                j = n->end;
                continue;
            }
            if (n->flags & WN_F_TEXT) {
                add_inline(&r, n->text, n->text_len);
                j++;
                continue;
            }
            if (skipped_tag(n->tag)) {
                j = n->end;
                continue;
            }
            if (n->tag == GUMBO_TAG_TABLE && !opt->tables && is_data_table(d, j)) {
                j = n->end;
                continue;
            }
            int isdt = ntab ? dt[ntab - 1] : 0;
            if (n->tag == GUMBO_TAG_TABLE) {
                int v = 0;
                open_el(&r, j, &v);
                if (ntab < MAX_OPEN) {
                    tables[ntab] = j;
                    dt[ntab++] = v;
                }
            } else {
                open_el(&r, j, &isdt);
            }
            if (n->end > j + 1 && sp < MAX_OPEN) stack[sp++] = j;
            else if (n->end > j + 1) {
                /* too deep to track: treat as inline */
            } else if (n->tag != GUMBO_TAG_TABLE) {
                close_el(&r, j, isdt);
            }
            j++;
        }
        while (sp && r.st == WN_OK) {
            int e = stack[--sp];
            if (d->n[e].tag == GUMBO_TAG_TABLE && ntab) {
                ntab--;
                flush(&r);
                continue;
            }
            close_el(&r, e, ntab ? dt[ntab - 1] : 0);
        }
        (void)tables;
        flush(&r);
    }
    if (r.texts == 0 && r.st == WN_OK) emit_pending(&r); /* a page of headings only keeps them */
    wn_buf_free(&r.cur);
    wn_buf_free(&r.pend); /* a heading nothing followed is dropped */
    return r.st;
}
