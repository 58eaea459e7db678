/* explain_out.c -- an explanation (winnow/explain.h) as JSON and as a
 * self-contained HTML report. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winnow/buf.h"
#include "winnow/explain.h"
#include "extract/record_json.h" /* wn_record_str: a string, invalid UTF-8 as U+FFFD */

/* ---- JSON ---- */

/* Sets o[k] = v; a NULL v (allocation failure) marks *bad. */
static void put(json_t *o, const char *k, json_t *v, int *bad) {
    if (!v || json_object_set_new(o, k, v)) *bad = 1;
}

static void add(json_t *a, json_t *v, int *bad) {
    if (!v || json_array_append_new(a, v)) *bad = 1;
}

/* A figure rounded to 3 decimals (the JSON stays short and stable). */
static json_t *jnum(double v) {
    double r = (double)(long long)(v * 1000.0 + (v < 0 ? -0.5 : 0.5)) / 1000.0;
    return json_real(r);
}

static json_t *block_json(const wn_explain_block_t *b, size_t i, int *bad) {
    json_t *o = json_object();
    if (!o) {
        *bad = 1;
        return NULL;
    }
    put(o, "i", json_integer((json_int_t)i), bad);
    put(o, "node", json_integer(b->node), bad);
    put(o, "tag", wn_record_str(b->tag), bad);
    put(o, "element", wn_record_str(b->element), bad);
    put(o, "state", wn_record_str(wn_block_state_name(b->state)), bad);
    put(o, "pass", wn_record_str(b->pass), bad);
    put(o, "why", wn_record_str(b->why), bad);
    put(o, "decider", json_integer(b->decider), bad);
    put(o, "decider_element", wn_record_str(b->decider_element), bad);
    put(o, "container", json_integer(b->container), bad);
    put(o, "post", json_integer(b->post), bad);
    put(o, "chars", json_integer(b->chars), bad);
    put(o, "link_chars", json_integer(b->link_chars), bad);
    put(o, "link_density", jnum(b->chars ? (double)b->link_chars / b->chars : 0.0), bad);
    put(o, "score", jnum(b->score), bad);
    put(o, "decider_chars", json_integer(b->decider_chars), bad);
    put(o, "decider_links", jnum(b->decider_links), bad);
    put(o, "decider_score", jnum(b->decider_score), bad);
    put(o, "decider_share", jnum(b->decider_share), bad);
    json_t *w = json_array();
    if (!w) *bad = 1;
    for (const char *p = b->words; w && p && *p;) {
        size_t n = strcspn(p, " ");
        add(w, json_stringn(p, n), bad);
        p += n;
        while (*p == ' ') p++;
    }
    put(o, "words", w, bad);
    put(o, "text", wn_record_str(b->text), bad);
    put(o, "text_cut", json_boolean(b->text_cut), bad);
    return o;
}

char *wn_explain_to_json(const wn_doc_t *doc, const char *id) {
    const wn_explain_t *e = doc->explain;
    json_t *o = json_object();
    if (!o) return NULL;
    int bad = 0;
    put(o, "id", wn_record_str(id), &bad);
    put(o, "url", wn_record_str(doc->url), &bad);
    put(o, "status", wn_record_str(doc->error ? "error" : "ok"), &bad);
    put(o, "error", wn_record_str(doc->error), &bad);
    put(o, "title", wn_record_str(doc->title), &bad);
    if (e) {
        json_t *pt = json_object(), *scores = json_object(), *sig = json_array();
        if (!pt || !scores || !sig) bad = 1;
        if (pt) {
            put(pt, "type", wn_record_str(wn_page_type_name(e->page_type)), &bad);
            put(pt, "forced", json_boolean(e->page_type_forced), &bad);
            put(pt, "classified", wn_record_str(wn_page_type_name(e->classified)), &bad);
            put(pt, "profile", wn_record_str(e->profile), &bad);
            for (int t = 1; scores && t < WN_PAGE_TYPES; t++)
                put(scores, wn_page_type_name((wn_page_type_t)t), json_integer(e->type_score[t]), &bad);
            for (size_t k = 0; sig && k < e->n_signals; k++) {
                json_t *s = json_object();
                if (!s) {
                    bad = 1;
                    break;
                }
                put(s, "name", wn_record_str(e->signals[k].name), &bad);
                put(s, "type", wn_record_str(wn_page_type_name(e->signals[k].type)), &bad);
                put(s, "weight", json_integer(e->signals[k].weight), &bad);
                add(sig, s, &bad);
            }
            put(pt, "scores", scores, &bad);
            put(pt, "signals", sig, &bad);
            put(o, "page_type", pt, &bad);
        }
        put(o, "tuning", wn_record_str(e->tuning), &bad);
        json_t *off = json_array();
        for (size_t k = 0; off && k < e->n_passes_off; k++) add(off, wn_record_str(e->passes_off[k]), &bad);
        put(o, "passes_off", off, &bad);
        put(o, "path", wn_record_str(e->path), &bad);
        put(o, "none_pass", wn_record_str(e->none_pass), &bad);
    } else {
        put(o, "page_type", json_null(), &bad);
    }
    put(o, "text_source", doc->error ? json_null() : wn_record_str(doc->text_from_description ? "description" : "content"),
        &bad);
    put(o, "skipped", wn_record_str(doc->skipped), &bad);
    if (e) {
        json_t *md = json_array();
        for (int k = 0; md && k < WN_EXPLAIN_FIELDS; k++) {
            json_t *f = json_object();
            if (!f) {
                bad = 1;
                break;
            }
            put(f, "field", wn_record_str(e->fields[k].name), &bad);
            put(f, "value", wn_record_str(e->fields[k].value), &bad);
            put(f, "source", wn_record_str(e->fields[k].source), &bad);
            add(md, f, &bad);
        }
        put(o, "metadata", md, &bad);
        json_t *cs = json_array();
        for (size_t k = 0; cs && k < e->n_containers; k++) {
            const wn_explain_container_t *c = &e->containers[k];
            json_t *f = json_object();
            if (!f) {
                bad = 1;
                break;
            }
            put(f, "node", json_integer(c->node), &bad);
            put(f, "element", wn_record_str(c->element), &bad);
            put(f, "pass", wn_record_str(c->pass), &bad);
            put(f, "chars", json_integer(c->chars), &bad);
            put(f, "links", jnum(c->links), &bad);
            put(f, "score", jnum(c->score), &bad);
            add(cs, f, &bad);
        }
        put(o, "containers", cs, &bad);
        json_t *cnt = json_object();
        for (int s = 0; cnt && s < 5; s++)
            put(cnt, wn_block_state_name((wn_block_state_t)s), json_integer((json_int_t)e->count[s]), &bad);
        put(o, "counts", cnt, &bad);
        put(o, "blocks_omitted", json_integer((json_int_t)e->blocks_omitted), &bad);
        json_t *bl = json_array();
        for (size_t k = 0; bl && k < e->n_blocks && !bad; k++) add(bl, block_json(&e->blocks[k], k, &bad), &bad);
        put(o, "blocks", bl, &bad);
    } else {
        put(o, "blocks", json_null(), &bad);
    }
    put(o, "text", wn_record_str(doc->text), &bad);
    char *s = bad ? NULL : json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(o);
    return s;
}

/* ---- HTML ---- */

typedef struct hout {
    wn_buf_t b;
    int bad;
} hout_t;

static void raw(hout_t *h, const char *s) {
    if (!h->bad && wn_buf_add(&h->b, s, strlen(s)) != WN_OK) h->bad = 1;
}

/* HTML-escaped text (NULL: nothing). */
static void esc(hout_t *h, const char *s) {
    if (!s) return;
    const char *run = s;
    for (; *s; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        if (s > run && !h->bad && wn_buf_add(&h->b, run, (size_t)(s - run)) != WN_OK) h->bad = 1;
        raw(h, rep);
        run = s + 1;
    }
    if (s > run && !h->bad && wn_buf_add(&h->b, run, (size_t)(s - run)) != WN_OK) h->bad = 1;
}

static void fmt(hout_t *h, const char *f, ...) __attribute__((format(printf, 2, 3)));
static void fmt(hout_t *h, const char *f, ...) {
    char b[256];
    va_list ap;
    va_start(ap, f);
    vsnprintf(b, sizeof b, f, ap);
    va_end(ap);
    raw(h, b);
}

static const char style[] =
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;margin:0;"
    "background:#fbfbf8;color:#1d1d1b}"
    "header.top{background:#24323f;color:#f4f4ef;padding:18px 28px}"
    "header.top h1{margin:0 0 4px;font-size:22px}header.top .url{color:#b9c7d3;word-break:break-all}"
    "main{padding:8px 28px 40px;max-width:1100px}"
    "h2{font-size:17px;margin:26px 0 8px;border-bottom:1px solid #d9d9d0;padding-bottom:4px}"
    "table{border-collapse:collapse;margin:4px 0 8px}td,th{border:1px solid #dcdcd2;padding:3px 8px;"
    "text-align:left;vertical-align:top;font-size:13px}th{background:#eeeee6}"
    ".num{text-align:right;font-variant-numeric:tabular-nums}"
    ".chip{display:inline-block;border-radius:9px;padding:0 8px;font-size:12px;font-weight:600;"
    "color:#fff;margin-right:6px}"
    ".kept .chip,.chip.kept{background:#2e7d32}.post .chip,.chip.post{background:#1565c0}"
    ".dropped .chip,.chip.dropped{background:#c62828}.chrome .chip,.chip.chrome{background:#6d6d6d}"
    ".comment .chip,.chip.comment{background:#8e24aa}"
    ".blk{border-left:5px solid #2e7d32;background:#fff;margin:6px 0;padding:6px 10px;border-radius:3px;"
    "box-shadow:0 1px 1px rgba(0,0,0,.06)}"
    ".blk.post{border-color:#1565c0}.blk.dropped{border-color:#c62828}.blk.chrome{border-color:#9e9e9e}"
    ".blk.comment{border-color:#8e24aa}"
    ".blk .meta{font-size:12px;color:#55554f}.blk .meta code{font-size:12px}"
    ".blk .txt{margin:3px 0 0;white-space:pre-wrap;word-wrap:break-word}"
    ".blk.dropped .txt,.blk.chrome .txt,.blk.comment .txt{text-decoration:line-through;"
    "text-decoration-color:rgba(0,0,0,.35);color:#77776f;opacity:.8}"
    ".blk.dropped,.blk.chrome,.blk.comment{background:#f3f3ee}"
    ".pass{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-weight:600}"
    ".legend span{margin-right:14px}.small{font-size:12px;color:#66665f}"
    "code{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:13px}";

static void chip(hout_t *h, wn_block_state_t s) {
    const char *n = wn_block_state_name(s);
    fmt(h, "<span class=\"chip %s\">%s</span>", n, n);
}

static void page_type_html(hout_t *h, const wn_explain_t *e) {
    raw(h, "<h2>Page type</h2><p><b>");
    esc(h, wn_page_type_name(e->page_type));
    raw(h, "</b> ");
    if (e->page_type_forced) {
        raw(h, "(given with --page-type; the classifier said <b>");
        esc(h, wn_page_type_name(e->classified));
        raw(h, "</b>)");
    } else {
        raw(h, "(classified)");
    }
    raw(h, "; extraction profile <code>");
    esc(h, e->profile);
    raw(h, "</code>, tuning <code>");
    esc(h, e->tuning);
    raw(h, "</code>.</p>");
    raw(h, "<table><tr><th>type</th><th class=num>score</th></tr>");
    for (int t = 1; t < WN_PAGE_TYPES; t++) {
        raw(h, t == (int)e->classified ? "<tr><td><b>" : "<tr><td>");
        esc(h, wn_page_type_name((wn_page_type_t)t));
        fmt(h, "%s</td><td class=num>%d</td></tr>", t == (int)e->classified ? "</b>" : "", e->type_score[t]);
    }
    raw(h, "</table><p class=small>The article starts with a prior; each signal found adds its weight to the "
           "type it speaks for; the highest score wins.</p>");
    raw(h, "<table><tr><th>signal</th><th>speaks for</th><th class=num>weight</th></tr>");
    if (!e->n_signals) raw(h, "<tr><td colspan=3>none found</td></tr>");
    for (size_t k = 0; k < e->n_signals; k++) {
        raw(h, "<tr><td><code>");
        esc(h, e->signals[k].name);
        raw(h, "</code></td><td>");
        esc(h, wn_page_type_name(e->signals[k].type));
        fmt(h, "</td><td class=num>%+d</td></tr>", e->signals[k].weight);
    }
    raw(h, "</table>");
}

static void metadata_html(hout_t *h, const wn_explain_t *e) {
    raw(h, "<h2>Metadata</h2><table><tr><th>field</th><th>value</th><th>came from</th></tr>");
    for (int k = 0; k < WN_EXPLAIN_FIELDS; k++) {
        const wn_explain_field_t *f = &e->fields[k];
        raw(h, "<tr><td>");
        esc(h, f->name);
        raw(h, "</td><td>");
        if (f->value) esc(h, f->value);
        else raw(h, "<i>not found</i>");
        raw(h, "</td><td>");
        esc(h, f->source);
        raw(h, "</td></tr>");
    }
    raw(h, "</table>");
}

static void choice_html(hout_t *h, const wn_explain_t *e, const wn_doc_t *doc) {
    raw(h, "<h2>Chosen content</h2>");
    fmt(h, "<p>Branch <code>%s</code>", e->path ? e->path : "?");
    if (e->none_pass) {
        raw(h, ": no main content, judged by <span class=pass>");
        esc(h, e->none_pass);
        raw(h, "</span>");
    }
    if (doc->text_from_description)
        raw(h, ". The chosen text was shorter than the page's description: the text is the description");
    raw(h, ".</p>");
    if (doc->skipped) {
        raw(h, "<p><b>The page was left out</b> (");
        esc(h, doc->skipped);
        raw(h, "): its text is empty; the blocks below show what it would have been.</p>");
    }
    if (e->n_containers) {
        raw(h, "<table><tr><th>#</th><th>element</th><th>chosen by</th><th class=num>chars</th>"
               "<th class=num>link density</th><th class=num>score</th></tr>");
        for (size_t k = 0; k < e->n_containers; k++) {
            const wn_explain_container_t *c = &e->containers[k];
            fmt(h, "<tr><td class=num>%zu</td><td><code>", k);
            esc(h, c->element);
            raw(h, "</code></td><td class=pass>");
            esc(h, c->pass);
            fmt(h, "</td><td class=num>%u</td><td class=num>%.2f</td><td class=num>%.1f</td></tr>", c->chars,
                c->links, c->score);
        }
        raw(h, "</table>");
    }
    if (e->n_passes_off) {
        raw(h, "<p class=small>Passes that did not run on this page (profile, tuning, --skip-pass): ");
        for (size_t k = 0; k < e->n_passes_off; k++) {
            if (k) raw(h, ", ");
            raw(h, "<code>");
            esc(h, e->passes_off[k]);
            raw(h, "</code>");
        }
        raw(h, ".</p>");
    }
}

/* Blocks per state and per deciding pass, for the summary. */
static void summary_html(hout_t *h, const wn_explain_t *e) {
    raw(h, "<h2>Blocks</h2><p class=legend>");
    for (int s = 0; s < 5; s++) {
        raw(h, "<span>");
        chip(h, (wn_block_state_t)s);
        fmt(h, "%zu</span>", e->count[s]);
    }
    raw(h, "</p>");
    if (e->blocks_omitted)
        fmt(h, "<p><b>%zu blocks past the first %d are not shown.</b></p>", e->blocks_omitted,
            WN_EXPLAIN_MAX_BLOCKS);
    /* blocks left out, by pass (a few dozen distinct passes at most) */
    const char *pass[128];
    size_t n[128], chars[128];
    int np = 0;
    for (size_t k = 0; k < e->n_blocks; k++) {
        const wn_explain_block_t *b = &e->blocks[k];
        if (b->state == WN_BLOCK_KEPT || b->state == WN_BLOCK_POST) continue;
        int q = 0;
        while (q < np && strcmp(pass[q], b->pass)) q++;
        if (q == np) {
            if (np == 128) continue;
            pass[np] = b->pass;
            n[np] = chars[np] = 0;
            np++;
        }
        n[q]++;
        chars[q] += b->chars;
    }
    if (!np) return;
    raw(h, "<table><tr><th>left out by</th><th class=num>blocks</th><th class=num>chars</th></tr>");
    for (int q = 0; q < np; q++) {
        raw(h, "<tr><td class=pass>");
        esc(h, pass[q]);
        fmt(h, "</td><td class=num>%zu</td><td class=num>%zu</td></tr>", n[q], chars[q]);
    }
    raw(h, "</table>");
}

static void block_html(hout_t *h, const wn_explain_block_t *b, size_t i) {
    const char *st = wn_block_state_name(b->state);
    fmt(h, "<div class=\"blk %s\" id=\"b%zu\"><div class=meta>", st, i);
    chip(h, b->state);
    raw(h, "<span class=pass>");
    esc(h, b->pass);
    raw(h, "</span> &middot; ");
    esc(h, b->why);
    raw(h, " &middot; <code>");
    esc(h, b->element);
    fmt(h, "</code> %u chars", b->chars);
    if (b->chars) fmt(h, ", links %.2f", (double)b->link_chars / b->chars);
    if (b->score != 0) fmt(h, ", score %.1f", b->score);
    if (b->decider >= 0 && b->decider_element) {
        raw(h, "<br>decided on <code>");
        esc(h, b->decider_element);
        fmt(h, "</code>: %u chars (%.1f%% of the page), links %.2f", b->decider_chars, b->decider_share * 100.0,
            b->decider_links);
        if (b->decider_score != 0) fmt(h, ", score %.1f", b->decider_score);
        if (b->words) {
            raw(h, ", words <code>");
            esc(h, b->words);
            raw(h, "</code>");
        }
    }
    if (b->post >= 0) fmt(h, " &middot; post %d", b->post + 1);
    raw(h, "</div><div class=txt>");
    esc(h, b->text);
    if (b->text_cut) raw(h, " [&hellip;]");
    raw(h, "</div></div>\n");
}

char *wn_explain_to_html(const wn_doc_t *doc, const char *id) {
    const wn_explain_t *e = doc->explain;
    hout_t h;
    memset(&h, 0, sizeof h);
    wn_buf_init(&h.b, (size_t)1 << 30);
    raw(&h, "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
            "<meta name=viewport content=\"width=device-width\"><title>winnow explain: ");
    esc(&h, doc->title ? doc->title : id ? id : doc->url);
    raw(&h, "</title><style>");
    raw(&h, style);
    raw(&h, "</style></head><body><header class=top><h1>winnow explain: ");
    esc(&h, doc->title ? doc->title : "(no title)");
    raw(&h, "</h1><div class=url>");
    esc(&h, id);
    if (id && doc->url) raw(&h, " &middot; ");
    esc(&h, doc->url);
    raw(&h, "</div></header><main>");
    if (doc->error) {
        raw(&h, "<p><b>Extraction failed:</b> ");
        esc(&h, doc->error);
        raw(&h, "</p>");
    }
    if (e) {
        page_type_html(&h, e);
        metadata_html(&h, e);
        choice_html(&h, e, doc);
        summary_html(&h, e);
        raw(&h, "<p class=small>Every block of the page in page order. A block is a run of text with the same "
                "nearest block element; the pass named first decided it, on the element named after "
                "&ldquo;decided on&rdquo; (the block itself, a pruned ancestor, or the chosen container). Blocks "
                "left out of the text are struck through, never hidden.</p>\n");
        for (size_t k = 0; k < e->n_blocks; k++) block_html(&h, &e->blocks[k], k);
    } else if (!doc->error) {
        raw(&h, "<p>No explanation was recorded (extract with the explain option).</p>");
    }
    raw(&h, "</main></body></html>\n");
    if (h.bad) {
        wn_buf_free(&h.b);
        return NULL;
    }
    char *s = wn_buf_steal(&h.b, NULL);
    return s ? s : strdup("");
}
