/* render.c -- the chosen subtrees as plain text or Markdown.
 *
 * Output format (the golden tests depend on it): one block per line with a
 * blank line between blocks; headings as plain lines (Markdown: #s); list
 * items "- item" / "1. item"; table rows with cells joined " | "; <pre>
 * verbatim (Markdown: ``` fences); blockquote paragraphs plain (Markdown:
 * "> "); inline whitespace collapsed. The walk is a loop over the flattened
 * tree with an explicit stack of open elements -- no recursion.
 *
 * Markdown is GitHub-flavoured and meant to parse back to the page's
 * structure (tests/e2e/markdown_cmark.py checks it with cmark-gfm): tables
 * as GFM tables (a header row -- the page's <th> row, else an empty one --
 * the delimiter row, one line per row, '|' escaped in cells); fenced code
 * with the language of a language-* / lang-* class, the fence longer than
 * any backtick run inside; `code`, *emphasis*, **strong**, ~~deleted~~;
 * text characters that Markdown would read as markup escaped with '\';
 * link and image targets resolved against the page URL (or <base href>).
 * Inside <pre> and inline code nothing the pruning dropped is left out
 * (a syntax highlighter's <span class="comment"> is code, not a comment
 * section).
 */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/page.h"
#include "winnow/buf.h"

#define MAX_OPEN 1024 /* open elements tracked (the DOM is depth-capped anyway) */
#define MAX_EM 8      /* nested emphasis elements given markers; deeper ones are plain */
#define MAX_LANG 32   /* longest fence info string (code language) kept */

typedef struct em_open {
    const char *mark; /* "*", "**" or "~~" */
    int shown;        /* the opening marker is in cur (else still in em_pend) */
} em_open_t;

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
    int code;        /* open <pre> and inline code elements: nothing inside is dropped */
    int cell;        /* inside a data-table cell */
    int row_cells;   /* cells in the current row */
    int table_rows;  /* rows emitted in the current data table */
    int row_has_th;
    int list_depth;
    int ol_count[32];
    int ol_is[32];
    int li_width[32]; /* Markdown: width of the marker of the open item at each depth */
    int li_indent;    /* spaces that start the list item prefix in pbuf (-1: the prefix is no item's) */
    int li_col;       /* Markdown: where the text of the last block written starts when it was a
                       * list item, else 0: a nested item is indented no further */
    int heading;     /* level of the open heading, 0 if none */
    size_t link_start;
    int in_link;
    char *link_href; /* the open link's target, resolved (malloc'd) */
    const char *title;
    int blocks;      /* blocks emitted */
    wn_buf_t pend;   /* a heading held back until text follows it */
    int pend_level;  /* its level, 0 if none */
    int texts;       /* non-heading blocks emitted */
    int flushing;    /* inside flush(): the text cap must not flush again */
    /* Markdown only */
    wn_buf_t plain;  /* the open heading's text without markup (title test) */
    int icode;       /* open inline code elements outside <pre> */
    wn_buf_t ibuf;   /* the code span being built */
    char lang[MAX_LANG + 1]; /* the open <pre>'s language, "" if none */
    em_open_t em[MAX_EM];
    int n_em;        /* open emphasis elements (entries beyond MAX_EM are unmarked) */
    char em_pend[MAX_EM * 2 + 1]; /* opening markers waiting for the next visible character */
    size_t em_pend_len;
    wn_buf_t tbuf;   /* rows of the data table being built, one line each */
    int t_rows, t_max, t_header; /* its rows, most cells in a row, first row is a header */
    int t_first_cells;           /* cells of its first row */
    CURLU *base;     /* page URL links resolve against; NULL: leave them as written */
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
        if ((k == 0 || wn_buf_add(b, s, k) == WN_OK) && b == &r->cur && !r->flushing) {
            /* No link markup for the cut block: closing the link here
             * would add to cur again, over the cap, and flush again
             * (unbounded recursion; found by fuzz_extract). */
            r->in_link = 0;
            flush(r);
        }
    }
    if (st != WN_OK) r->st = st;
}

static void adds(rstate_t *r, wn_buf_t *b, const char *s) { add(r, b, s, strlen(s)); }

static int last_byte(const wn_buf_t *b) { return b->len ? (unsigned char)b->data[b->len - 1] : -1; }

static int word_byte(int c) {
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Writes the opening emphasis markers that wait for visible text. */
static void show_em(rstate_t *r) {
    if (!r->em_pend_len) return;
    add(r, &r->cur, r->em_pend, r->em_pend_len);
    r->em_pend_len = 0;
    for (int k = 0; k < r->n_em && k < MAX_EM; k++) r->em[k].shown = 1;
}

/* Appends text to cur with the characters Markdown reads as markup
 * escaped: \ ` * [ ] < ~ always, | in a table cell, _ at a word edge,
 * & before what could be an entity. */
static void add_md_text(rstate_t *r, const char *s, size_t n) {
    size_t i = 0, run = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        int esc = 0;
        switch (c) {
        case '\\': case '`': case '*': case '[': case ']': case '<': case '~':
            esc = 1;
            break;
        case '|':
            esc = r->cell;
            break;
        case '_': {
            /* snake_case stays as it is: only a '_' at a word's edge can
             * open or close emphasis */
            int prev = i ? (unsigned char)s[i - 1] : last_byte(&r->cur);
            int next = i + 1 < n ? (unsigned char)s[i + 1] : -1;
            esc = !word_byte(prev) || !word_byte(next);
            break;
        }
        case '&':
            esc = i + 1 < n && (s[i + 1] == '#' || ((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z'));
            break;
        default:
            break;
        }
        if (esc) {
            add(r, &r->cur, s + run, i - run);
            add(r, &r->cur, "\\", 1);
            run = i;
        }
        i++;
    }
    add(r, &r->cur, s + run, n - run);
}

/* A word GFM turns into a link by itself ("www.", "http://", "https://"):
 * its text is taken literally, so it is written unescaped. */
static int autolink_word(const char *s, size_t n) {
    return (n > 4 && !strncasecmp(s, "www.", 4)) || (n > 7 && !strncasecmp(s, "http://", 7)) ||
           (n > 8 && !strncasecmp(s, "https://", 8));
}

/* Appends one run of visible (non-space) text to the block. */
static void add_word(rstate_t *r, const char *s, size_t n) {
    if (r->md && r->icode) {
        add(r, &r->ibuf, s, n);
        return;
    }
    if (!r->md || r->pre) {
        add(r, &r->cur, s, n);
        return;
    }
    show_em(r);
    if (autolink_word(s, n) && !memchr(s, '<', n) && !(r->cell && memchr(s, '|', n)) && !r->in_link)
        add(r, &r->cur, s, n);
    else
        add_md_text(r, s, n);
    if (r->heading) add(r, &r->plain, s, n);
}

/* Appends one collapsed space. */
static void add_space(rstate_t *r) {
    if (r->md && r->icode) {
        if (r->ibuf.len && r->ibuf.data[r->ibuf.len - 1] != ' ') add(r, &r->ibuf, " ", 1);
        else if (!r->ibuf.len) add(r, &r->ibuf, " ", 1);
        return;
    }
    if (!r->cur_space) {
        add(r, &r->cur, " ", 1);
        if (r->md && r->heading) add(r, &r->plain, " ", 1);
    }
    r->cur_space = 1;
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
            add_space(r);
            i += is_ws(c) ? 1 : 2;
            continue;
        }
        size_t j = i;
        while (j < n && !is_ws((unsigned char)s[j]) &&
               !((unsigned char)s[j] == 0xC2 && j + 1 < n && (unsigned char)s[j + 1] == 0xA0))
            j++;
        add_word(r, s + i, j - i);
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
    r->li_col = 0;
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
        size_t sp = 0;
        while (r->cur.len > s && r->cur.data[r->cur.len - 1] == ' ') {
            r->cur.data[--r->cur.len] = '\0';
            sp = 1;
        }
        add(r, &r->cur, "](", 2);
        add(r, &r->cur, r->link_href, strlen(r->link_href));
        add(r, &r->cur, ")", 1);
        r->cur_space = 0;
        if (sp && r->md) add_space(r);
    }
}

/* Ends the inline code span being built: `code` with a fence longer than
 * any backtick run inside, the span's outer spaces kept outside it. */
static void end_code_span(rstate_t *r) {
    if (!r->ibuf.len) return;
    const char *s = r->ibuf.data;
    size_t n = r->ibuf.len, a = 0;
    while (a < n && s[a] == ' ') a++;
    while (n > a && s[n - 1] == ' ') n--;
    if (n > a) {
        if (a && !r->cur_space) add(r, &r->cur, " ", 1);
        show_em(r);
        size_t run = 0, longest = 0;
        for (size_t k = a; k < n; k++) {
            run = s[k] == '`' ? run + 1 : 0;
            if (run > longest) longest = run;
        }
        char fence[16];
        size_t fl = longest + 1 < sizeof fence ? longest + 1 : sizeof fence - 1;
        memset(fence, '`', fl);
        int pad = s[a] == '`' || s[n - 1] == '`';
        add(r, &r->cur, fence, fl);
        if (pad) add(r, &r->cur, " ", 1);
        for (size_t k = a; k < n; k++) {
            /* a '|' ends a GFM table cell even inside a code span */
            if (r->cell && s[k] == '|') add(r, &r->cur, "\\", 1);
            add(r, &r->cur, s + k, 1);
        }
        if (pad) add(r, &r->cur, " ", 1);
        add(r, &r->cur, fence, fl);
        if (r->heading) add(r, &r->plain, s + a, n - a);
        r->cur_space = 0;
        if (n < r->ibuf.len) {
            add(r, &r->cur, " ", 1);
            r->cur_space = 1;
        }
    } else if (!r->cur_space) {
        add(r, &r->cur, " ", 1);
        r->cur_space = 1;
    }
    wn_buf_reset(&r->ibuf);
}

/* Closes the shown emphasis markers at the end of a block (innermost
 * first), trailing spaces moved outside them. */
static void close_em_for_flush(rstate_t *r) {
    while (r->cur.len && r->cur.data[r->cur.len - 1] == ' ') r->cur.data[--r->cur.len] = '\0';
    for (int k = (r->n_em < MAX_EM ? r->n_em : MAX_EM) - 1; k >= 0; k--)
        if (r->em[k].shown) adds(r, &r->cur, r->em[k].mark);
}

/* Writes text[0..n) to dst, starting each line after the first with
 * `cont` (the blockquote markers and list indentation of the block). */
static void add_lines(rstate_t *r, wn_buf_t *dst, const char *s, size_t n, const char *cont, size_t cl) {
    size_t i = 0;
    while (i < n) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - s) + 1 : n;
        add(r, dst, s + i, e - i);
        if (nl && cl) add(r, dst, cont, cl);
        i = e;
    }
}

/* Sanitised language of a code block from the classes of element i:
 * "language-js" / "lang-js" give "js". Returns 1 if found. */
static int code_lang(const wn_dom_t *d, int i, char *out) {
    const char *cls = wn_dom_attr(d, i, "class");
    for (const char *p = cls; p && *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n') p++;
        size_t l = strcspn(p, " \t\n");
        size_t skip = !strncasecmp(p, "language-", 9) ? 9 : !strncasecmp(p, "lang-", 5) ? 5 : 0;
        if (skip && l > skip) {
            size_t k = 0;
            for (size_t q = skip; q < l && k < MAX_LANG; q++) {
                char c = p[q];
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
                    c == '-' || c == '_' || c == '.' || c == '#')
                    out[k++] = c;
            }
            out[k] = '\0';
            if (k) return 1;
        }
        p += l;
    }
    return 0;
}

/* Writes the Markdown table built in tbuf as one block: the header row
 * (padded to the widest row, or empty when the page's first row is not a
 * header), the delimiter row, the other rows. */
static void emit_table(rstate_t *r) {
    if (!r->t_rows) return;
    wn_buf_t *o = r->out;
    emit_pending(r);
    r->texts++;
    if (o->len) add(r, o, "\n\n", 2);
    char qb[64];
    size_t ql = 0;
    for (int q = 0; q < r->quote && ql + 2 < sizeof qb; q++) {
        qb[ql++] = '>';
        qb[ql++] = ' ';
    }
    const char *s = r->tbuf.data;
    size_t n = r->tbuf.len, first_end = n;
    const char *nl = memchr(s, '\n', n);
    if (nl) first_end = (size_t)(nl - s);
    add(r, o, qb, ql);
    size_t rest = 0;
    if (r->t_header) {
        add(r, o, s, first_end);
        for (int c = r->t_first_cells; c < r->t_max; c++) add(r, o, "  |", 3);
        rest = first_end < n ? first_end + 1 : n;
    } else {
        add(r, o, "|", 1);
        for (int c = 0; c < r->t_max; c++) add(r, o, "  |", 3);
    }
    add(r, o, "\n", 1);
    add(r, o, qb, ql);
    add(r, o, "|", 1);
    for (int c = 0; c < r->t_max; c++) add(r, o, " --- |", 6);
    if (rest < n) {
        add(r, o, "\n", 1);
        add(r, o, qb, ql);
        add_lines(r, o, s + rest, n - rest, qb, ql);
    }
    r->blocks++;
    wn_buf_reset(&r->tbuf);
    r->t_rows = r->t_max = r->t_header = 0;
}

/* Ends the current block: trims it and appends it to out with its prefix. */
static void flush(rstate_t *r) {
    if (r->st != WN_OK) return;
    r->flushing = 1;
    /* A block that ends inside <a> (a <p> or <br> within the link) closes
     * the link here and reopens it in the next block, so link_start never
     * points into a block that is gone. */
    if (r->md && r->icode) end_code_span(r);
    if (r->md && r->n_em) close_em_for_flush(r);
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
        const char *ts = s + a;
        size_t tn = n - a;
        if (r->md && r->heading) {
            /* the title test reads the heading's words, not its markup */
            ts = r->plain.data ? r->plain.data : "";
            tn = r->plain.len;
            while (tn && *ts == ' ') ts++, tn--;
            while (tn && ts[tn - 1] == ' ') tn--;
        }
        if (r->heading == 1 && r->blocks < 3 && similar_title(ts, tn, r->title)) {
            /* the page's own title: metadata, not text */
        } else if (r->heading && r->blocks == 0 && similar_title(ts, tn, r->title)) {
        } else if ((r->heading == 2 || r->heading == 3) && r->title && tn < strlen(r->title) &&
                   similar_title(ts, tn, r->title)) {
            /* a shorter form of the title further down: a recipe or product
             * card's name */
        } else {
            /* A heading waits for the text it heads: one that nothing
             * follows headed a section that was pruned ("Related", "Comments
             * (8)"). (Also dropping headings followed by a same-level heading
             * cost text recall on the dev set: FAQ-like pages.) */
            if (r->md && r->t_rows) emit_table(r); /* text between tables ends the table */
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
            /* Markdown: what starts every later line of the block */
            char cont[128];
            size_t cl = 0;
            if (r->md) {
                for (int q = 0; q < r->quote && cl + 2 < sizeof cont; q++) {
                    cont[cl++] = '>';
                    cont[cl++] = ' ';
                }
                add(r, dst, cont, cl);
                if (r->pre && r->prefix)
                    for (size_t k = strlen(r->prefix); k > 0 && cl < sizeof cont; k--) cont[cl++] = ' ';
            }
            const char *pfx = r->prefix;
            if (r->md && pfx && r->li_indent > r->li_col) {
                /* an item nested under items that wrote nothing (pruned,
                 * or a heading) is indented no deeper than the last item
                 * written: four spaces after a paragraph are a code block */
                pfx += r->li_indent - r->li_col;
            }
            if (pfx) add(r, dst, pfx, strlen(pfx));
            if (r->md && dst == r->out)
                r->li_col = pfx && r->li_indent >= 0 && !r->pre ? (int)strlen(pfx) : 0;
            if (r->md && r->pre) {
                size_t run = 0, longest = 0;
                for (size_t k = a; k < n; k++) {
                    run = s[k] == '`' ? run + 1 : 0;
                    if (run > longest) longest = run;
                }
                char fence[32];
                size_t fl = longest >= 3 ? longest + 1 : 3;
                if (fl >= sizeof fence) fl = sizeof fence - 1;
                memset(fence, '`', fl);
                add(r, dst, fence, fl);
                adds(r, dst, r->lang);
                add(r, dst, "\n", 1);
                add(r, dst, cont, cl);
                add_lines(r, dst, s + a, n - a, cont, cl);
                add(r, dst, "\n", 1);
                add(r, dst, cont, cl);
                add(r, dst, fence, fl);
            } else if (r->md) {
                /* a block that starts like a Markdown block marker
                 * ("# ", "> ", "- ", "1. ", "---") is text */
                size_t k = a;
                while (k < n && k - a < 9 && s[k] >= '0' && s[k] <= '9') k++;
                if (k > a && k < n && (s[k] == '.' || s[k] == ')') && (k + 1 == n || s[k + 1] == ' ')) {
                    add(r, dst, s + a, k - a);
                    add(r, dst, "\\", 1);
                    a = k;
                } else if (s[a] == '#' || s[a] == '>' || s[a] == '-' || s[a] == '+' || s[a] == '=') {
                    add(r, dst, "\\", 1);
                }
                size_t m = n;
                if (r->heading && s[n - 1] == '#') {
                    /* a closing "#" run would be read as the heading's end */
                    while (m > a && s[m - 1] == '#') m--;
                }
                add_lines(r, dst, s + a, m - a, cont, cl);
                if (m < n) {
                    add(r, dst, "\\", 1);
                    add(r, dst, s + m, n - m);
                }
            } else {
                add(r, dst, s + a, n - a);
            }
            r->blocks++;
        }
    }
    wn_buf_reset(&r->cur);
    wn_buf_reset(&r->plain);
    r->cur_space = 1;
    r->prefix = NULL;
    if (r->md && r->n_em) {
        /* emphasis open across the block boundary opens again */
        r->em_pend_len = 0;
        for (int k = 0; k < r->n_em && k < MAX_EM; k++) {
            size_t ml = strlen(r->em[k].mark);
            memcpy(r->em_pend + r->em_pend_len, r->em[k].mark, ml);
            r->em_pend_len += ml;
            r->em[k].shown = 0;
        }
    }
    if (r->in_link) {
        r->link_start = 0;
        add(r, &r->cur, "[", 1);
        r->cur_space = 0;
    }
    r->flushing = 0;
}

/* Tag properties: lexicon.c's table, shared with pruning and scoring. */
static int is_block_tag(int t) { return wn_tag_is(t, WN_TAG_BLOCK); }
static int skipped_tag(int t) { return wn_tag_is(t, WN_TAG_SKIP); }

/* Inline code elements: `code` in Markdown, and nothing inside is dropped. */
static int is_code_tag(int t) {
    return t == GUMBO_TAG_CODE || t == GUMBO_TAG_KBD || t == GUMBO_TAG_SAMP || t == GUMBO_TAG_TT;
}

/* The Markdown marker of an emphasis element, or NULL. */
static const char *em_mark(int t) {
    switch (t) {
    case GUMBO_TAG_EM: case GUMBO_TAG_I: return "*";
    case GUMBO_TAG_STRONG: case GUMBO_TAG_B: return "**";
    case GUMBO_TAG_DEL: case GUMBO_TAG_S: case GUMBO_TAG_STRIKE: return "~~";
    default: return NULL;
    }
}

/* An element a browser does not show: hidden, aria-hidden="true",
 * display:none or visibility:hidden in its style. */
static int hidden_el(const wn_dom_t *d, int i) {
    if (d->n[i].flags & WN_F_TEXT) return 0;
    if (wn_hidden_attr(d, i)) return 1;
    const char *ah = wn_dom_attr(d, i, "aria-hidden");
    if (ah && !strcasecmp(ah, "true")) return 1;
    const char *st = wn_dom_attr(d, i, "style");
    if (!st) return 0;
    char b[256];
    size_t k = 0;
    for (const char *p = st; *p && k + 1 < sizeof b; p++)
        if (*p != ' ' && *p != '\t') b[k++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
    b[k] = '\0';
    return strstr(b, "display:none") || strstr(b, "visibility:hidden");
}

/* A table is rendered as rows of cells unless it is a layout table: one that
 * nests tables or holds long blocks of prose in a cell (old sites lay out the
 * whole page with tables), or code (a highlighter's line-number gutter and
 * its <pre> side by side). */
static int is_data_table(const wn_dom_t *d, int i) {
    const wn_node_t *t = &d->n[i];
    int rows = 0;
    for (int j = i + 1; j < t->end; j++) {
        const wn_node_t *n = &d->n[j];
        if (n->flags & WN_F_TEXT) continue;
        if (n->tag == GUMBO_TAG_TABLE || n->tag == GUMBO_TAG_PRE) return 0;
        if (n->tag == GUMBO_TAG_TR) rows++;
        if ((n->tag == GUMBO_TAG_TD || n->tag == GUMBO_TAG_TH) && n->chars > 400) return 0;
        if (n->tag == GUMBO_TAG_P && n->chars > 250) return 0;
    }
    return rows > 0;
}

/* A link or image target for Markdown: resolved against the page URL when
 * there is one, and wrapped in <> when it holds characters that would end
 * it early. Returns a malloc'd string, or NULL on allocation failure. */
static char *md_target(const rstate_t *r, const char *href) {
    char *abs = NULL;
    if (r->base) {
        CURLU *u = curl_url_dup(r->base);
        if (u && curl_url_set(u, CURLUPART_URL, href, CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE) == CURLUE_OK)
            (void)curl_url_get(u, CURLUPART_URL, &abs, 0);
        curl_url_cleanup(u);
    }
    const char *src = abs ? abs : href;
    size_t n = strlen(src), extra = 0;
    int wrap = 0;
    for (size_t k = 0; k < n; k++) {
        char c = src[k];
        if (c == ' ' || c == '(' || c == ')' || c == '\t') wrap = 1;
        if (c == '<' || c == '>' || c == '\n' || c == '\r') extra += 2;
    }
    char *o = malloc(n + extra + 3);
    if (o) {
        size_t j = 0;
        if (wrap) o[j++] = '<';
        for (size_t k = 0; k < n; k++) {
            char c = src[k];
            if (c == '<' || c == '>' || c == '\n' || c == '\r') {
                static const char hex[] = "0123456789ABCDEF";
                o[j++] = '%';
                o[j++] = hex[(unsigned char)c >> 4];
                o[j++] = hex[(unsigned char)c & 15];
            } else {
                o[j++] = c;
            }
        }
        if (wrap) o[j++] = '>';
        o[j] = '\0';
    }
    if (abs) curl_free(abs);
    return o;
}

/* Inside <pre>: makes the next text start a line. */
static void pre_line(rstate_t *r) {
    if (r->cur.len && r->cur.data[r->cur.len - 1] != '\n') add(r, &r->cur, "\n", 1);
}

/* A <pre> that holds a table lays a page out (old sites put whole result
 * lists in one): its tables are rendered as tables, not as code. */
static int layout_pre(const wn_dom_t *d, int i) {
    for (int j = i + 1; j < d->n[i].end; j++)
        if (!(d->n[j].flags & WN_F_TEXT) && d->n[j].tag == GUMBO_TAG_TABLE) return 1;
    return 0;
}

/* The prefix of a list item ("- ", "3. "), indented under its parent item
 * in Markdown, into r->pbuf. */
static void li_prefix(rstate_t *r) {
    int k = 0;
    int lv = r->list_depth > 0 ? r->list_depth : 1;
    if (r->md)
        /* a nested item starts where its parent item's text starts */
        for (int l = 1; l < lv && k < 40; l++)
            for (int w = 0; w < r->li_width[l] && k < 40; w++) r->pbuf[k++] = ' ';
    int k0 = k;
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
    if (r->list_depth > 0) r->li_width[r->list_depth] = k - k0;
    r->pbuf[k] = '\0';
    r->prefix = r->pbuf;
    r->li_indent = k0;
}

/* Opens block element i (tag t, as open_el read it): ends the block before
 * it and sets what the new one starts with (heading, list, quote, pre). */
static void open_block(rstate_t *r, int i, int t) {
    const wn_dom_t *d = r->d;
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
            r->li_indent = -1;
        }
        break;
    case GUMBO_TAG_UL: case GUMBO_TAG_OL:
        if (r->list_depth < 31) {
            r->list_depth++;
            r->ol_is[r->list_depth] = t == GUMBO_TAG_OL;
            r->ol_count[r->list_depth] = 0;
            r->li_width[r->list_depth] = 2;
        }
        break;
    case GUMBO_TAG_LI:
        li_prefix(r);
        break;
    case GUMBO_TAG_BLOCKQUOTE:
        r->quote++;
        break;
    case GUMBO_TAG_PRE:
        r->pre = 1;
        r->lang[0] = '\0';
        if (r->md && !code_lang(d, i, r->lang)) {
            /* <pre><code class="language-js"> */
            for (int j = i + 1; j < d->n[i].end; j++) {
                if (d->n[j].flags & WN_F_TEXT) continue;
                if (d->n[j].tag == GUMBO_TAG_CODE) code_lang(d, j, r->lang);
                break;
            }
        }
        break;
    default:
        break;
    }
}

static void open_el(rstate_t *r, int i, int *data_table) {
    const wn_dom_t *d = r->d;
    int t = d->n[i].tag;
    if (t == GUMBO_TAG_PRE && layout_pre(d, i)) t = GUMBO_TAG_DIV;
    if (t == GUMBO_TAG_PRE || is_code_tag(t)) r->code++;
    if (r->md && !r->pre && is_code_tag(t)) {
        r->icode++;
        return;
    }
    const char *mark = r->md && !r->pre && !r->icode ? em_mark(t) : NULL;
    if (mark) {
        if (r->n_em < MAX_EM) {
            r->em[r->n_em].mark = mark;
            r->em[r->n_em].shown = 0;
            size_t ml = strlen(mark);
            memcpy(r->em_pend + r->em_pend_len, mark, ml);
            r->em_pend_len += ml;
        }
        r->n_em++;
        return;
    }
    if (r->pre && (t == GUMBO_TAG_BR || (is_block_tag(t) && t != GUMBO_TAG_PRE))) {
        /* inside <pre> a <br> is a newline and a block starts a line, as
         * a browser shows them (highlighters write lines that way) */
        if (t == GUMBO_TAG_BR) add(r, &r->cur, "\n", 1);
        else pre_line(r);
        return;
    }
    if (r->cell) {
        /* inside a data-table cell every block is just a space */
        if (t == GUMBO_TAG_BR || is_block_tag(t)) {
            if (!r->cur_space) add_inline(r, " ", 1);
        }
        if (t == GUMBO_TAG_IMG && r->opt->images) goto img;
        if (t == GUMBO_TAG_A) goto link;
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
        if (r->md) add(r, &r->cur, r->row_cells ? " | " : "| ", 2 + (r->row_cells > 0));
        else if (r->row_cells) add(r, &r->cur, " | ", 3);
        r->row_cells++;
        if (t == GUMBO_TAG_TH) r->row_has_th = 1;
        r->cell = 1;
        r->cur_space = 1;
        return;
    }
link:
    if (t == GUMBO_TAG_A) {
        if (!(r->md && r->opt->links) || r->pre || r->icode || r->in_link) return;
        const char *href = wn_dom_attr(d, i, "href");
        if (href && *href && strncmp(href, "javascript:", 11)) {
            char *target = md_target(r, href);
            if (!target) {
                r->st = WN_ENOMEM;
                return;
            }
            free(r->link_href);
            r->link_href = target;
            r->in_link = 1;
            r->link_start = r->cur.len;
            add(r, &r->cur, "[", 1);
            r->cur_space = 0;
        }
        return;
    }
    if (t == GUMBO_TAG_IMG) {
        if (!r->opt->images || r->pre || r->icode) return;
    img:;
        const char *alt = wn_dom_attr(d, i, "alt");
        if (!alt || !*alt) return;
        if (r->md) {
            const char *src = wn_dom_attr(d, i, "src");
            char *target = src ? md_target(r, src) : NULL;
            if (src && !target) {
                r->st = WN_ENOMEM;
                return;
            }
            add_space(r);
            show_em(r);
            add(r, &r->cur, "![", 2);
            size_t at = r->cur.len;
            add_inline(r, alt, strlen(alt));
            while (r->cur.len > at && r->cur.data[r->cur.len - 1] == ' ') r->cur.data[--r->cur.len] = '\0';
            add(r, &r->cur, "](", 2);
            if (target) adds(r, &r->cur, target);
            add(r, &r->cur, ")", 1);
            free(target);
            r->cur_space = 0;
            add_space(r);
        } else {
            add_inline(r, " [image: ", 9);
            add_inline(r, alt, strlen(alt));
            add_inline(r, "] ", 2);
        }
        return;
    }
    if (!is_block_tag(t)) return;
    open_block(r, i, t);
}

static void close_el(rstate_t *r, int i, int data_table) {
    const wn_dom_t *d = r->d;
    int t = d->n[i].tag;
    if (t == GUMBO_TAG_PRE && !r->pre) t = GUMBO_TAG_DIV; /* a layout_pre() */
    if ((t == GUMBO_TAG_PRE || is_code_tag(t)) && r->code > 0) r->code--;
    if (r->md && r->icode && is_code_tag(t)) {
        if (--r->icode == 0) end_code_span(r);
        return;
    }
    const char *mark = r->md && !r->pre && !r->icode && r->n_em ? em_mark(t) : NULL;
    if (mark) {
        int k = --r->n_em;
        if (k >= MAX_EM) return;
        if (!r->em[k].shown) {
            size_t ml = strlen(r->em[k].mark);
            r->em_pend_len = r->em_pend_len >= ml ? r->em_pend_len - ml : 0;
        } else {
            int sp = 0;
            while (r->cur.len && r->cur.data[r->cur.len - 1] == ' ') {
                r->cur.data[--r->cur.len] = '\0';
                sp = 1;
            }
            adds(r, &r->cur, r->em[k].mark);
            r->cur_space = 0;
            if (sp) add_space(r);
        }
        return;
    }
    if (r->pre && t != GUMBO_TAG_PRE) {
        if (is_block_tag(t) && t != GUMBO_TAG_BR) pre_line(r);
        return;
    }
    if (r->cell) {
        if (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH) r->cell = 0;
        else if (t == GUMBO_TAG_A && r->in_link) goto link;
        else if (is_block_tag(t) && !r->cur_space) add_inline(r, " ", 1); /* a block ends: a space, as it began */
        return;
    }
    if (data_table && t == GUMBO_TAG_TR) {
        if (r->row_cells) {
            if (r->md) {
                /* the row goes to the table, which is one block; a row
                 * of empty cells (an image without alt text, pruned
                 * content) is left out, as in text */
                if (r->in_link) close_link(r);
                r->in_link = 0;
                add(r, &r->cur, " |", 2);
                const char *s = r->cur.data ? r->cur.data : "";
                size_t n = r->cur.len;
                if (strspn(s, " |") == n) {
                    wn_buf_reset(&r->cur);
                    r->cur_space = 1;
                    r->prefix = NULL;
                    return;
                }
                if (r->t_rows) add(r, &r->tbuf, "\n", 1);
                else {
                    const wn_node_t *p = r->d->n[i].parent >= 0 ? &r->d->n[r->d->n[i].parent] : NULL;
                    r->t_header = r->row_has_th || (p && p->tag == GUMBO_TAG_THEAD);
                    r->t_first_cells = r->row_cells;
                }
                add(r, &r->tbuf, s, n);
                r->t_rows++;
                if (r->row_cells > r->t_max) r->t_max = r->row_cells;
                wn_buf_reset(&r->cur);
                r->cur_space = 1;
                r->table_rows++;
                r->prefix = NULL;
                return;
            }
            const char *save = r->prefix;
            flush(r);
            r->prefix = save;
            r->table_rows++;
        }
        r->prefix = NULL;
        return;
    }
link:
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

/* Ends a table element: its rows become one Markdown block. */
static void close_table(rstate_t *r) {
    flush(r);
    if (r->md) emit_table(r);
}

/* The URL links resolve against: the page URL, moved by the page's
 * <base href> when it has one. NULL when there is none or it does not
 * parse (targets then stay as written). */
static CURLU *base_for(const wn_dom_t *d, const char *url) {
    const char *bh = NULL;
    for (int i = 0; i < d->count && !bh; i++)
        if (!(d->n[i].flags & WN_F_TEXT) && d->n[i].tag == GUMBO_TAG_BASE) bh = wn_dom_attr(d, i, "href");
    if ((!url || !*url) && (!bh || !*bh)) return NULL;
    CURLU *u = curl_url();
    if (!u) return NULL;
    CURLUcode rc = url && *url ? curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) : CURLUE_OK;
    if (rc == CURLUE_OK && bh && *bh)
        rc = curl_url_set(u, CURLUPART_URL, bh, CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE);
    if (rc != CURLUE_OK || (!url && !bh)) {
        curl_url_cleanup(u);
        return NULL;
    }
    return u;
}

/* wn_render and wn_render_marked: `mark` (may be NULL) gets a 1 for every
 * text node the walk writes (for the explanation). */
static wn_status render_roots(const wn_dom_t *d, const int *roots, int n_roots, const wn_options_t *opt,
                              const char *title, const char *url, wn_buf_t *out, uint8_t *mark) {
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
    wn_buf_init(&r.plain, out->max);
    wn_buf_init(&r.ibuf, out->max);
    wn_buf_init(&r.tbuf, out->max);
    if (r.md && (opt->links || opt->images)) r.base = base_for(d, url);
    int stack[MAX_OPEN];
    int dt[MAX_OPEN]; /* per open table: is it a data table */
    for (int k = 0; k < n_roots && r.st == WN_OK; k++) {
        int root = roots[k];
        int sp = 0;
        int ntab = 0;
        for (int j = root; j < d->n[root].end && r.st == WN_OK;) {
            while (sp && d->n[stack[sp - 1]].end <= j) {
                int e = stack[--sp];
                int isdt = 0;
                if (ntab) isdt = dt[ntab - 1];
                if (d->n[e].tag == GUMBO_TAG_TABLE && ntab) {
                    ntab--;
                    close_table(&r);
                    continue;
                }
                close_el(&r, e, isdt);
            }
            const wn_node_t *n = &d->n[j];
            /* Inside <pre>, code and a kept data table's cells nothing
             * visible is dropped, nor its head, body and header cells: a
             * highlighter's "comment" span is code, a link in a cell or a
             * "footer_title" header cell is data. (A data cell or row of
             * its own stays droppable: a photo table's "caption".) With
             * images, a figure's caption is kept. */
            int in_dt = ntab && dt[ntab - 1];
            int keep = r.code || (in_dt && (r.cell || n->tag == GUMBO_TAG_TH || n->tag == GUMBO_TAG_THEAD ||
                                            n->tag == GUMBO_TAG_TBODY)); /* (a "pager" <tbody> holds the rows) */
            if ((n->flags & WN_F_DROP) && j != root && !(keep && !hidden_el(d, j)) &&
                !(n->tag == GUMBO_TAG_FIGCAPTION && opt->images)) {
                j = n->end;
                continue;
            }
            if (n->flags & WN_F_TEXT) {
                if (mark) mark[j] = 1;
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
                if (ntab < MAX_OPEN) dt[ntab++] = v;
            } else {
                open_el(&r, j, &isdt);
            }
            if (n->end > j + 1 && sp < MAX_OPEN) stack[sp++] = j;
            else if (n->end > j + 1) {
                /* too deep to track: treat as inline */
            } else if (n->tag != GUMBO_TAG_TABLE) {
                close_el(&r, j, isdt);
            } else if (r.md) {
                emit_table(&r);
            }
            j++;
        }
        while (sp && r.st == WN_OK) {
            int e = stack[--sp];
            if (d->n[e].tag == GUMBO_TAG_TABLE && ntab) {
                ntab--;
                close_table(&r);
                continue;
            }
            close_el(&r, e, ntab ? dt[ntab - 1] : 0);
        }
        flush(&r);
        if (r.md) emit_table(&r);
        /* nothing stays open into the next root */
        r.n_em = 0;
        r.em_pend_len = 0;
        r.icode = 0;
        r.code = 0;
        r.in_link = 0;
    }
    if (r.texts == 0 && r.st == WN_OK) emit_pending(&r); /* a page of headings only keeps them */
    wn_buf_free(&r.cur);
    wn_buf_free(&r.pend); /* a heading nothing followed is dropped */
    wn_buf_free(&r.plain);
    wn_buf_free(&r.ibuf);
    wn_buf_free(&r.tbuf);
    free(r.link_href);
    curl_url_cleanup(r.base);
    return r.st;
}

wn_status wn_render(const wn_dom_t *d, const int *roots, int n_roots, const wn_options_t *opt, const char *title,
                    const char *url, wn_buf_t *out) {
    return render_roots(d, roots, n_roots, opt, title, url, out, NULL);
}

wn_status wn_render_marked(const wn_dom_t *d, const int *roots, int n_roots, const wn_options_t *opt,
                           const char *title, const char *url, wn_buf_t *out, uint8_t *mark) {
    return render_roots(d, roots, n_roots, opt, title, url, out, mark);
}
