/* prescan.c -- one pass over the HTML before Gumbo sees it (see winnow/prescan.h).
 *
 * The page is copied once into the arena, driven by memchr('<'): text is
 * copied as is, comments and the bodies of script/style/svg/... are left
 * out, start tags are rewritten with only the attributes extraction reads.
 *
 * To keep Gumbo linear, the pass models the parser's stack of open elements
 * and its list of active formatting elements closely enough to bound them:
 *  - a stack of open non-void elements (capped at max_depth), with the
 *    implicit closes of the HTML tree builder that real pages rely on (a new
 *    <p> closes an open p, <li> an open li, <td> an open cell, ...) so that
 *    sloppy but ordinary markup never fills it;
 *  - the list of active formatting elements with its markers (td, th,
 *    caption) and Noah's Ark clause; it and the number of formatting
 *    elements open on the stack are capped at max_formatting.
 * Start tags that would exceed a cap are dropped, and so is their matching
 * end tag later; the content stays (flattened into the deepest kept
 * element). The model only pops where the real tree builder surely pops too
 * (it errs on the deep side), so Gumbo's stack never gets much deeper than
 * max_depth.
 *
 * Motivating inputs (Gumbo 0.10.1, no pre-scan): 1,000,000 nested <div>s,
 * 100,000 nested table cells and 50,000 unclosed <b><i><u><s> each ran for
 * over 60 s; one element with 100,000 attributes took 32 s.
 */
#include "winnow/prescan.h"

#include <stdint.h>
#include <string.h>

#include "winnow/extract.h"

#define WN_PS_MAX_JSONLD 32      /* JSON-LD blocks kept per page */
#define WN_PS_NAMES 1024         /* name table slots (power of two) */
#define WN_PS_NAMES_FILL 768     /* distinct names tracked at most */
#define WN_PS_SLACK 64           /* output bytes beyond the input size */
/* Formatting elements closed by an ancestor (<p><b>x</p>) stay on Gumbo's
 * list and are cloned into every following block with text: allow only a
 * few such stale entries, else each paragraph of a page that never closes
 * its <b class=N> gets dozens of clones. */
#define WN_PS_MAX_STALE 8

/* ---- tags --------------------------------------------------------------- */

enum {
    F_VOID = 1u << 0,      /* no end tag, never on the stack */
    F_DROP = 1u << 1,      /* element dropped whole, body included */
    F_HIDE = 1u << 2,      /* element left out with its subtree, found by the model (svg, object, ...) */
    F_RAW = 1u << 3,       /* text content copied verbatim to its end tag (title, textarea, xmp) */
    F_PLAIN = 1u << 4,     /* plaintext: the rest of the page is text */
    F_NOSTACK = 1u << 5,   /* html, head, body: the parser makes them anyway */
    F_FMT = 1u << 6,       /* formatting element */
    F_CLOSEP = 1u << 7,    /* start tag closes an open <p> in button scope */
    F_SPECIAL = 1u << 8,   /* stops the <li>/<dd> search for an element to close */
    F_SCOPE = 1u << 9,     /* boundary of the default scope */
    F_MARKER = 1u << 10,   /* puts a marker on the formatting list */
    F_LIST = 1u << 11,     /* ol, ul: list-item scope boundary */
    F_HEADING = 1u << 12,  /* h1..h6 */
    F_BREAK = 1u << 13,    /* start tag that ends an <svg> left unclosed (HTML breakout) */
};

enum {
    T_UNKNOWN = 0,
    T_A, T_ADDRESS, T_APPLET, T_AREA, T_ARTICLE, T_ASIDE, T_B, T_BASE, T_BASEFONT, T_BGSOUND, T_BIG,
    T_BLOCKQUOTE, T_BODY, T_BR, T_BUTTON, T_CANVAS, T_CAPTION, T_CENTER, T_CODE, T_COL, T_COLGROUP, T_DD,
    T_DETAILS, T_DIALOG, T_DIR, T_DIV, T_DL, T_DT, T_EM, T_EMBED, T_FIELDSET, T_FIGCAPTION, T_FIGURE, T_FONT,
    T_FOOTER, T_FORM, T_FRAME, T_FRAMESET, T_H1, T_H2, T_H3, T_H4, T_H5, T_H6, T_HEAD, T_HEADER, T_HGROUP,
    T_HR, T_HTML, T_I, T_IFRAME, T_IMAGE, T_IMG, T_INPUT, T_KEYGEN, T_LI, T_LINK, T_LISTING, T_MAIN,
    T_MARQUEE, T_MENU, T_META, T_NAV, T_NOBR, T_NOEMBED, T_NOFRAMES, T_NOSCRIPT, T_OBJECT, T_OL, T_OPTGROUP,
    T_OPTION, T_P, T_PARAM, T_PLAINTEXT, T_PRE, T_S, T_SCRIPT, T_SECTION, T_SELECT, T_SMALL, T_SOURCE,
    T_STRIKE, T_STRONG, T_STYLE, T_SUMMARY, T_SVG, T_TABLE, T_TBODY, T_TD, T_TEMPLATE, T_TEXTAREA, T_TFOOT,
    T_TH, T_THEAD, T_TITLE, T_TR, T_TRACK, T_TT, T_U, T_UL, T_WBR, T_XMP, T_RUBY, T_SPAN, T_SUB, T_SUP, T_VAR,
};

typedef struct wn_tag {
    const char *name; /* lower case */
    unsigned char len;
    unsigned char id;
    unsigned short flags;
} wn_tag;

#define TAG(s, id, f) {s, sizeof(s) - 1, id, f}
#define CP F_CLOSEP
#define SP F_SPECIAL
/* Sorted by name for bsearch-style lookup. */
static const wn_tag wn_tags[] = {
    TAG("a", T_A, F_FMT),
    TAG("address", T_ADDRESS, CP),
    TAG("applet", T_APPLET, SP | F_SCOPE | F_MARKER),
    TAG("area", T_AREA, F_VOID),
    TAG("article", T_ARTICLE, CP | SP),
    TAG("aside", T_ASIDE, CP | SP),
    TAG("b", T_B, F_FMT | F_BREAK),
    TAG("base", T_BASE, F_VOID),
    TAG("basefont", T_BASEFONT, F_VOID),
    TAG("bgsound", T_BGSOUND, F_VOID),
    TAG("big", T_BIG, F_FMT | F_BREAK),
    TAG("blockquote", T_BLOCKQUOTE, CP | SP | F_BREAK),
    TAG("body", T_BODY, F_NOSTACK | F_BREAK),
    TAG("br", T_BR, F_VOID | F_BREAK),
    TAG("button", T_BUTTON, SP),
    TAG("canvas", T_CANVAS, F_HIDE),
    TAG("caption", T_CAPTION, SP | F_SCOPE | F_MARKER),
    TAG("center", T_CENTER, CP | SP | F_BREAK),
    TAG("code", T_CODE, F_FMT | F_BREAK),
    TAG("col", T_COL, F_VOID),
    TAG("colgroup", T_COLGROUP, SP),
    TAG("dd", T_DD, CP | F_BREAK),
    TAG("details", T_DETAILS, CP | SP),
    TAG("dialog", T_DIALOG, CP),
    TAG("dir", T_DIR, CP | SP),
    TAG("div", T_DIV, CP | F_BREAK),
    TAG("dl", T_DL, CP | SP | F_BREAK),
    TAG("dt", T_DT, CP | F_BREAK),
    TAG("em", T_EM, F_FMT | F_BREAK),
    TAG("embed", T_EMBED, F_VOID | F_BREAK),
    TAG("fieldset", T_FIELDSET, CP | SP),
    TAG("figcaption", T_FIGCAPTION, CP | SP),
    TAG("figure", T_FIGURE, CP | SP),
    TAG("font", T_FONT, F_FMT),
    TAG("footer", T_FOOTER, CP | SP),
    TAG("form", T_FORM, CP | SP),
    TAG("frame", T_FRAME, F_VOID),
    TAG("frameset", T_FRAMESET, SP),
    TAG("h1", T_H1, CP | SP | F_HEADING | F_BREAK),
    TAG("h2", T_H2, CP | SP | F_HEADING | F_BREAK),
    TAG("h3", T_H3, CP | SP | F_HEADING | F_BREAK),
    TAG("h4", T_H4, CP | SP | F_HEADING | F_BREAK),
    TAG("h5", T_H5, CP | SP | F_HEADING | F_BREAK),
    TAG("h6", T_H6, CP | SP | F_HEADING | F_BREAK),
    TAG("head", T_HEAD, F_NOSTACK | F_BREAK),
    TAG("header", T_HEADER, CP | SP),
    TAG("hgroup", T_HGROUP, CP | SP),
    TAG("hr", T_HR, F_VOID | F_BREAK),
    TAG("html", T_HTML, F_NOSTACK),
    TAG("i", T_I, F_FMT | F_BREAK),
    TAG("iframe", T_IFRAME, F_DROP),
    TAG("image", T_IMAGE, F_VOID),
    TAG("img", T_IMG, F_VOID | F_BREAK),
    TAG("input", T_INPUT, F_VOID),
    TAG("keygen", T_KEYGEN, F_VOID),
    TAG("li", T_LI, CP | F_BREAK),
    TAG("link", T_LINK, F_VOID),
    TAG("listing", T_LISTING, CP | SP | F_BREAK),
    TAG("main", T_MAIN, CP | SP),
    TAG("marquee", T_MARQUEE, SP | F_SCOPE | F_MARKER),
    TAG("menu", T_MENU, CP | SP | F_LIST | F_BREAK),
    TAG("meta", T_META, F_VOID | F_BREAK),
    TAG("nav", T_NAV, CP | SP),
    TAG("nobr", T_NOBR, F_FMT | F_BREAK),
    TAG("noembed", T_NOEMBED, F_DROP),
    TAG("noframes", T_NOFRAMES, F_DROP),
    TAG("noscript", T_NOSCRIPT, F_DROP),
    TAG("object", T_OBJECT, F_HIDE | SP | F_SCOPE | F_MARKER),
    TAG("ol", T_OL, CP | SP | F_LIST | F_BREAK),
    TAG("optgroup", T_OPTGROUP, 0),
    TAG("option", T_OPTION, 0),
    TAG("p", T_P, CP | F_BREAK),
    TAG("param", T_PARAM, F_VOID),
    TAG("plaintext", T_PLAINTEXT, CP | F_PLAIN),
    TAG("pre", T_PRE, CP | SP | F_BREAK),
    TAG("ruby", T_RUBY, F_BREAK),
    TAG("s", T_S, F_FMT | F_BREAK),
    TAG("script", T_SCRIPT, F_DROP),
    TAG("section", T_SECTION, CP | SP),
    TAG("select", T_SELECT, SP),
    TAG("small", T_SMALL, F_FMT | F_BREAK),
    TAG("source", T_SOURCE, F_VOID),
    TAG("span", T_SPAN, F_BREAK),
    TAG("strike", T_STRIKE, F_FMT | F_BREAK),
    TAG("strong", T_STRONG, F_FMT | F_BREAK),
    TAG("style", T_STYLE, F_DROP),
    TAG("sub", T_SUB, F_BREAK),
    TAG("summary", T_SUMMARY, CP | SP),
    TAG("sup", T_SUP, F_BREAK),
    TAG("svg", T_SVG, F_HIDE),
    TAG("table", T_TABLE, CP | SP | F_SCOPE | F_BREAK),
    TAG("tbody", T_TBODY, SP),
    TAG("td", T_TD, SP | F_SCOPE | F_MARKER),
    TAG("template", T_TEMPLATE, F_HIDE | SP | F_SCOPE | F_MARKER),
    TAG("textarea", T_TEXTAREA, F_RAW),
    TAG("tfoot", T_TFOOT, SP),
    TAG("th", T_TH, SP | F_SCOPE | F_MARKER),
    TAG("thead", T_THEAD, SP),
    TAG("title", T_TITLE, F_RAW),
    TAG("tr", T_TR, SP),
    TAG("track", T_TRACK, F_VOID),
    TAG("tt", T_TT, F_FMT | F_BREAK),
    TAG("u", T_U, F_FMT | F_BREAK),
    TAG("ul", T_UL, CP | SP | F_LIST | F_BREAK),
    TAG("var", T_VAR, F_BREAK),
    TAG("wbr", T_WBR, F_VOID),
    TAG("xmp", T_XMP, CP | F_RAW),
};
#undef TAG
#undef CP
#undef SP


/* ---- the model of the tree builder -------------------------------------- */

/* What a stack entry is, for the O(1) scope checks: for each kind, the index
 * of the topmost open element of that kind (-1 if none). */
enum {
    K_P, K_LI, K_DTDD, K_CELL, K_TR, K_TSECT, K_TABLE, K_NONFMT, K_SCOPE, K_BUTTON, K_LIST, K_SPECIAL, K_ANYSPECIAL,
    K_COUNT
};

typedef struct wn_entry {
    uint32_t key;      /* hash of the lower-case name */
    int32_t slot;      /* name table slot, -1 if untracked */
    int32_t prev_name; /* previous open element of the same name */
    uint16_t mask;     /* K_* bits */
    uint8_t tag;       /* T_* */
    uint8_t marker;    /* pushed a marker on the formatting list */
    int32_t prev[K_COUNT];
} wn_entry;

typedef struct wn_name {
    uint32_t key; /* 0 = empty */
    int32_t top;  /* topmost open element with this name, -1 if none */
    uint32_t dropped; /* start tags dropped whose end tag is still to come */
} wn_name;

typedef struct wn_afe {
    uint8_t tag;    /* T_*, or T_UNKNOWN for a marker */
    uint32_t ahash; /* hash of the kept attributes (Noah's Ark) */
} wn_afe;

#define WN_PS_TAGSLOTS 256 /* tag-name hash slots (power of two, > 2 x the tags) */

typedef struct wn_ps {
    uint16_t tagslot[WN_PS_TAGSLOTS]; /* wn_tags index + 1 by name hash, 0 empty */
    const char *end;
    char *o, *oend;
    wn_arena_t *a;
    wn_prescan_out_t *out;
    unsigned max_attrs;
    unsigned short_hrefs, no_images, no_unread; /* wn_prescan_limits_t */
    unsigned truncated;
    int overflow;
    /* stack of open elements */
    wn_entry *st;
    unsigned depth, cap;
    int32_t top[K_COUNT];
    wn_name *names;
    unsigned n_names;
    const int32_t *verbatim[3]; /* names[pre/listing/code].top: >= 0 inside one */
    const char *obeg;
    /* list of active formatting elements */
    wn_afe *afe;
    unsigned n_afe, cap_afe, n_fmt, max_fmt;
    unsigned n_fmt_open; /* formatting elements on the stack */
    /* End tags written for formatting elements closed by an ancestor, so
     * that the parser does not keep cloning them (see pop_one). */
    int32_t hide_at; /* stack index of the svg/object/... being left out, -1 if none */
    char synth[512];
    size_t n_synth;
    size_t extra, budget; /* synthesized bytes so far, and the most allowed */
    /* text_runs: the text behind references (see make_refs) */
    int runs_on;
    char *rs, *rs_end;   /* run store: each run's bytes and a NUL */
    wn_textrun_t *runs;  /* in the arena, grown by doubling */
    size_t n_runs, cap_runs;
    /* class/id values by reference: the values, and a hash table of their
     * indices + 1 (open addressing, 2 x WN_NAME_MAX_COUNT slots), made on
     * first use */
    wn_textrun_t *nv;
    uint32_t *nslot;
    unsigned n_nv;
    int body_seen; /* a <body> start tag was read (a <noscript> may be kept) */
} wn_ps;

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
static int is_alpha(int c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }
static int is_ws(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* Length of the code point at p (p < e) if it may be part of a text run:
 * a character the tokenizer passes through unchanged in every text state
 * (not '&', '<', CR, NUL, FF, another control character, a noncharacter,
 * U+F8F0, U+F8F1 or invalid UTF-8); else 0. */
static size_t run_cp_mb(const unsigned char *p, const unsigned char *e);

/* run_cp for ASCII: 1 for a byte a text stretch may hold (tab, newline,
 * printable but '&' and '<'). */
static const unsigned char run_ascii[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
};

static inline size_t run_cp(const unsigned char *p, const unsigned char *e) {
    unsigned c = p[0];
    if (c < 0x80) return run_ascii[c];
    return run_cp_mb(p, e);
}

/* run_cp past ASCII. */
static size_t run_cp_mb(const unsigned char *p, const unsigned char *e) {
    unsigned c = p[0];
    size_t left = (size_t)(e - p);
    if (c >= 0xC2 && c <= 0xDF) {
        if (left < 2 || (p[1] & 0xC0) != 0x80) return 0;
        return (c > 0xC2 || p[1] >= 0xA0) ? 2 : 0; /* not C1 controls */
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
        unsigned cp = ((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0xFDD0 && cp <= 0xFDEF) || cp >= 0xFFFE ||
            cp == 0xF8F0 || cp == 0xF8F1)
            return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (left < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
        unsigned cp = ((c & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
        if (cp < 0x10000 || cp > 0x10FFFF || (cp & 0xFFFE) == 0xFFFE) return 0;
        return 4;
    }
    return 0;
}

/* Stores run w[0..len) and returns its index, or -1 when the store or the
 * table is full (the text then stays inline). */
static long run_add(wn_ps *s, const char *w, size_t len) {
    if (s->n_runs >= WN_RUN_MAX_COUNT || len + 1 > (size_t)(s->rs_end - s->rs)) return -1;
    if (s->n_runs == s->cap_runs) {
        size_t nc = s->cap_runs ? s->cap_runs * 2 : 256;
        wn_textrun_t *nr = wn_arena_alloc(s->a, nc * sizeof *nr);
        if (!nr) {
            s->runs_on = 0;
            return -1;
        }
        if (s->n_runs) memcpy(nr, s->runs, s->n_runs * sizeof *nr);
        s->runs = nr;
        s->cap_runs = nc;
    }
    memcpy(s->rs, w, len);
    s->rs[len] = '\0';
    s->runs[s->n_runs].text = s->rs;
    s->runs[s->n_runs].len = len;
    s->rs += len + 1;
    return (long)s->n_runs++;
}

#define WN_PS_NSLOTS (2 * WN_NAME_MAX_COUNT)

/* The index of class/id value v[0..n) among the page's values by
 * reference, adding it if new; -1 when it must stay inline (a character
 * a text stretch may not hold, the table full, no memory). */
static long name_index(wn_ps *s, const char *v, size_t n) {
    const unsigned char *p = (const unsigned char *)v, *e = p + n;
    uint32_t h = 2166136261u;
    while (p < e) {
        size_t l = run_cp(p, e);
        if (!l) return -1;
        for (size_t k = 0; k < l; k++) h = (h ^ p[k]) * 16777619u;
        p += l;
    }
    if (!s->nslot) {
        s->nslot = wn_arena_calloc(s->a, WN_PS_NSLOTS * sizeof *s->nslot);
        s->nv = wn_arena_alloc(s->a, WN_NAME_MAX_COUNT * sizeof *s->nv);
        if (!s->nslot || !s->nv) {
            s->runs_on = 0;
            return -1;
        }
    }
    for (uint32_t i = h & (WN_PS_NSLOTS - 1);; i = (i + 1) & (WN_PS_NSLOTS - 1)) {
        uint32_t k = s->nslot[i];
        if (!k) {
            if (s->n_nv >= WN_NAME_MAX_COUNT || n + 1 > (size_t)(s->rs_end - s->rs)) return -1;
            memcpy(s->rs, v, n);
            s->rs[n] = '\0';
            s->nv[s->n_nv].text = s->rs;
            s->nv[s->n_nv].len = n;
            s->rs += n + 1;
            s->nslot[i] = ++s->n_nv;
            return (long)s->n_nv - 1;
        }
        const wn_textrun_t *t = &s->nv[k - 1];
        if (t->len == n && !memcmp(t->text, v, n)) return (long)k - 1;
    }
}

_Static_assert(WN_RUN_MIN >= WN_RUN_REF_LEN, "make_refs works in place: a reference may not outgrow its text");

/* Ends the open stretch of make_refs at beg..last (beg NULL: none) with w
 * the write position: a stretch of WN_RUN_MIN bytes or more goes to the run
 * store and its reference takes its place, the bytes after it moving up.
 * Returns the new write position. */
static char *close_stretch(wn_ps *s, char *beg, char *last, char *w) {
    if (!beg || last - beg < WN_RUN_MIN) return w;
    long k = run_add(s, beg, (size_t)(last - beg));
    if (k < 0) return w;
    size_t tail = (size_t)(w - last);
    wn_run_ref_put(beg, (unsigned)k);
    memmove(beg + WN_RUN_REF_LEN, last, tail);
    return beg + WN_RUN_REF_LEN + tail;
}

/* text_runs: replaces, in the text just written at seg[0..s->o), each
 * stretch of run_cp characters of WN_RUN_MIN bytes or more, from its first
 * to its last non-space, by a reference to a copy in the run store. Spaces
 * around it stay inline: the parser's whitespace rules see them as before,
 * and the reference, like the text it stands for, starts and ends with a
 * non-space. In place: a reference is never longer than what it replaces. */
static void make_refs(wn_ps *s, char *seg) {
    const unsigned char *r = (const unsigned char *)seg, *e = (const unsigned char *)s->o;
    char *w = seg;
    char *beg = NULL, *last = NULL; /* open stretch in w: its start, end of its last non-space */
    while (r < e) {
        size_t l = run_cp(r, e);
        if (!l) {
            w = close_stretch(s, beg, last, w);
            beg = NULL;
            if (*r == '&') { /* a character reference: its name stays inline too */
                *w++ = (char)*r++;
                while (r < e && (*r == '#' || (*r >= '0' && *r <= '9') || is_alpha(*r))) *w++ = (char)*r++;
                if (r < e && *r == ';') *w++ = (char)*r++;
                continue;
            }
            *w++ = (char)*r++;
            continue;
        }
        int ws = *r == ' ' || *r == '\t' || *r == '\n';
        if (!ws) {
            if (!beg) beg = w;
            for (size_t k = 0; k < l; k++) *w++ = (char)*r++;
            last = w;
        } else {
            *w++ = (char)*r++;
        }
    }
    s->o = close_stretch(s, beg, last, w);
}

static void emit(wn_ps *s, const char *p, size_t n) {
    if (s->hide_at >= 0) return;
    if (n > (size_t)(s->oend - s->o)) {
        /* Cannot happen (the output never outgrows the input); keep memory safe. */
        s->overflow = 1;
        n = (size_t)(s->oend - s->o);
    }
    memcpy(s->o, p, n);
    s->o += n;
}

/* Copies text, collapsing each run of whitespace to one byte (a newline if
 * the run holds one) unless inside <pre>, <listing> or <code> (code blocks
 * styled white-space:pre without a <pre> keep their indentation):
 * indentation between tags is a sixth of a page's bytes, and Gumbo makes a
 * token per byte. */
static void emit_text(wn_ps *s, const char *p, size_t n) {
    if (s->hide_at >= 0) return;
    if ((s->verbatim[0] && *s->verbatim[0] >= 0) || (s->verbatim[1] && *s->verbatim[1] >= 0) ||
        (s->verbatim[2] && *s->verbatim[2] >= 0)) {
        char *seg = s->o;
        emit(s, p, n);
        if (s->runs_on) make_refs(s, seg);
        return;
    }
    if (n > (size_t)(s->oend - s->o)) {
        s->overflow = 1;
        n = (size_t)(s->oend - s->o);
    }
    char *o = s->o;
    int prev = s->o > s->obeg && is_ws((unsigned char)s->o[-1]);
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if ((unsigned char)c > ' ') { /* not whitespace: the common case, one compare */
            prev = 0;
            *o++ = c;
            continue;
        }
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
            if (prev) {
                if (c == '\n') o[-1] = '\n';
                continue;
            }
            prev = 1;
        } else {
            prev = 0;
        }
        *o++ = c;
    }
    char *seg = s->o;
    s->o = o;
    if (s->runs_on) make_refs(s, seg);
}

static wn_name *name_find(wn_ps *s, uint32_t key, int insert) {
    uint32_t i = key & (WN_PS_NAMES - 1);
    for (;;) {
        wn_name *nm = &s->names[i];
        if (nm->key == key) return nm;
        if (nm->key == 0) {
            if (!insert || s->n_names >= WN_PS_NAMES_FILL) return NULL;
            s->n_names++;
            nm->key = key;
            nm->top = -1;
            return nm;
        }
        i = (i + 1) & (WN_PS_NAMES - 1);
    }
}

static unsigned kind_mask(const wn_tag *t) {
    unsigned m = 0, f = t ? t->flags : 0;
    unsigned id = t ? t->id : T_UNKNOWN;
    if (!(f & F_FMT)) m |= 1u << K_NONFMT;
    if (f & F_SCOPE) m |= 1u << K_SCOPE;
    if (f & F_LIST) m |= 1u << K_LIST;
    if (f & F_SPECIAL) m |= 1u << K_SPECIAL;
    if (f & (F_SPECIAL | F_CLOSEP | F_SCOPE)) m |= 1u << K_ANYSPECIAL;
    switch (id) {
    case T_P: m |= 1u << K_P; break;
    case T_LI: m |= 1u << K_LI; break;
    case T_DD: case T_DT: m |= 1u << K_DTDD; break;
    case T_TD: case T_TH: m |= 1u << K_CELL; break;
    case T_TR: m |= 1u << K_TR; break;
    case T_TBODY: case T_THEAD: case T_TFOOT: m |= 1u << K_TSECT; break;
    case T_TABLE: m |= 1u << K_TABLE; break;
    case T_BUTTON: m |= 1u << K_BUTTON; break;
    default: break;
    }
    return m;
}

/* Removes formatting-list entries back to and including the last marker. */
static void afe_clear_to_marker(wn_ps *s) {
    while (s->n_afe) {
        wn_afe *e = &s->afe[--s->n_afe];
        if (e->tag == T_UNKNOWN) break;
        s->n_fmt--;
    }
}

/* Index of the last `tag` entry after the last marker, or -1. */
static long afe_find(const wn_ps *s, unsigned tag) {
    for (unsigned i = s->n_afe; i-- > 0;) {
        if (s->afe[i].tag == T_UNKNOWN) break;
        if (s->afe[i].tag == tag) return (long)i;
    }
    return -1;
}

static void afe_remove(wn_ps *s, unsigned i) {
    memmove(&s->afe[i], &s->afe[i + 1], (s->n_afe - i - 1) * sizeof s->afe[0]);
    s->n_afe--;
    s->n_fmt--;
}

static const wn_tag *tag_of(uint8_t id);

/* Pops the current element. A formatting element popped by an ancestor's
 * end tag (<p><b>x</p>) stays on the parser's list of active formatting
 * elements and is cloned into every later block with text: a page that
 * never closes its <b class=N> would get dozens of clones per paragraph.
 * So the end tag is written for it (into s->synth, which the caller places
 * before the tag that caused the pop), within a byte budget. */
static void pop_one(wn_ps *s) {
    wn_entry *e = &s->st[--s->depth];
    int hidden = s->hide_at >= 0;
    if (s->hide_at == (int32_t)s->depth) s->hide_at = -1;
    if (!(e->mask & (1u << K_NONFMT))) s->n_fmt_open--;
    if (!(e->mask & (1u << K_NONFMT)) && !hidden) {
        const wn_tag *t = tag_of(e->tag);
        long i = afe_find(s, e->tag);
        size_t k = t ? t->len + 3u : 0;
        if (t && i >= 0 && s->n_synth + k <= sizeof s->synth && s->extra + k <= s->budget) {
            memcpy(s->synth + s->n_synth, "</", 2);
            memcpy(s->synth + s->n_synth + 2, t->name, t->len);
            s->synth[s->n_synth + k - 1] = '>';
            s->n_synth += k;
            s->extra += k;
            afe_remove(s, (unsigned)i);
        }
    }
    for (unsigned k = 0; k < K_COUNT; k++)
        if (e->mask & (1u << k)) s->top[k] = e->prev[k];
    if (e->slot >= 0) s->names[e->slot].top = e->prev_name;
    if (e->marker) afe_clear_to_marker(s);
}

/* Pops every element at index >= i. */
static void pop_to(wn_ps *s, int32_t i) {
    if (i < 0) return;
    while (s->depth > (unsigned)i) pop_one(s);
}

static void push(wn_ps *s, const wn_tag *t, uint32_t key) {
    wn_entry *e = &s->st[s->depth];
    int32_t idx = (int32_t)s->depth;
    e->key = key;
    e->tag = (uint8_t)(t ? t->id : T_UNKNOWN);
    e->mask = (uint16_t)kind_mask(t);
    e->marker = 0;
    if (!(e->mask & (1u << K_NONFMT))) s->n_fmt_open++;
    for (unsigned k = 0; k < K_COUNT; k++) {
        if (e->mask & (1u << k)) {
            e->prev[k] = s->top[k];
            s->top[k] = idx;
        }
    }
    wn_name *nm = name_find(s, key, 1);
    e->slot = nm ? (int32_t)(nm - s->names) : -1;
    e->prev_name = nm ? nm->top : -1;
    if (nm) nm->top = idx;
    s->depth++;
    if (t && (t->flags & F_MARKER) && s->n_afe < s->cap_afe) {
        s->afe[s->n_afe].tag = T_UNKNOWN;
        s->afe[s->n_afe].ahash = 0;
        s->n_afe++;
        e->marker = 1;
    }
}

static void note_dropped(wn_ps *s, uint32_t key) {
    wn_name *nm = name_find(s, key, 1);
    if (nm && nm->dropped < UINT32_MAX) nm->dropped++;
}

static uint32_t fnv_step(uint32_t h, unsigned c) { return (h ^ c) * 16777619u; }
#define FNV_INIT 2166136261u

static const wn_tag *tag_of(uint8_t id) {
    for (size_t i = 0; i < sizeof wn_tags / sizeof wn_tags[0]; i++)
        if (wn_tags[i].id == id) return &wn_tags[i];
    return NULL;
}

/* Looks up a lower-case tag name low[0..len) whose FNV-1a hash (before the
 * 0 -> 1 adjustment of key_of) is h; returns NULL for unknown tags. One
 * probe or two in s->tagslot instead of a binary search of the names. */
static const wn_tag *tag_lookup(const wn_ps *s, const char *low, size_t len, uint32_t h) {
    for (uint32_t k = h & (WN_PS_TAGSLOTS - 1); s->tagslot[k]; k = (k + 1) & (WN_PS_TAGSLOTS - 1)) {
        const wn_tag *t = &wn_tags[s->tagslot[k] - 1];
        if (t->len != len) continue;
        size_t i = 0;
        while (i < len && t->name[i] == low[i]) i++;
        if (i == len) return t;
    }
    return NULL;
}

/* Fills s->tagslot from wn_tags. */
static void tag_index(wn_ps *s) {
    for (size_t i = 0; i < sizeof wn_tags / sizeof wn_tags[0]; i++) {
        uint32_t h = FNV_INIT;
        for (size_t k = 0; k < wn_tags[i].len; k++) h = fnv_step(h, (unsigned char)wn_tags[i].name[k]);
        uint32_t k = h & (WN_PS_TAGSLOTS - 1);
        while (s->tagslot[k]) k = (k + 1) & (WN_PS_TAGSLOTS - 1);
        s->tagslot[k] = (uint16_t)(i + 1);
    }
}

static uint32_t key_of(const char *low, size_t len) {
    uint32_t h = FNV_INIT;
    for (size_t i = 0; i < len; i++) h = fnv_step(h, (unsigned char)low[i]);
    return h ? h : 1;
}

/* Implicit parts of a table the parser would insert (tbody, tr), pushed so
 * that the depth count matches what Gumbo builds. */
static void push_implied(wn_ps *s, uint8_t id, unsigned room) {
    if (s->depth + room >= s->cap) return;
    const wn_tag *t = tag_of(id);
    push(s, t, key_of(t->name, t->len));
}

static const wn_entry *top_entry(const wn_ps *s) { return s->depth ? &s->st[s->depth - 1] : NULL; }

static int32_t max32(int32_t a, int32_t b) { return a > b ? a : b; }

/* Applies a kept-or-not start tag of a non-void element to the model.
 * Returns 1 if the tag is kept, 0 if it must be dropped (a cap). */
static int model_start(wn_ps *s, const wn_tag *t, uint32_t key, uint32_t ahash) {
    unsigned f = t ? t->flags : 0, id = t ? t->id : T_UNKNOWN;
    const wn_entry *te;
    if ((f & F_CLOSEP) && s->top[K_P] >= 0 && s->top[K_P] > max32(s->top[K_SCOPE], s->top[K_BUTTON]))
        pop_to(s, s->top[K_P]);
    switch (id) {
    case T_LI:
        if (s->top[K_LI] > s->top[K_SPECIAL]) pop_to(s, s->top[K_LI]);
        break;
    case T_DD:
    case T_DT:
        if (s->top[K_DTDD] > s->top[K_SPECIAL]) pop_to(s, s->top[K_DTDD]);
        break;
    case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
        te = top_entry(s);
        if (te && te->tag >= T_H1 && te->tag <= T_H6) pop_one(s);
        break;
    case T_TD:
    case T_TH:
        if (s->top[K_CELL] > s->top[K_TABLE]) pop_to(s, s->top[K_CELL]);
        te = top_entry(s);
        if (te && te->tag == T_TABLE) push_implied(s, T_TBODY, 2);
        te = top_entry(s);
        if (te && (te->tag == T_TBODY || te->tag == T_THEAD || te->tag == T_TFOOT)) push_implied(s, T_TR, 1);
        break;
    case T_TR:
        if (s->top[K_TR] > s->top[K_TABLE]) pop_to(s, s->top[K_TR]);
        else if (s->top[K_CELL] > s->top[K_TABLE]) pop_to(s, s->top[K_CELL]);
        te = top_entry(s);
        if (te && te->tag == T_TABLE) push_implied(s, T_TBODY, 1);
        break;
    case T_TBODY:
    case T_THEAD:
    case T_TFOOT:
        if (s->top[K_TABLE] >= 0) pop_to(s, s->top[K_TABLE] + 1);
        break;
    case T_TABLE:
        if (s->top[K_TABLE] >= 0 && s->top[K_TABLE] > s->top[K_CELL]) pop_to(s, s->top[K_TABLE]);
        break;
    case T_OPTION:
        te = top_entry(s);
        if (te && te->tag == T_OPTION) pop_one(s);
        break;
    case T_OPTGROUP:
        te = top_entry(s);
        if (te && te->tag == T_OPTION) pop_one(s);
        te = top_entry(s);
        if (te && te->tag == T_OPTGROUP) pop_one(s);
        break;
    case T_BUTTON: {
        wn_name *nm = name_find(s, key, 0);
        if (nm && nm->top >= 0 && nm->top > s->top[K_SCOPE]) pop_to(s, nm->top);
        break;
    }
    default:
        break;
    }
    if (f & F_FMT) {
        if (id == T_A || id == T_NOBR) {
            /* A new <a> closes an open one (the adoption agency). */
            long i = afe_find(s, id);
            if (i >= 0) afe_remove(s, (unsigned)i);
            wn_name *nm = name_find(s, key, 0);
            if (nm && nm->top >= 0 && nm->top > s->top[K_NONFMT]) pop_to(s, nm->top);
        }
        /* Noah's Ark: at most three identical entries after the last marker. */
        unsigned same = 0, first = 0;
        for (unsigned i = s->n_afe; i-- > 0;) {
            if (s->afe[i].tag == T_UNKNOWN) break;
            if (s->afe[i].tag == id && s->afe[i].ahash == ahash) same++, first = i;
        }
        if (same >= 3) afe_remove(s, first);
        /* Both the elements open on the stack and the list Gumbo rebuilds
         * them from (which outlives the stack: <p><b>x</p> leaves b there). */
        if (s->n_fmt >= s->max_fmt || s->n_fmt_open >= s->max_fmt || s->n_afe >= s->cap_afe ||
            (s->n_fmt > s->n_fmt_open && s->n_fmt - s->n_fmt_open >= WN_PS_MAX_STALE)) {
            s->truncated |= WN_TRUNC_FORMAT;
            return 0;
        }
    }
    if (s->depth >= s->cap) {
        s->truncated |= WN_TRUNC_DEPTH;
        return 0;
    }
    push(s, t, key);
    if (f & F_FMT) {
        s->afe[s->n_afe].tag = (uint8_t)id;
        s->afe[s->n_afe].ahash = ahash;
        s->n_afe++;
        s->n_fmt++;
    }
    return 1;
}

/* Applies an end tag to the model (the tag itself is emitted by the caller). */
static void model_end(wn_ps *s, const wn_tag *t, wn_name *nm) {
    unsigned f = t ? t->flags : 0, id = t ? t->id : T_UNKNOWN;
    int32_t idx = nm ? nm->top : -1;
    if (f & (F_VOID | F_NOSTACK)) return;
    if (f & F_FMT) {
        long i = afe_find(s, id);
        if (i >= 0) afe_remove(s, (unsigned)i);
        /* Only formatting elements above it: a plain pop. Otherwise the
         * adoption agency keeps the blocks above open; so do we. */
        if (idx >= 0 && idx > s->top[K_NONFMT]) pop_to(s, idx);
        return;
    }
    if (idx < 0) return;
    switch (id) {
    case T_FORM:
        /* </form> removes the form without closing what is inside it. */
        if ((unsigned)idx + 1 == s->depth) pop_one(s);
        return;
    case T_P:
        if (idx > max32(s->top[K_SCOPE], s->top[K_BUTTON])) pop_to(s, idx);
        return;
    case T_LI:
        if (idx > max32(s->top[K_SCOPE], s->top[K_LIST])) pop_to(s, idx);
        return;
    case T_TD: case T_TH: case T_CAPTION: case T_TR: case T_TBODY: case T_THEAD: case T_TFOOT:
        if (idx > s->top[K_TABLE]) pop_to(s, idx);
        return;
    case T_TABLE:
        pop_to(s, idx);
        return;
    default:
        /* Block-level ("special") elements close what is open inside them
         * when in scope; an inline or unknown element's end tag is ignored
         * if a special element is open inside it (<span><div></span>). */
        if (f & (F_SPECIAL | F_CLOSEP | F_SCOPE)) {
            if (idx >= s->top[K_SCOPE]) pop_to(s, idx);
        } else if (idx > s->top[K_ANYSPECIAL]) {
            pop_to(s, idx);
        }
        return;
    }
}

/* ---- attributes ----------------------------------------------------------- */

enum { A_DROP, A_KEEP, A_STYLE, A_TYPE, A_SRC, A_REL, A_HREF, A_ALT, A_UNREAD, A_NAMES };

typedef struct wn_attr_name {
    const char *name;
    unsigned char len;
    unsigned char what;
} wn_attr_name;

#define AT(s, w) {s, sizeof(s) - 1, w}
static const wn_attr_name wn_attrs[] = {
    AT("id", A_NAMES),       AT("class", A_NAMES),      AT("href", A_HREF),       AT("src", A_SRC),
    AT("alt", A_ALT),       AT("title", A_UNREAD),      AT("name", A_KEEP),       AT("content", A_KEEP),
    AT("property", A_KEEP),  AT("itemprop", A_KEEP),   AT("role", A_KEEP),       AT("rel", A_REL),
    AT("lang", A_KEEP),      AT("dir", A_UNREAD),        AT("datetime", A_KEEP),   AT("itemscope", A_UNREAD),
    AT("itemtype", A_KEEP),    AT("charset", A_KEEP),    AT("http-equiv", A_KEEP), AT("hidden", A_KEEP),
    AT("aria-hidden", A_KEEP), AT("aria-label", A_UNREAD), AT("style", A_STYLE),   AT("type", A_TYPE),
    AT("aria-level", A_KEEP),  AT("xml:lang", A_KEEP), /* role=heading levels; XHTML pages' language */
    AT("data-role", A_KEEP), /* a forum engine's name for a post's text (posts.c) */
};
#undef AT

static unsigned attr_kind(const char *p, size_t len) {
    char low[12];
    if (len > sizeof low) return A_DROP;
    for (size_t i = 0; i < len; i++) low[i] = (char)lower((unsigned char)p[i]);
    for (size_t i = 0; i < sizeof wn_attrs / sizeof wn_attrs[0]; i++)
        if (wn_attrs[i].len == len && wn_attrs[i].name[0] == low[0] && memcmp(wn_attrs[i].name, low, len) == 0)
            return wn_attrs[i].what;
    return A_DROP;
}

/* Case-insensitive match of the lower-case word w at p[0..n). */
static int ci_word(const char *p, size_t n, const char *w, size_t wl) {
    if (n < wl) return 0;
    for (size_t i = 0; i < wl; i++)
        if (lower((unsigned char)p[i]) != w[i]) return 0;
    return 1;
}

/* Nonzero if a style value hides the element: "display: none" or
 * "visibility: hidden" (any case, any spaces around the colon). Other
 * styles are noise for extraction and are dropped. */
static int style_hides(const char *v, size_t n) {
    static const struct {
        const char *prop, *val;
        size_t pl, vl;
    } pats[] = {{"display", "none", 7, 4}, {"visibility", "hidden", 10, 6}};
    for (size_t i = 0; i < n; i++) {
        int c = lower((unsigned char)v[i]);
        for (size_t k = 0; k < 2; k++) {
            if (c != pats[k].prop[0] || !ci_word(v + i, n - i, pats[k].prop, pats[k].pl)) continue;
            size_t j = i + pats[k].pl;
            while (j < n && is_ws((unsigned char)v[j])) j++;
            if (j >= n || v[j] != ':') continue;
            j++;
            while (j < n && is_ws((unsigned char)v[j])) j++;
            if (ci_word(v + j, n - j, pats[k].val, pats[k].vl)) return 1;
        }
    }
    return 0;
}

/* Nonzero if the lower-case word w occurs in p[0..n), any case. */
static int ci_find(const char *p, size_t n, const char *w, size_t wl) {
    for (size_t i = 0; i + wl <= n; i++)
        if (lower((unsigned char)p[i]) == w[0] && ci_word(p + i, n - i, w, wl)) return 1;
    return 0;
}

static int is_ldjson(const char *v, size_t n) {
    while (n && is_ws((unsigned char)*v)) v++, n--;
    while (n && is_ws((unsigned char)v[n - 1])) n--;
    return n == 19 && ci_word(v, n, "application/ld+json", 19);
}

typedef struct wn_tagscan {
    const char *after; /* first byte after the tag's '>', NULL if the input ended inside the tag */
    uint32_t ahash;    /* hash of the kept attributes */
    int ldjson;        /* type="application/ld+json" */
    int selfclose;     /* ended with "/>" */
    int rel_meta;      /* rel= holds "canonical" or "author" */
} wn_tagscan;

/* Parses the attributes of a tag from q (just after its name) to its '>',
 * as the HTML tokenizer does (quoted values may hold '>'). When `emit_ok`,
 * writes the kept attributes and the closing '>' to the output; ts->ahash
 * covers them only when `need_hash` (formatting elements: the rest never
 * read it). */
static void scan_attrs(wn_ps *s, const char *q, int emit_ok, int need_hash, int is_a, wn_tagscan *ts) {
    const char *end = s->end;
    unsigned kept = 0;
    int prev_dropped = 1;
    ts->ahash = FNV_INIT;
    ts->ldjson = 0;
    ts->selfclose = 0;
    ts->rel_meta = 0;
    ts->after = NULL;
    for (;;) {
        int sep = 0;
        while (q < end && (is_ws((unsigned char)*q) || *q == '/')) {
            if (*q == '/' && q + 1 < end && q[1] == '>') ts->selfclose = 1;
            sep = 1;
            q++;
        }
        if (q >= end) return;
        if (*q == '>') {
            if (emit_ok) emit(s, ts->selfclose ? "/>" : ">", ts->selfclose ? 2u : 1u);
            ts->after = q + 1;
            return;
        }
        const char *ns = q++;
        while (q < end && !is_ws((unsigned char)*q) && *q != '/' && *q != '>' && *q != '=') q++;
        const char *ne = q, *vs = NULL, *ve = NULL;
        const char *t = q;
        while (t < end && is_ws((unsigned char)*t)) t++;
        if (t < end && *t == '=') {
            t++;
            while (t < end && is_ws((unsigned char)*t)) t++;
            if (t >= end) return;
            if (*t == '"' || *t == '\'') {
                const char *close = memchr(t + 1, *t, (size_t)(end - t - 1));
                if (!close) return;
                vs = t + 1;
                ve = close;
                q = close + 1;
            } else {
                vs = t;
                while (t < end && !is_ws((unsigned char)*t) && *t != '>') t++;
                ve = t;
                q = t;
            }
        }
        if (!emit_ok) continue;
        unsigned what = attr_kind(ns, (size_t)(ne - ns));
        int keep = what != A_DROP;
        if (what == A_STYLE) keep = vs && style_hides(vs, (size_t)(ve - vs));
        if (what == A_TYPE && vs && is_ldjson(vs, (size_t)(ve - vs))) ts->ldjson = 1;
        /* Inline images (src="data:...") can be megabytes of base64 that no
         * extractor output can use. */
        if (what == A_SRC && vs && ci_word(vs, (size_t)(ve - vs), "data:", 5)) keep = 0;
        if (s->no_images && (what == A_SRC || what == A_ALT)) keep = 0;
        if (s->no_unread && what == A_UNREAD) keep = 0;
        if (what == A_REL && vs && (ci_find(vs, (size_t)(ve - vs), "canonical", 9) || ci_find(vs, (size_t)(ve - vs), "author", 6)))
            ts->rel_meta = 1;
        if (!keep) {
            prev_dropped = 1;
            continue;
        }
        if (kept >= s->max_attrs) {
            s->truncated |= WN_TRUNC_ATTRS;
            prev_dropped = 1;
            continue;
        }
        if (sep || prev_dropped) emit(s, " ", 1);
        char *from = s->o;
        size_t vl = vs ? (size_t)(ve - vs) : 0;
        int bare = 0;
        if (what == A_HREF && is_a && s->short_hrefs && vs && !memchr(vs, '&', vl < 11 ? vl : 11)) {
            /* Without an entity among its first 11 bytes, those bytes are
             * the first characters of the decoded value: a "javascript:"
             * value keeps them (then its closing quote, if any), any other
             * becomes a bare `href` (the empty value: still a link). */
            if (vl >= 11 && ci_word(vs, vl, "javascript:", 11)) {
                emit(s, ns, (size_t)(vs + 11 - ns));
                emit(s, ve, (size_t)(q - ve));
            } else {
                emit(s, ns, (size_t)(ne - ns));
                bare = 1; /* the next attribute needs a space after the name */
            }
        } else if (what == A_NAMES && s->runs_on && vs && vs > ns && (vs[-1] == '"' || vs[-1] == '\'') &&
                   vl >= WN_NAME_MIN && s->hide_at < 0) {
            /* a class or id value by reference (see wn_prescan_limits_t) */
            long k = name_index(s, vs, vl);
            if (k >= 0) {
                char ref[WN_NAME_REF_LEN];
                ref[0] = (char)0xEF;
                ref[1] = (char)0xA3;
                ref[2] = (char)0xB1;
                ref[3] = (char)0xEE;
                ref[4] = (char)(0x80 | ((unsigned long)k >> 6));
                ref[5] = (char)(0x80 | ((unsigned long)k & 63));
                emit(s, ns, (size_t)(vs - ns));
                emit(s, ref, sizeof ref);
                emit(s, ve, (size_t)(q - ve));
            } else {
                emit(s, ns, (size_t)(q - ns));
            }
            if (need_hash) /* the value as written, as below */
                for (const char *c = ns; c < q; c++) ts->ahash = fnv_step(ts->ahash, (unsigned char)lower((unsigned char)*c));
            kept++;
            prev_dropped = 0;
            continue;
        } else {
            emit(s, ns, (size_t)(q - ns));
        }
        if (need_hash) /* only formatting elements are compared (Noah's Ark) */
            for (const char *c = from; c < s->o; c++) ts->ahash = fnv_step(ts->ahash, (unsigned char)lower((unsigned char)*c));
        kept++;
        prev_dropped = bare;
    }
}

/* ---- raw text bodies -------------------------------------------------------- */

/* Nonzero if `p` starts "</name" followed by a delimiter (or the end),
 * case-insensitively. */
static int at_end_tag(const char *p, const char *end, const char *name, size_t nl) {
    if ((size_t)(end - p) < 2 + nl || p[1] != '/') return 0;
    if (!ci_word(p + 2, nl, name, nl)) return 0;
    const char *d = p + 2 + nl;
    return d >= end || is_ws((unsigned char)*d) || *d == '/' || *d == '>';
}

/* Finds the end tag "</name" from p. Returns its '<', or NULL if there is
 * none (unterminated). */
static const char *find_end(const char *p, const char *end, const char *name, size_t nl) {
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt) return NULL;
        if (at_end_tag(lt, end, name, nl)) return lt;
        p = lt + 1;
    }
    return NULL;
}

/* Skips an end tag starting at lt ("</name ...>"), attributes and all. */
static const char *skip_end_tag(wn_ps *s, const char *lt) {
    const char *q = lt + 2;
    while (q < s->end && !is_ws((unsigned char)*q) && *q != '/' && *q != '>') q++;
    wn_tagscan ts;
    scan_attrs(s, q, 0, 0, 0, &ts);
    return ts.after ? ts.after : s->end;
}

static wn_status add_jsonld(wn_ps *s, const char *p, size_t n) {
    wn_prescan_out_t *out = s->out;
    if (out->n_jsonld >= WN_PS_MAX_JSONLD) return WN_OK;
    if (!out->jsonld) {
        out->jsonld = wn_arena_alloc(s->a, WN_PS_MAX_JSONLD * sizeof *out->jsonld);
        if (!out->jsonld) return WN_ENOMEM;
    }
    char *t = wn_arena_strndup(s->a, p, n);
    if (!t) return WN_ENOMEM;
    out->jsonld[out->n_jsonld].text = t;
    out->jsonld[out->n_jsonld].len = n;
    out->n_jsonld++;
    return WN_OK;
}

/* ---- tags ------------------------------------------------------------------- */

/* Handles the start tag at lt ('<' + letter). Sets *next past what it
 * consumed. Returns WN_OK or WN_ENOMEM (JSON-LD copy). */
/* Bytes of content from which a <noscript> is kept (see start_tag). */
#define WN_NOSCRIPT_KEEP 2048

static wn_status start_tag(wn_ps *s, const char *lt, const char **next) {
    const char *end = s->end, *q = lt + 1;
    char low[16];
    size_t len = 0;
    uint32_t key = FNV_INIT;
    while (q < end && !is_ws((unsigned char)*q) && *q != '/' && *q != '>') {
        int c = lower((unsigned char)*q);
        if (len < sizeof low) low[len] = (char)c;
        len++;
        key = fnv_step(key, (unsigned)c);
        q++;
    }
    const wn_tag *t = len <= sizeof low ? tag_lookup(s, low, len, key) : NULL;
    unsigned f = t ? t->flags : 0;
    /* In a frameset the parser drops text but keeps its spaces: from here
     * on, text stays inline so that it sees them. */
    if (t && t->id == T_FRAMESET) s->runs_on = 0;
    if (f & F_HEADING) key = key_of("h1", 2); /* </h3> closes any open heading */
    if (!key) key = 1;
    /* An HTML start tag inside an unclosed <svg> ends it (<svg><use/><p>). */
    if (s->hide_at >= 0 && (f & F_BREAK) && s->st[s->hide_at].tag == T_SVG) pop_to(s, s->hide_at);
    int hidden = s->hide_at >= 0;
    char *mark = s->o;
    emit(s, lt, (size_t)(q - lt));
    wn_tagscan ts;
    scan_attrs(s, q, 1, (f & F_FMT) != 0, t && t->id == T_A, &ts);
    if (!ts.after) { /* the page ends inside the tag: the parser drops it */
        s->o = mark;
        *next = end;
        return WN_OK;
    }
    *next = ts.after;
    if (hidden && s->st[s->hide_at].tag == T_SVG) {
        /* Foreign content: <title/>, <style>, <script> are ordinary
         * elements there, and "/>" does close them. Only follow the
         * structure, to find where the <svg> ends. */
        if (!ts.selfclose && s->depth < s->cap) push(s, t, key);
        return WN_OK;
    }
    /* A large <noscript> may be the page as it reads without scripts (a
     * forum engine's server-rendered thread under an app that scripts
     * build): it is kept, and parsed as with scripting off; wn_dom_build
     * decides whether it is the page's text. A notice to enable scripts or
     * a tracking pixel is far smaller. Only in the body: the parser would
     * move block content out of a <noscript> in the head. */
    if (t && t->id == T_BODY) s->body_seen = 1;
    if (t && t->id == T_NOSCRIPT && s->body_seen) {
        const char *e = find_end(ts.after, end, t->name, t->len);
        if (e && (size_t)(e - ts.after) >= WN_NOSCRIPT_KEEP) f &= ~(unsigned)F_DROP;
    }
    if (f & F_DROP) {
        s->o = mark;
        const char *e = find_end(ts.after, end, t->name, t->len);
        if (t->id == T_SCRIPT && ts.ldjson) {
            const char *be = e ? e : end;
            wn_status st = add_jsonld(s, ts.after, (size_t)(be - ts.after));
            if (st != WN_OK) return st;
        }
        *next = e ? skip_end_tag(s, e) : end;
        return WN_OK;
    }
    if (f & F_RAW) {
        const char *e = find_end(ts.after, end, t->name, t->len);
        const char *be = e ? e : end;
        emit(s, ts.after, (size_t)(be - ts.after));
        *next = be;
        return WN_OK;
    }
    if (f & F_PLAIN) {
        emit(s, ts.after, (size_t)(end - ts.after));
        *next = end;
        return WN_OK;
    }
    /* <link> is read only for rel=canonical (and author); the stylesheets,
     * preloads and icons that fill a modern <head> are dropped. */
    if (t && t->id == T_LINK && !ts.rel_meta) s->o = mark;
    if (f & (F_VOID | F_NOSTACK)) return WN_OK;
    if (hidden) { /* inside <object>, <canvas>, <template>: HTML as usual */
        if (s->depth < s->cap) push(s, t, key);
        return WN_OK;
    }
    if (f & F_HIDE) {
        /* svg, object, canvas, template: left out with everything inside,
         * up to where the tree builder closes them (their end tag, or the
         * end of an ancestor when they are left unclosed). */
        s->o = mark;
        if (t->id == T_SVG && ts.selfclose) return WN_OK;
        if (model_start(s, t, key, ts.ahash)) s->hide_at = (int32_t)s->depth - 1;
        else note_dropped(s, key);
        s->n_synth = 0; /* nothing was emitted for it: closes go unwritten */
        return WN_OK;
    }
    s->n_synth = 0;
    if (!model_start(s, t, key, ts.ahash)) {
        s->o = mark;
        note_dropped(s, key);
    }
    if (s->n_synth) { /* end tags for what the start tag closed go before it */
        size_t tag_len = (size_t)(s->o - mark);
        if (s->n_synth <= (size_t)(s->oend - s->o)) {
            memmove(mark + s->n_synth, mark, tag_len);
            memcpy(mark, s->synth, s->n_synth);
            s->o += s->n_synth;
        } else {
            s->overflow = 1;
        }
        s->n_synth = 0;
    }
    return WN_OK;
}

/* Handles "</" at lt. */
static const char *end_tag(wn_ps *s, const char *lt) {
    const char *end = s->end, *q = lt + 2;
    if (q >= end) { /* "</" at the very end is text */
        emit(s, lt, (size_t)(end - lt));
        return end;
    }
    if (*q == '>') return q + 1; /* "</>" is ignored */
    if (!is_alpha((unsigned char)*q)) { /* bogus comment */
        const char *gt = memchr(q, '>', (size_t)(end - q));
        return gt ? gt + 1 : end;
    }
    char low[16];
    size_t len = 0;
    uint32_t key = FNV_INIT;
    while (q < end && !is_ws((unsigned char)*q) && *q != '/' && *q != '>') {
        int c = lower((unsigned char)*q);
        if (len < sizeof low) low[len] = (char)c;
        len++;
        key = fnv_step(key, (unsigned)c);
        q++;
    }
    const char *name_end = q;
    wn_tagscan ts;
    scan_attrs(s, q, 0, 0, 0, &ts);
    if (!ts.after) return end;
    const wn_tag *t = len <= sizeof low ? tag_lookup(s, low, len, key) : NULL;
    if (t && (t->flags & F_HEADING)) key = key_of("h1", 2);
    if (!key) key = 1;
    wn_name *nm = name_find(s, key, 0);
    if (s->hide_at < 0 && nm && nm->dropped) {
        nm->dropped--;
        return ts.after;
    }
    s->n_synth = 0;
    model_end(s, t, nm);
    emit(s, s->synth, s->n_synth);
    s->n_synth = 0;
    if (t && (t->flags & F_HIDE)) return ts.after; /* its start tag was left out */
    emit(s, lt, (size_t)(name_end - lt));
    emit(s, ">", 1);
    return ts.after;
}

/* Handles "<!" at lt: comments, doctype, bogus comments. */
static const char *markup_decl(wn_ps *s, const char *lt) {
    const char *end = s->end;
    size_t left = (size_t)(end - lt);
    if (left >= 4 && lt[2] == '-' && lt[3] == '-') {
        const char *c = lt + 4;
        if (c < end && *c == '>') return c + 1;                          /* <!--> */
        if (c + 1 < end && c[0] == '-' && c[1] == '>') return c + 2;     /* <!---> */
        const char *q = c;
        for (;;) {
            const char *gt = memchr(q, '>', (size_t)(end - q));
            if (!gt) return end; /* unterminated: to the end, as the parser does */
            if (gt - c >= 2 && gt[-1] == '-' && gt[-2] == '-') return gt + 1;
            if (gt - c >= 3 && gt[-1] == '!' && gt[-2] == '-' && gt[-3] == '-') return gt + 1;
            q = gt + 1;
        }
    }
    const char *gt = memchr(lt + 2, '>', left - 2);
    const char *after = gt ? gt + 1 : end;
    /* The doctype decides quirks mode, which changes how tables nest: keep it. */
    if (left >= 9 && ci_word(lt + 2, 7, "doctype", 7) && gt) emit(s, lt, (size_t)(after - lt));
    return after;
}

/* How much of text p[0..n) (n bytes are there, more follow) to keep when
 * the budget ends at n: up to its last whitespace in the final 256 bytes,
 * else n less a cut UTF-8 sequence and a character reference begun in the
 * final 32 bytes. */
static size_t text_cut(const char *p, size_t n) {
    for (size_t k = n; k > 0 && n - k < 256; k--)
        if (is_ws((unsigned char)p[k - 1])) return k;
    size_t k = n;
    while (k > 0 && ((unsigned char)p[k] & 0xC0) == 0x80) k--;
    for (size_t j = k; j > 0 && k - j < 32; j--)
        if (p[j - 1] == '&') return j - 1;
    return k;
}

/* Nonzero if p[0..n) holds WN_RUN_LEAD or WN_NAME_LEAD. memchr on their
 * first byte (rare outside CJK text) is several times cheaper than memmem. */
static int has_lead(const char *p, size_t n) {
    const char *e = p + n;
    while ((p = memchr(p, 0xEF, (size_t)(e - p))) != NULL) {
        if (e - p >= 3 && (unsigned char)p[1] == 0xA3 && ((unsigned char)p[2] & 0xFE) == 0xB0) return 1;
        p++;
    }
    return 0;
}

/* ---- entry points ------------------------------------------------------------ */

void wn_prescan_limits_init(wn_prescan_limits_t *lim) {
    lim->max_depth = 512;
    lim->max_attrs = 32;
    lim->max_formatting = 64;
    lim->short_hrefs = 0;
    lim->no_images = 0;
    lim->no_unread = 0;
    lim->text_runs = 0;
    lim->max_tags = 0;
    lim->max_text = 0;
}

wn_status wn_prescan(wn_arena_t *a, const char *in, size_t n, const wn_prescan_limits_t *lim,
                     wn_prescan_out_t *out) {
    wn_prescan_limits_t defl;
    wn_prescan_limits_init(&defl);
    if (!lim) lim = &defl;
    memset(out, 0, sizeof *out);
    if (!in) n = 0;
    if (n > SIZE_MAX / 2) return WN_ETOOBIG;

    wn_ps s;
    memset(&s, 0, sizeof s);
    s.a = a;
    s.out = out;
    s.end = in + n;
    s.max_attrs = lim->max_attrs;
    tag_index(&s);
    s.short_hrefs = lim->short_hrefs;
    s.no_images = lim->no_images;
    s.no_unread = lim->no_unread;
    s.max_fmt = lim->max_formatting ? lim->max_formatting : defl.max_formatting;
    /* No page has more open elements than a third of its bytes. */
    size_t cap = lim->max_depth ? lim->max_depth : defl.max_depth;
    if (cap > n / 3 + 4) cap = n / 3 + 4;
    s.cap = (unsigned)cap;
    s.cap_afe = s.max_fmt + s.cap + 1;
    for (unsigned k = 0; k < K_COUNT; k++) s.top[k] = -1;
    s.hide_at = -1;

    s.budget = n / 4 + WN_PS_SLACK;
    char *buf = wn_arena_alloc(a, n + WN_PS_SLACK + s.budget + 1);
    s.st = wn_arena_alloc(a, s.cap * sizeof *s.st);
    s.names = wn_arena_calloc(a, WN_PS_NAMES * sizeof *s.names);
    s.afe = wn_arena_alloc(a, s.cap_afe * sizeof *s.afe);
    if (!buf || !s.st || !s.names || !s.afe) return WN_ENOMEM;
    s.o = buf;
    s.obeg = buf;
    s.oend = buf + n + WN_PS_SLACK + s.budget;
    static const char *const verbatim[3] = {"pre", "listing", "code"};
    for (int i = 0; i < 3; i++) {
        wn_name *nm = name_find(&s, key_of(verbatim[i], strlen(verbatim[i])), 1);
        s.verbatim[i] = nm ? &nm->top : NULL;
    }
    /* A page that holds U+F8F0 itself gets no references: wn_dom_build_runs
     * could not tell them apart. The store fits all the text and names,
     * with a NUL for each. */
    if (lim->text_runs && n >= WN_RUN_MIN && !has_lead(in, n)) {
        size_t sz = n + n / (WN_RUN_MIN < WN_NAME_MIN ? WN_RUN_MIN : WN_NAME_MIN) + 1;
        s.rs = wn_arena_alloc(a, sz);
        if (!s.rs) return WN_ENOMEM;
        s.rs_end = s.rs + sz;
        s.runs_on = 1;
    }

    const char *p = in, *end = s.end;
    wn_status st = WN_OK;
    size_t tags = 0, text = 0; /* start tags given to the parser, text read: the parse budget */
    size_t max_tags = lim->max_tags ? lim->max_tags : SIZE_MAX, max_text = lim->max_text ? lim->max_text : SIZE_MAX;
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        size_t tn = (size_t)((lt ? lt : end) - p);
        if (tn) {
            if (tn > max_text - text) { /* the budget ends in this text: cut it there */
                tn = text_cut(p, max_text - text);
                if (tn) emit_text(&s, p, tn);
                s.truncated |= WN_TRUNC_PAGE;
                break;
            }
            text += tn;
            emit_text(&s, p, tn);
        }
        if (!lt) break;
        p = lt;
        if (lt + 1 >= end) {
            emit(&s, lt, 1);
            break;
        }
        unsigned char c = (unsigned char)lt[1];
        if (is_alpha(c)) {
            if (tags >= max_tags) {
                s.truncated |= WN_TRUNC_PAGE;
                break;
            }
            const char *o = s.o;
            st = start_tag(&s, lt, &p);
            if (st != WN_OK) return st;
            tags += s.o != o; /* given to the parser (not dropped) */
        } else if (c == '/') {
            p = end_tag(&s, lt);
        } else if (c == '!') {
            p = markup_decl(&s, lt);
        } else if (c == '?') {
            const char *gt = memchr(lt + 2, '>', (size_t)(end - lt - 2));
            p = gt ? gt + 1 : end;
        } else {
            emit(&s, lt, 1);
            p = lt + 1;
        }
    }
    if (s.overflow) return WN_ETOOBIG;
    *s.o = '\0';
    out->html = buf;
    out->len = (size_t)(s.o - buf);
    out->runs = s.runs;
    out->n_runs = s.n_runs;
    out->names = s.nv;
    out->n_names = s.n_nv;
    out->truncated = s.truncated;
    return WN_OK;
}
