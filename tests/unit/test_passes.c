/* test_passes.c -- the extraction passes, one table-driven case at a time.
 *
 * Runs every case of the files tests/extract/NAME.test (WINNOW_PASS_TESTS=dir for
 * another directory): a tiny page, the pass it is about, and the lines the
 * output must hold or lack. A case reads:
 *
 *     === a byline opening the article is an edge     (the case's name)
 *     pass: edge-bylines                              (the pass it tests)
 *     options: recall type=forum url=URL skip=a,b     (optional)
 *     decided-by: signatures                          (optional: the pass that
 *                 decides the lines, when the case's pass is the umbrella of
 *                 several, as edges is)
 *     html:
 *     <body><article><p>By Ann Example</p>@prose@</article></body>
 *     kept:       lines the text holds
 *     dropped:    lines the text lacks, that the pass decided, and that
 *                 come back when the pass is skipped
 *     chosen:     lines the text holds, that the pass decided, and that go
 *                 when the pass is skipped
 *     guarded:    lines the text holds and that go when the pass (a guard)
 *                 is skipped
 *     lacks:      lines the text lacks (what a pass leaves out without
 *                 dropping it: the rest of a box it takes a part of)
 *     once:       lines the text holds exactly once, that the pass decided
 *                 (a copy), and that it holds twice or more with the pass
 *                 skipped
 *
 * Lines are matched as substrings of the text (format text). "Decided"
 * means some node that the pass dropped or chose (wn_extract_see's record)
 * holds the line. `@prose@` in the html is three paragraphs of ordinary
 * English prose, so that the page has an article around the case.
 *
 * Every pass (wn_pass_name) must have a case, and a row in
 * docs/extraction.md. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extract/page.h"
#include "winnow/extract.h"

#define PROSE                                                                                                  \
    "<p>The river authority confirmed on Tuesday that the old weir will be rebuilt, after two winters of "     \
    "flooding left the lower town under water for weeks at a time, and that the work will begin in spring.</p>" \
    "<p>Engineers expect the work to take eighteen months, and the footpath along the east bank will stay "    \
    "closed until the new fish pass is finished and inspected by the council and the angling club.</p>"        \
    "<p>Residents who lost property in the floods said they were relieved, but several asked why the repair "  \
    "had taken so long when the damage was reported years ago and the money was set aside in the budget.</p>"

enum { S_KEPT, S_DROPPED, S_CHOSEN, S_GUARDED, S_LACKS, S_ONCE, S_COUNT };
static const char *const section_name[S_COUNT] = {"kept", "dropped", "chosen", "guarded", "lacks", "once"};

typedef struct tcase {
    char name[256];
    char file[256];
    int line;
    char pass[64];
    char decider[64]; /* the pass that decides the dropped/chosen lines, when not `pass` */
    char options[256];
    char *html;
    char *lines[S_COUNT][16];
    int n_lines[S_COUNT];
} tcase_t;

static tcase_t *cases;
static int n_cases, cap_cases;

static char *xstrdup(const char *s) {
    char *c = strdup(s);
    if (!c) abort();
    return c;
}

/* Appends s to the malloc'd *buf. */
static void append(char **buf, const char *s) {
    size_t a = *buf ? strlen(*buf) : 0, b = strlen(s);
    char *n = realloc(*buf, a + b + 1);
    if (!n) abort();
    memcpy(n + a, s, b + 1);
    *buf = n;
}

/* The html with @prose@ expanded (malloc'd). */
static char *expand(const char *html) {
    char *out = NULL;
    append(&out, "");
    for (const char *p = html; *p;) {
        const char *q = strstr(p, "@prose@");
        if (!q) {
            append(&out, p);
            break;
        }
        char *part = strndup(p, (size_t)(q - p));
        if (!part) abort();
        append(&out, part);
        free(part);
        append(&out, PROSE);
        p = q + 7;
    }
    return out;
}

static void load_file(const char *dir, const char *name) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f) return;
    char line[8192];
    tcase_t *c = NULL;
    int section = -1, in_html = 0, ln = 0;
    while (fgets(line, sizeof line, f)) {
        ln++;
        size_t l = strlen(line);
        while (l && (line[l - 1] == '\n' || line[l - 1] == '\r')) line[--l] = '\0';
        if (!strncmp(line, "===", 3)) {
            if (n_cases == cap_cases) {
                cap_cases = cap_cases ? cap_cases * 2 : 64;
                cases = realloc(cases, (size_t)cap_cases * sizeof *cases);
                if (!cases) abort();
            }
            c = &cases[n_cases++];
            memset(c, 0, sizeof *c);
            snprintf(c->name, sizeof c->name, "%.200s", line[3] == ' ' ? line + 4 : line + 3);
            snprintf(c->file, sizeof c->file, "%s", name);
            c->line = ln;
            section = -1;
            in_html = 0;
            continue;
        }
        if (!c || (!in_html && (line[0] == '#' || !line[0]))) continue;
        if (!strncmp(line, "pass:", 5) && !in_html) {
            sscanf(line + 5, " %63s", c->pass);
            continue;
        }
        if (!strncmp(line, "decided-by:", 11) && !in_html) {
            sscanf(line + 11, " %63s", c->decider);
            continue;
        }
        if (!strncmp(line, "options:", 8) && !in_html) {
            snprintf(c->options, sizeof c->options, "%.200s", line + 8);
            continue;
        }
        if (!strcmp(line, "html:")) {
            in_html = 1;
            section = -1;
            continue;
        }
        int s = -1;
        for (int k = 0; k < S_COUNT; k++) {
            size_t nl = strlen(section_name[k]);
            if (!strncmp(line, section_name[k], nl) && line[nl] == ':' && !line[nl + 1]) s = k;
        }
        if (s >= 0) {
            section = s;
            in_html = 0;
            continue;
        }
        if (in_html) {
            append(&c->html, line);
            append(&c->html, "\n");
        } else if (section >= 0 && c->n_lines[section] < 16) {
            c->lines[section][c->n_lines[section]++] = xstrdup(line);
        }
    }
    fclose(f);
}

/* What the extraction of a case gave: its text, and the texts of the
 * nodes the case's pass decided. */
typedef struct outcome {
    char *text;
    char *decided; /* the decided nodes' texts, one a line */
    int pass;
} outcome_t;

static void see(const wn_page_t *pg, void *ud) {
    outcome_t *o = ud;
    if (!pg->decided) return;
    for (int i = 0; i < pg->d->count; i++) {
        if (pg->decided[i] != o->pass + 1) continue;
        char buf[4096];
        wn_dom_text(pg->d, i, 0, buf, sizeof buf);
        append(&o->decided, buf);
        append(&o->decided, "\n");
    }
}

/* Extracts the case's page, skipping the pass `skip` too (NULL: only the
 * case's skip= option). */
static void run(const tcase_t *c, const char *skip, outcome_t *o) {
    wn_options_t opt;
    wn_options_init(&opt);
    char skips[256] = "";
    const char *sk = strstr(c->options, "skip=");
    if (sk) sscanf(sk + 5, "%200s", skips);
    if (skip) snprintf(skips + strlen(skips), sizeof skips - strlen(skips), "%s%s", skips[0] ? "," : "", skip);
    opt.skip_passes = skips[0] ? skips : NULL;
    const char *url = NULL;
    char ubuf[256] = "";
    if (strstr(c->options, "recall")) opt.bias = 1;
    if (strstr(c->options, "precision")) opt.bias = -1;
    const char *t = strstr(c->options, "type=");
    if (t) {
        char name[32];
        sscanf(t + 5, "%31s", name);
        assert_int_equal(wn_page_type_parse(name, &opt.page_type), WN_OK);
    }
    const char *u = strstr(c->options, "url=");
    if (u) {
        sscanf(u + 4, "%255s", ubuf);
        url = ubuf;
    }
    char *html = expand(c->html ? c->html : "");
    wn_extractor_t *x = wn_extractor_new(&opt);
    assert_non_null(x);
    wn_doc_t *doc = NULL;
    memset(o, 0, sizeof *o);
    const char *dec = c->decider[0] ? c->decider : c->pass;
    o->pass = wn_pass_find(dec, strlen(dec));
    append(&o->decided, "");
    wn_status st = wn_extract_see(x, html, strlen(html), url, "text/html; charset=utf-8", &doc, see, o);
    if (st != WN_OK) fail_msg("%s:%d: wn_extract: %s", c->file, c->line, doc && doc->error ? doc->error : "?");
    o->text = xstrdup(doc->text);
    wn_doc_destroy(&doc);
    wn_extractor_destroy(&x);
    free(html);
}

/* How many times line l occurs in text t. */
static int count_in(const char *t, const char *l) {
    int n = 0;
    for (const char *p = strstr(t, l); p; p = strstr(p + 1, l)) n++;
    return n;
}

static void check(int ok, const tcase_t *c, const char *what, const char *line, const outcome_t *o) {
    if (ok) return;
    fprintf(stderr, "--- text:\n%s\n--- decided by %s:\n%s---\n", o->text, c->decider[0] ? c->decider : c->pass,
            o->decided);
    fail_msg("%s:%d (%s): '%s' %s", c->file, c->line, c->name, line, what);
}

static void test_case(void **state) {
    const tcase_t *c = *state;
    int id = wn_pass_find(c->pass, strlen(c->pass));
    if (id < 0) fail_msg("%s:%d: no pass named '%s'", c->file, c->line, c->pass);
    int decides = wn_pass_info[id].kind != WN_KIND_GUARD;
    outcome_t on, off;
    run(c, NULL, &on);
    run(c, c->pass, &off);
    for (int k = 0; k < c->n_lines[S_KEPT]; k++)
        check(strstr(on.text, c->lines[S_KEPT][k]) != NULL, c, "is not in the text", c->lines[S_KEPT][k], &on);
    for (int k = 0; k < c->n_lines[S_LACKS]; k++)
        check(strstr(on.text, c->lines[S_LACKS][k]) == NULL, c, "is in the text", c->lines[S_LACKS][k], &on);
    for (int k = 0; k < c->n_lines[S_DROPPED]; k++) {
        const char *l = c->lines[S_DROPPED][k];
        check(strstr(on.text, l) == NULL, c, "is in the text", l, &on);
        if (decides) check(strstr(on.decided, l) != NULL, c, "was not decided by the pass", l, &on);
        check(strstr(off.text, l) != NULL, c, "is not in the text with the pass skipped", l, &off);
    }
    for (int k = 0; k < c->n_lines[S_CHOSEN]; k++) {
        const char *l = c->lines[S_CHOSEN][k];
        check(strstr(on.text, l) != NULL, c, "is not in the text", l, &on);
        if (decides) check(strstr(on.decided, l) != NULL, c, "was not decided by the pass", l, &on);
        check(strstr(off.text, l) == NULL, c, "is in the text with the pass skipped", l, &off);
    }
    for (int k = 0; k < c->n_lines[S_GUARDED]; k++) {
        const char *l = c->lines[S_GUARDED][k];
        check(strstr(on.text, l) != NULL, c, "is not in the text", l, &on);
        check(strstr(off.text, l) == NULL, c, "is in the text with the guard skipped", l, &off);
    }
    for (int k = 0; k < c->n_lines[S_ONCE]; k++) {
        const char *l = c->lines[S_ONCE][k];
        check(count_in(on.text, l) == 1, c, "is not in the text once", l, &on);
        if (decides) check(strstr(on.decided, l) != NULL, c, "was not decided by the pass", l, &on);
        check(count_in(off.text, l) > 1, c, "is not in the text twice with the pass skipped", l, &off);
    }
    if (!c->n_lines[S_DROPPED] && !c->n_lines[S_CHOSEN] && !c->n_lines[S_GUARDED] && !c->n_lines[S_ONCE])
        fail_msg("%s:%d (%s): nothing the pass decides (dropped, chosen or guarded lines)", c->file, c->line,
                 c->name);
    free(on.text);
    free(on.decided);
    free(off.text);
    free(off.decided);
}

/* Every pass has a case here and a row in docs/extraction.md. */
static void test_every_pass_covered(void **state) {
    (void)state;
    FILE *f = fopen("docs/extraction.md", "r");
    assert_non_null(f);
    char *doc = NULL, buf[4096];
    append(&doc, "");
    while (fgets(buf, sizeof buf, f)) append(&doc, buf);
    fclose(f);
    for (unsigned i = 0; wn_pass_name(i); i++) {
        char row[128];
        snprintf(row, sizeof row, "| `%s` |", wn_pass_name(i));
        if (!strstr(doc, row)) fail_msg("pass '%s' has no row in docs/extraction.md", wn_pass_name(i));
        int has = 0;
        for (int k = 0; k < n_cases && !has; k++) has = !strcmp(cases[k].pass, wn_pass_name(i));
        if (!has) fail_msg("pass '%s' has no case in tests/extract/", wn_pass_name(i));
    }
    free(doc);
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(void) {
    const char *dir = getenv("WINNOW_PASS_TESTS");
    if (!dir) dir = "tests/extract";
    DIR *dp = opendir(dir);
    if (!dp) {
        fprintf(stderr, "test_passes: %s: no such directory (run from the repository root)\n", dir);
        return 1;
    }
    char *names[256];
    int nn = 0;
    struct dirent *e;
    while ((e = readdir(dp)) && nn < 256) {
        size_t l = strlen(e->d_name);
        if (l > 5 && !strcmp(e->d_name + l - 5, ".test")) names[nn++] = xstrdup(e->d_name);
    }
    closedir(dp);
    qsort(names, (size_t)nn, sizeof *names, by_name);
    for (int k = 0; k < nn; k++) {
        load_file(dir, names[k]);
        free(names[k]);
    }
    struct CMUnitTest *tests = calloc((size_t)n_cases + 1, sizeof *tests);
    if (!tests) return 1;
    for (int k = 0; k < n_cases; k++) {
        tests[k].name = cases[k].name;
        tests[k].test_func = test_case;
        tests[k].initial_state = &cases[k];
    }
    tests[n_cases].name = "every pass has a case and a docs row";
    tests[n_cases].test_func = test_every_pass_covered;
    int rc = _cmocka_run_group_tests("passes", tests, (size_t)n_cases + 1, NULL, NULL);
    for (int k = 0; k < n_cases; k++) {
        free(cases[k].html);
        for (int s = 0; s < S_COUNT; s++)
            for (int j = 0; j < cases[k].n_lines[s]; j++) free(cases[k].lines[s][j]);
    }
    free(cases);
    free(tests);
    return rc;
}
