/* test_charset.c -- unit tests for the charset decoder (winnow/charset.h).
 *
 * Synthetic pages are made with iconv from UTF-8 text, so each test knows
 * what the decoder must give back. The dev-set test decodes every page of
 * ../shared/eval whose truth charset is not UTF-8 and checks that its truth
 * snippets are in the text Gumbo sees; it skips when the set is absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gumbo.h>
#include <iconv.h>
#include <jansson.h>

#include "winnow/arena.h"
#include "winnow/buf.h"
#include "winnow/charset.h"
#include "winnow/inflate.h"

static const char RU[] =
    "Москва - столица России, крупнейший по численности населения город страны. Город является "
    "важным транспортным узлом, а также политическим, экономическим и культурным центром. "
    "В городе расположены органы государственной власти, многочисленные музеи, театры и университеты. "
    "Исторический центр города с Кремлём и Красной площадью входит в список всемирного наследия.";

static const char JA[] =
    "東京都は日本の首都であり、世界有数の大都市です。多くの企業の本社が集まり、経済の中心として"
    "発展してきました。また、歴史的な寺院や神社、美しい公園もたくさんあります。春には桜が咲き、"
    "多くの人々が花見を楽しみます。夏には花火大会が開かれ、秋には紅葉が見事です。";

/* Converts the UTF-8 string s to charset `to` (malloc'd, caller frees). */
static char *to_charset(const char *s, const char *to, size_t *n) {
    iconv_t cd = iconv_open(to, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t in_left = strlen(s), cap = in_left * 4 + 16, out_left = cap;
    char *buf = malloc(cap), *op = buf, *ip = (char *)(uintptr_t)s;
    assert_non_null(buf);
    assert_true(iconv(cd, &ip, &in_left, &op, &out_left) != (size_t)-1);
    assert_true(iconv(cd, NULL, NULL, &op, &out_left) != (size_t)-1);
    iconv_close(cd);
    *n = cap - out_left;
    return buf;
}

/* Returns a malloc'd page: head + body + tail. */
static char *page3(const char *head, const char *body, size_t body_len, const char *tail, size_t *n) {
    size_t h = strlen(head), t = strlen(tail);
    char *p = malloc(h + body_len + t + 1);
    assert_non_null(p);
    memcpy(p, head, h);
    memcpy(p + h, body, body_len);
    memcpy(p + h + body_len, tail, t);
    *n = h + body_len + t;
    p[*n] = '\0';
    return p;
}

static int valid_utf8(const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c == 0) return 0;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        if (!len || c > 0xF4 || i + len > n) return 0;
        unsigned lo = 0x80, hi = 0xBF;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
        if (p[i + 1] < lo || p[i + 1] > hi) return 0;
        for (size_t k = 2; k < len; k++)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF) return 0;
        i += len;
    }
    return 1;
}

typedef struct fixture {
    wn_charset_t *cs;
    wn_arena_t *a;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    f->cs = wn_charset_new();
    f->a = wn_arena_new(0);
    if (!f->cs || !f->a) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    wn_charset_destroy(&f->cs);
    assert_null(f->cs);
    wn_charset_destroy(&f->cs); /* accepts NULL */
    wn_arena_destroy(&f->a);
    free(f);
    return 0;
}

/* Decodes and checks the output is valid UTF-8 without NULs. */
static const char *decode(fixture *f, const char *in, size_t n, const char *ct, size_t *out_len,
                          wn_charset_info_t *info) {
    const char *out = NULL;
    assert_int_equal(wn_charset_decode(f->cs, f->a, in, n, ct, &out, out_len, info), WN_OK);
    assert_non_null(out);
    assert_true(valid_utf8(out, *out_len));
    return out;
}

static void test_canonical(void **state) {
    (void)state;
    static const struct {
        const char *label, *canon;
    } cases[] = {
        {"UTF-8", "utf-8"},           {"utf8", "utf-8"},
        {"latin1", "windows-1252"},   {"ISO-8859-1", "windows-1252"},
        {"us-ascii", "windows-1252"}, {"ascii", "windows-1252"},
        {"iso8859-2", "iso-8859-2"},  {"ISO_8859-15", "iso-8859-15"},
        {"iso-8859-9", "windows-1254"}, {"Windows-1251", "windows-1251"},
        {"cp1250", "windows-1250"},   {"x-cp1253", "windows-1253"},
        {"koi8-r", "koi8-r"},         {"KOI8-U", "koi8-u"},
        {"gb2312", "gbk"},            {"x-gbk", "gbk"},
        {"GB18030", "gb18030"},       {"big5", "big5"},
        {"Shift_JIS", "shift_jis"},   {"x-sjis", "shift_jis"},
        {"sjis", "shift_jis"},        {"ms932", "shift_jis"},
        {"EUC-JP", "euc-jp"},         {"iso-2022-jp", "iso-2022-jp"},
        {"euc-kr", "euc-kr"},         {"UTF-16LE", "utf-16le"},
        {"utf-16be", "utf-16be"},     {" \"utf-8\" ", "utf-8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *c = wn_charset_canonical(cases[i].label, strlen(cases[i].label));
        assert_non_null(c);
        assert_string_equal(c, cases[i].canon);
    }
    assert_null(wn_charset_canonical("klingon", 7));
    assert_null(wn_charset_canonical("iso-8859-99", 11));
    assert_null(wn_charset_canonical("", 0));
    assert_null(wn_charset_canonical(NULL, 3));
}

static void test_ascii_and_utf8_zero_copy(void **state) {
    fixture *f = *state;
    wn_charset_info_t info;
    size_t n;
    const char *ascii = "<html><body><p>plain</p></body></html>";
    const char *out = decode(f, ascii, strlen(ascii), NULL, &n, &info);
    assert_ptr_equal(out, ascii);
    assert_int_equal(n, strlen(ascii));
    assert_string_equal(info.name, "utf-8");

    /* An ASCII page labelled latin1 is still returned in place. */
    out = decode(f, ascii, strlen(ascii), "text/html; charset=ISO-8859-1", &n, &info);
    assert_ptr_equal(out, ascii);
    assert_string_equal(info.name, "windows-1252");
    assert_int_equal(info.source, WN_CS_HTTP);

    const char *u = "<meta charset=utf-8><p>Grüße, Привет, 東京</p>";
    out = decode(f, u, strlen(u), NULL, &n, &info);
    assert_ptr_equal(out, u);
    assert_int_equal(info.source, WN_CS_META);
    assert_int_equal(info.replaced, 0);

    /* Unlabelled valid UTF-8 is detected without uchardet. */
    const char *u2 = "<p>Grüße, Привет</p>";
    out = decode(f, u2, strlen(u2), NULL, &n, &info);
    assert_ptr_equal(out, u2);
    assert_string_equal(info.name, "utf-8");
    assert_int_equal(info.source, WN_CS_DETECTED);

    /* BOM: skipped, still zero copy. */
    const char *b = "\xEF\xBB\xBF<p>é</p>";
    out = decode(f, b, strlen(b), "text/html; charset=windows-1251", &n, &info);
    assert_ptr_equal(out, b + 3);
    assert_int_equal(n, strlen(b) - 3);
    assert_int_equal(info.source, WN_CS_BOM);

    /* Empty input. */
    out = decode(f, "", 0, NULL, &n, NULL);
    assert_int_equal(n, 0);
}

static void test_utf16_bom(void **state) {
    fixture *f = *state;
    wn_charset_info_t info;
    size_t n, body_len;
    const char *html = "<html><head><title>Т</title></head><body><p>Москва 東京</p></body></html>";
    const char *enc[] = {"UTF-16LE", "UTF-16BE"};
    const char *bom[] = {"\xFF\xFE", "\xFE\xFF"};
    for (int k = 0; k < 2; k++) {
        char *body = to_charset(html, enc[k], &body_len);
        char *in = malloc(body_len + 2);
        assert_non_null(in);
        memcpy(in, bom[k], 2);
        memcpy(in + 2, body, body_len);
        const char *out = decode(f, in, body_len + 2, NULL, &n, &info);
        assert_int_equal(info.source, WN_CS_BOM);
        assert_int_equal(n, strlen(html));
        assert_memory_equal(out, html, n);
        assert_int_equal(out[n], '\0');
        /* Without the BOM: sniffed from the NUL pattern. */
        out = decode(f, body, body_len, NULL, &n, &info);
        assert_int_equal(info.source, WN_CS_DETECTED);
        assert_string_equal(info.name, k == 0 ? "utf-16le" : "utf-16be");
        assert_int_equal(n, strlen(html));
        assert_memory_equal(out, html, n);
        free(body);
        free(in);
    }
}

static void test_http_and_meta_labels(void **state) {
    fixture *f = *state;
    wn_charset_info_t info;
    size_t n, blen;
    char *body = to_charset(RU, "CP1251", &blen);
    static const char *heads[] = {
        "<html><head><meta charset=\"windows-1251\"></head><body><p>",
        "<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=windows-1251\"><body><p>",
        "<html><head><meta  charset = 'cp1251' /><body><p>",
        "<!-- <meta charset=koi8-r> --><meta http-equiv=content-type content='text/html;charset=x-cp1251'><p>",
    };
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        char *in = page3(heads[i], body, blen, "</p></body></html>", &n);
        size_t out_len;
        const char *out = decode(f, in, n, NULL, &out_len, &info);
        assert_string_equal(info.name, "windows-1251");
        assert_int_equal(info.source, WN_CS_META);
        assert_non_null(strstr(out, RU));
        free(in);
    }
    /* HTTP wins over <meta>. */
    char *koi = to_charset(RU, "KOI8-R", &blen);
    char *in = page3("<meta charset=windows-1251><p>", koi, blen, "</p>", &n);
    size_t out_len;
    const char *out = decode(f, in, n, "text/html; Charset=\"KOI8-R\"", &out_len, &info);
    assert_string_equal(info.name, "koi8-r");
    assert_int_equal(info.source, WN_CS_HTTP);
    assert_non_null(strstr(out, RU));
    /* A utf-16 <meta> on an ASCII-compatible page is not believed. */
    {
        const char *m16 = "<meta charset=utf-16><p>Grüße</p>";
        out = decode(f, m16, strlen(m16), NULL, &out_len, &info);
        assert_ptr_equal(out, m16);
        assert_string_equal(info.name, "utf-8");
    }
    /* An unknown HTTP label falls through to <meta>. */
    free(in);
    in = page3("<meta charset=koi8-r><p>", koi, blen, "</p>", &n);
    out = decode(f, in, n, "text/html; charset=x-klingon", &out_len, &info);
    assert_int_equal(info.source, WN_CS_META);
    assert_non_null(strstr(out, RU));
    free(in);
    free(koi);
    free(body);
}

static void test_lying_utf8_label(void **state) {
    fixture *f = *state;
    wn_charset_info_t info;
    size_t n, blen, out_len;
    char *body = to_charset(RU, "CP1251", &blen);
    char *in = page3("<html><head><meta charset=\"utf-8\"></head><body><p>", body, blen, "</p></body></html>", &n);
    const char *out = decode(f, in, n, "text/html; charset=utf-8", &out_len, &info);
    assert_string_equal(info.name, "windows-1251");
    assert_int_equal(info.source, WN_CS_DETECTED);
    assert_non_null(strstr(out, RU));
    free(in);
    free(body);

    /* A latin1 page labelled utf-8 with one accented letter (the dev-set
     * archive.org case): not UTF-8, decoded as windows-1252. */
    const char *l1 = "<meta charset=utf-8><p>350 000 emplois cr\xE9\xE9s</p>";
    out = decode(f, l1, strlen(l1), NULL, &out_len, &info);
    assert_non_null(strstr(out, "emplois créés"));
}

static void test_utf8_few_invalid(void **state) {
    fixture *f = *state;
    wn_charset_info_t info;
    size_t out_len;
    char in[512];
    snprintf(in, sizeof in, "<meta charset=utf-8><p>%s \xFC ok \xE2\x82 end</p>", "Grüße aus Köln, schöne Äpfel, süße Öle, große Füße, übel");
    const char *out = decode(f, in, strlen(in), NULL, &out_len, &info);
    assert_ptr_not_equal(out, in);
    assert_string_equal(info.name, "utf-8");
    assert_int_equal(info.replaced, 2); /* FC, and the truncated E2 82 as one */
    assert_non_null(strstr(out, "Grüße aus Köln"));
    assert_non_null(strstr(out, " \xEF\xBF\xBD ok \xEF\xBF\xBD end"));
}

static void test_nul_bytes(void **state) {
    fixture *f = *state;
    wn_charset_info_t info;
    size_t out_len;
    static const char in[] = "<p>a\0b</p>";
    const char *out = decode(f, in, sizeof in - 1, NULL, &out_len, &info);
    assert_string_equal(out, "<p>a\xEF\xBF\xBD"
                             "b</p>");
    assert_int_equal(info.replaced, 1);
    /* NULs in a converted page too. */
    static const char in2[] = "<meta charset=koi8-r><p>\xF0\0\xF2</p>";
    out = decode(f, in2, sizeof in2 - 1, NULL, &out_len, &info);
    assert_non_null(strstr(out, "П\xEF\xBF\xBDР"));
}

static void test_unlabelled_shift_jis(void **state) {
    fixture *f = *state;
    wn_charset_info_t info;
    size_t n, blen, out_len;
    char *body = to_charset(JA, "SHIFT_JIS", &blen);
    char *in = page3("<html><head><title>x</title></head><body><p>", body, blen, "</p></body></html>", &n);
    const char *out = decode(f, in, n, NULL, &out_len, &info);
    assert_string_equal(info.name, "shift_jis");
    assert_int_equal(info.source, WN_CS_DETECTED);
    assert_non_null(strstr(out, JA));
    free(in);
    free(body);

    /* EUC-JP and ISO-2022-JP, unlabelled. */
    const char *encs[] = {"EUC-JP", "ISO-2022-JP"};
    const char *names[] = {"euc-jp", "iso-2022-jp"};
    for (int k = 0; k < 2; k++) {
        body = to_charset(JA, encs[k], &blen);
        in = page3("<p>", body, blen, "</p>", &n);
        out = decode(f, in, n, NULL, &out_len, &info);
        assert_string_equal(info.name, names[k]);
        assert_non_null(strstr(out, JA));
        free(in);
        free(body);
    }
}

static void test_gbk_label(void **state) {
    fixture *f = *state;
    wn_charset_info_t info;
    size_t n, blen, out_len;
    const char *zh = "新华社北京电 国务院总理今天主持召开国务院常务会议，部署进一步做好稳就业工作。";
    char *body = to_charset(zh, "GB18030", &blen);
    char *in = page3("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><p>", body, blen,
                     "</p>", &n);
    const char *out = decode(f, in, n, NULL, &out_len, &info);
    assert_string_equal(info.name, "gbk");
    assert_non_null(strstr(out, zh));
    free(in);
    free(body);
}

/* A gb2312 label on a page that is valid UTF-8 throughout: the label lies,
 * the page is UTF-8 (a CMS template that never changed its meta). */
static void test_lying_legacy_label(void **state) {
    fixture *f = *state;
    wn_charset_info_t info;
    size_t out_len;
    const char *in = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><p>"
                     "新华社北京电 国务院总理今天主持召开国务院常务会议，部署进一步做好稳就业工作。</p>";
    const char *out = decode(f, in, strlen(in), NULL, &out_len, &info);
    assert_string_equal(info.name, "utf-8");
    assert_ptr_equal(out, in); /* zero copy */
    /* ...while a page with only a couple of non-ASCII bytes keeps its label. */
    const char *few = "<meta charset=\"windows-1252\"><p>caf\xc3\xa9</p>";
    decode(f, few, strlen(few), NULL, &out_len, &info);
    assert_string_equal(info.name, "windows-1252");
}

static void test_garbage(void **state) {
    fixture *f = *state;
    wn_charset_info_t info;
    size_t out_len;
    size_t n = 200000;
    unsigned char *g = malloc(n);
    assert_non_null(g);
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        g[i] = (unsigned char)(x >> 16);
    }
    const char *labels[] = {NULL, "text/html; charset=utf-8", "text/html; charset=shift_jis",
                            "text/html; charset=utf-16le", "text/html; charset=iso-2022-jp", "text/html; charset=big5"};
    for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) {
        (void)decode(f, (const char *)g, n, labels[k], &out_len, &info);
        (void)decode(f, (const char *)g, 1, labels[k], &out_len, &info);
        (void)decode(f, (const char *)g, 3, labels[k], &out_len, &info);
        wn_arena_reset(f->a);
    }
    free(g);
    /* Truncated UTF-16 with a lone surrogate and an odd trailing byte. */
    static const char t16[] = "\xFF\xFE<\0p\0>\0\x00\xD8x\0y";
    (void)decode(f, t16, sizeof t16 - 1, NULL, &out_len, &info);
    assert_true(info.replaced >= 2);
}

static void test_arena_exhausted(void **state) {
    (void)state;
    wn_charset_t *cs = wn_charset_new();
    wn_arena_t *a = wn_arena_new(1024);
    char in[4096];
    memset(in, 'a', sizeof in);
    in[10] = '\xE9'; /* latin1: needs conversion into the arena */
    const char *out;
    size_t n;
    assert_int_equal(wn_charset_decode(cs, a, in, sizeof in, "text/html; charset=latin1", &out, &n, NULL),
                     WN_ENOMEM);
    wn_arena_destroy(&a);
    wn_charset_destroy(&cs);
}

/* ---- the dev set -------------------------------------------------------- */

/* Appends the text of the DOM under `root` to b, joining text nodes with
 * `sep`; iterative, with an explicit stack. */
static void dom_text(GumboNode *root, wn_buf_t *b, const char *sep) {
    GumboNode **stack = malloc(sizeof *stack * 100000);
    assert_non_null(stack);
    size_t sp = 0;
    stack[sp++] = root;
    while (sp) {
        GumboNode *nd = stack[--sp];
        if (nd->type == GUMBO_NODE_TEXT || nd->type == GUMBO_NODE_WHITESPACE || nd->type == GUMBO_NODE_CDATA) {
            assert_int_equal(wn_buf_adds(b, nd->v.text.text), WN_OK);
            assert_int_equal(wn_buf_adds(b, sep), WN_OK);
        } else if (nd->type == GUMBO_NODE_ELEMENT || nd->type == GUMBO_NODE_DOCUMENT) {
            GumboVector *ch = nd->type == GUMBO_NODE_ELEMENT ? &nd->v.element.children : &nd->v.document.children;
            for (unsigned i = ch->length; i-- > 0 && sp < 100000;) stack[sp++] = ch->data[i];
        }
    }
    free(stack);
}

/* Collapses whitespace runs (and NBSP) to one space, in place. */
static size_t squeeze(char *s, size_t n) {
    size_t o = 0;
    int sp = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) ws = 1, i++;
        if (ws) {
            sp = 1;
            continue;
        }
        if (sp && o) s[o++] = ' ';
        sp = 0;
        s[o++] = (char)c;
    }
    s[o] = '\0';
    return o;
}

static char *read_gz(const char *path, size_t *n) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    wn_buf_t raw, html;
    wn_buf_init(&raw, 64u << 20);
    wn_buf_init(&html, 256u << 20);
    char tmp[65536];
    size_t k;
    while ((k = fread(tmp, 1, sizeof tmp, fp)) > 0) assert_int_equal(wn_buf_add(&raw, tmp, k), WN_OK);
    fclose(fp);
    assert_int_equal(wn_inflate(raw.data, raw.len, WN_INFLATE_GZIP, &html), WN_OK);
    wn_buf_free(&raw);
    return wn_buf_steal(&html, n);
}

static const char *eval_dir(void) {
    const char *d = getenv("WINNOW_EVAL");
    return d ? d : "../shared/eval";
}

static void test_devset_legacy_pages(void **state) {
    fixture *f = *state;
    char path[4096];
    snprintf(path, sizeof path, "%s/truth.jsonl", eval_dir());
    FILE *fp = fopen(path, "r");
    if (!fp) {
        skip();
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    int pages = 0, snippets = 0, missing = 0;
    while (getline(&line, &cap, fp) > 0) {
        json_error_t err;
        json_t *d = json_loads(line, 0, &err);
        assert_non_null(d);
        const char *cs = json_string_value(json_object_get(d, "charset"));
        const char *id = json_string_value(json_object_get(d, "id"));
        if (!cs || !id || strcmp(cs, "utf-8") == 0 || strcmp(cs, "ascii") == 0) {
            json_decref(d);
            continue;
        }
        snprintf(path, sizeof path, "%s/pages/%s.html.gz", eval_dir(), id);
        size_t n;
        char *raw = read_gz(path, &n);
        assert_non_null(raw);
        wn_charset_info_t info;
        size_t out_len;
        const char *out = decode(f, raw, n, NULL, &out_len, &info);
        pages++;
        /* Text as the parser sees it, text nodes joined with "" and " ". */
        GumboOptions opt = kGumboDefaultOptions;
        opt.allocator = wn_arena_gumbo_alloc;
        opt.deallocator = wn_arena_gumbo_free;
        opt.userdata = f->a;
        GumboOutput *g = gumbo_parse_with_options(&opt, out, out_len);
        assert_non_null(g);
        wn_buf_t t0, t1;
        wn_buf_init(&t0, 256u << 20);
        wn_buf_init(&t1, 256u << 20);
        dom_text(g->root, &t0, "");
        dom_text(g->root, &t1, " ");
        t0.len = squeeze(t0.data, t0.len);
        t1.len = squeeze(t1.data, t1.len);
        json_t *with = json_object_get(d, "with"), *s;
        size_t i;
        json_array_foreach(with, i, s) {
            char snip[4096];
            snprintf(snip, sizeof snip, "%s", json_string_value(s));
            squeeze(snip, strlen(snip));
            snippets++;
            if (!strstr(t0.data, snip) && !strstr(t1.data, snip)) {
                missing++;
                print_message("# %s (%s, decoded as %s): missing \"%s\"\n", id, cs, info.name, snip);
            }
        }
        wn_buf_free(&t0);
        wn_buf_free(&t1);
        free(raw);
        wn_arena_reset(f->a);
        json_decref(d);
    }
    free(line);
    fclose(fp);
    print_message("# dev set: %d legacy pages, %d snippets, %d missing\n", pages, snippets, missing);
    assert_true(pages > 0);
    assert_int_equal(missing, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_canonical),
        cmocka_unit_test_setup_teardown(test_ascii_and_utf8_zero_copy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_utf16_bom, setup, teardown),
        cmocka_unit_test_setup_teardown(test_http_and_meta_labels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lying_utf8_label, setup, teardown),
        cmocka_unit_test_setup_teardown(test_utf8_few_invalid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nul_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unlabelled_shift_jis, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gbk_label, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lying_legacy_label, setup, teardown),
        cmocka_unit_test_setup_teardown(test_garbage, setup, teardown),
        cmocka_unit_test(test_arena_exhausted),
        cmocka_unit_test_setup_teardown(test_devset_legacy_pages, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
