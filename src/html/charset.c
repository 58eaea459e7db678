/* charset.c -- decode a page's bytes to UTF-8 (see winnow/charset.h).
 *
 * Decision order: BOM > HTTP charset= > <meta> in the first 8 KiB >
 * detection > windows-1252. Valid UTF-8 is returned in place (zero copy);
 * everything else is converted with iconv (handles cached per decoder) or,
 * for UTF-8 with a few bad bytes, copied with the bad sequences replaced by
 * U+FFFD. NUL bytes always become U+FFFD: Gumbo handles them inconsistently.
 */
#include "winnow/charset.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uchardet/uchardet.h>

#include "winnow/buf.h"

#define WN_META_WINDOW (8u * 1024u)       /* bytes searched for <meta charset> */
#define WN_DETECT_WINDOW (64u * 1024u)    /* bytes fed to uchardet */
#define WN_ICONV_SLOTS 4                  /* cached iconv handles per decoder */
#define WN_SCRATCH_KEEP (4u * 1024u * 1024u) /* scratch kept between pages */

typedef struct wn_iconv_slot {
    const char *canon; /* static canonical name, NULL if unused */
    iconv_t cd;
    unsigned long last_use;
} wn_iconv_slot;

struct wn_charset {
    uchardet_t ud;
    wn_iconv_slot slots[WN_ICONV_SLOTS];
    unsigned long clock;
    wn_buf_t scratch; /* iconv output before it is copied into the arena */
};

/* ---- labels ------------------------------------------------------------ */

typedef struct wn_label {
    const char *label;
    const char *canon;
} wn_label;

/* The WHATWG Encoding Standard label table, restricted to the encodings
 * seen on real pages, plus the names uchardet returns. ISO-8859-1 and ASCII
 * map to windows-1252 as browsers do (pages labelled latin1 routinely use
 * the C1 range for curly quotes and the euro sign). */
static const wn_label wn_labels[] = {
    {"utf-8", "utf-8"},
    {"utf8", "utf-8"},
    {"unicode-1-1-utf-8", "utf-8"},
    {"x-unicode20utf8", "utf-8"},
    {"windows-1252", "windows-1252"},
    {"cp1252", "windows-1252"},
    {"x-cp1252", "windows-1252"},
    {"latin1", "windows-1252"},
    {"l1", "windows-1252"},
    {"iso-8859-1", "windows-1252"},
    {"iso8859-1", "windows-1252"},
    {"iso88591", "windows-1252"},
    {"iso_8859-1", "windows-1252"},
    {"iso_8859-1:1987", "windows-1252"},
    {"iso-ir-100", "windows-1252"},
    {"csisolatin1", "windows-1252"},
    {"ibm819", "windows-1252"},
    {"cp819", "windows-1252"},
    {"us-ascii", "windows-1252"},
    {"ascii", "windows-1252"},
    {"ansi_x3.4-1968", "windows-1252"},
    {"latin2", "iso-8859-2"},
    {"l2", "iso-8859-2"},
    {"csisolatin2", "iso-8859-2"},
    {"latin3", "iso-8859-3"},
    {"latin4", "iso-8859-4"},
    {"cyrillic", "iso-8859-5"},
    {"arabic", "iso-8859-6"},
    {"greek", "iso-8859-7"},
    {"hebrew", "iso-8859-8"},
    {"iso-8859-8-i", "iso-8859-8"},
    {"latin5", "windows-1254"},
    {"l5", "windows-1254"},
    {"latin6", "iso-8859-10"},
    {"latin9", "iso-8859-15"},
    {"l9", "iso-8859-15"},
    {"tis-620", "windows-874"},
    {"dos-874", "windows-874"},
    {"windows-874", "windows-874"},
    {"koi8-r", "koi8-r"},
    {"koi8r", "koi8-r"},
    {"koi8", "koi8-r"},
    {"koi", "koi8-r"},
    {"cskoi8r", "koi8-r"},
    {"koi8-u", "koi8-u"},
    {"koi8-ru", "koi8-u"},
    {"ibm866", "ibm866"},
    {"cp866", "ibm866"},
    {"866", "ibm866"},
    {"csibm866", "ibm866"},
    {"x-mac-cyrillic", "x-mac-cyrillic"},
    {"x-mac-ukrainian", "x-mac-cyrillic"},
    {"mac-cyrillic", "x-mac-cyrillic"},
    {"gbk", "gbk"},
    {"x-gbk", "gbk"},
    {"gb2312", "gbk"},
    {"gb_2312", "gbk"},
    {"gb_2312-80", "gbk"},
    {"csgb2312", "gbk"},
    {"chinese", "gbk"},
    {"iso-ir-58", "gbk"},
    {"cp936", "gbk"},
    {"ms936", "gbk"},
    {"windows-936", "gbk"},
    {"euc-cn", "gbk"},
    {"gb18030", "gb18030"},
    {"big5", "big5"},
    {"big5-hkscs", "big5"},
    {"cn-big5", "big5"},
    {"csbig5", "big5"},
    {"x-x-big5", "big5"},
    {"euc-tw", "euc-tw"},
    {"x-euc-tw", "euc-tw"},
    {"euc-jp", "euc-jp"},
    {"x-euc-jp", "euc-jp"},
    {"cseucpkdfmtjapanese", "euc-jp"},
    {"iso-2022-jp", "iso-2022-jp"},
    {"csiso2022jp", "iso-2022-jp"},
    {"shift_jis", "shift_jis"},
    {"shift-jis", "shift_jis"},
    {"sjis", "shift_jis"},
    {"x-sjis", "shift_jis"},
    {"ms932", "shift_jis"},
    {"ms_kanji", "shift_jis"},
    {"windows-31j", "shift_jis"},
    {"csshiftjis", "shift_jis"},
    {"cp932", "shift_jis"},
    {"euc-kr", "euc-kr"},
    {"cseuckr", "euc-kr"},
    {"ks_c_5601-1987", "euc-kr"},
    {"ks_c_5601-1989", "euc-kr"},
    {"ksc5601", "euc-kr"},
    {"ksc_5601", "euc-kr"},
    {"korean", "euc-kr"},
    {"windows-949", "euc-kr"},
    {"cp949", "euc-kr"},
    {"uhc", "euc-kr"},
    {"iso-ir-149", "euc-kr"},
    {"csksc56011987", "euc-kr"},
    {"utf-16", "utf-16le"},
    {"utf-16le", "utf-16le"},
    {"unicode", "utf-16le"},
    {"ucs-2", "utf-16le"},
    {"csunicode", "utf-16le"},
    {"iso-10646-ucs-2", "utf-16le"},
    {"unicodefeff", "utf-16le"},
    {"utf-16be", "utf-16be"},
    {"unicodefffe", "utf-16be"},
};

/* Canonical name -> iconv name (glibc). Supersets where browsers use them:
 * gbk decodes as GB18030, shift_jis as CP932, euc-kr as CP949 (UHC). */
typedef struct wn_iconv_name {
    const char *canon;
    const char *iconv;
} wn_iconv_name;

static const wn_iconv_name wn_iconv_names[] = {
    {"windows-1250", "CP1250"},   {"windows-1251", "CP1251"},   {"windows-1252", "CP1252"},
    {"windows-1253", "CP1253"},   {"windows-1254", "CP1254"},   {"windows-1255", "CP1255"},
    {"windows-1256", "CP1256"},   {"windows-1257", "CP1257"},   {"windows-1258", "CP1258"},
    {"windows-874", "CP874"},     {"iso-8859-2", "ISO-8859-2"}, {"iso-8859-3", "ISO-8859-3"},
    {"iso-8859-4", "ISO-8859-4"}, {"iso-8859-5", "ISO-8859-5"}, {"iso-8859-6", "ISO-8859-6"},
    {"iso-8859-7", "ISO-8859-7"}, {"iso-8859-8", "ISO-8859-8"}, {"iso-8859-10", "ISO-8859-10"},
    {"iso-8859-13", "ISO-8859-13"}, {"iso-8859-14", "ISO-8859-14"}, {"iso-8859-15", "ISO-8859-15"},
    {"iso-8859-16", "ISO-8859-16"}, {"koi8-r", "KOI8-R"},       {"koi8-u", "KOI8-U"},
    {"ibm866", "IBM866"},         {"x-mac-cyrillic", "MAC-CYRILLIC"}, {"gbk", "GB18030"},
    {"gb18030", "GB18030"},       {"big5", "BIG5-HKSCS"},       {"euc-tw", "EUC-TW"},
    {"euc-jp", "EUC-JP"},         {"iso-2022-jp", "ISO-2022-JP"}, {"shift_jis", "CP932"},
    {"euc-kr", "CP949"},          {"utf-16le", "UTF-16LE"},     {"utf-16be", "UTF-16BE"},
};

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

static int is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* Canonical names that are themselves canonical labels: "windows-125x",
 * "iso-8859-N" and "cp125x" are matched by pattern instead of listed. */
static const char *canon_pattern(const char *s, size_t n) {
    static const char *const win[] = {"windows-1250", "windows-1251", "windows-1252",
                                      "windows-1253", "windows-1254", "windows-1255",
                                      "windows-1256", "windows-1257", "windows-1258"};
    /* windows-125x, cp125x, x-cp125x */
    const char *d = NULL;
    if (n == 12 && memcmp(s, "windows-125", 11) == 0) d = s + 11;
    else if (n == 6 && memcmp(s, "cp125", 5) == 0) d = s + 5;
    else if (n == 8 && memcmp(s, "x-cp125", 7) == 0) d = s + 7;
    if (d && *d >= '0' && *d <= '8') return win[*d - '0'];
    /* iso-8859-N, iso8859-N, iso_8859-N, iso8859N (N = 2..16) */
    if (n >= 8 && memcmp(s, "iso", 3) == 0) {
        size_t i = 3;
        if (s[i] == '-' || s[i] == '_') i++;
        if (n - i < 5 || memcmp(s + i, "8859", 4) != 0) return NULL;
        i += 4;
        if (s[i] == '-' || s[i] == '_') i++;
        unsigned v = 0;
        size_t digits = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 3) v = v * 10 + (unsigned)(s[i++] - '0'), digits++;
        if (i != n || digits == 0) return NULL;
        switch (v) {
        case 1: return "windows-1252";
        case 2: return "iso-8859-2";
        case 3: return "iso-8859-3";
        case 4: return "iso-8859-4";
        case 5: return "iso-8859-5";
        case 6: return "iso-8859-6";
        case 7: return "iso-8859-7";
        case 8: return "iso-8859-8";
        case 9: return "windows-1254";
        case 10: return "iso-8859-10";
        case 11: return "windows-874";
        case 13: return "iso-8859-13";
        case 14: return "iso-8859-14";
        case 15: return "iso-8859-15";
        case 16: return "iso-8859-16";
        default: return NULL;
        }
    }
    return NULL;
}

const char *wn_charset_canonical(const char *label, size_t len) {
    if (!label) return NULL;
    /* Trim whitespace and quotes as found in attribute values and headers. */
    while (len && (is_space((unsigned char)*label) || *label == '"' || *label == '\'')) label++, len--;
    while (len && (is_space((unsigned char)label[len - 1]) || label[len - 1] == '"' || label[len - 1] == '\''))
        len--;
    char low[40];
    if (len == 0 || len >= sizeof low) return NULL;
    for (size_t i = 0; i < len; i++) low[i] = (char)lower((unsigned char)label[i]);
    low[len] = '\0';
    const char *c = canon_pattern(low, len);
    if (c) return c;
    for (size_t i = 0; i < sizeof wn_labels / sizeof wn_labels[0]; i++)
        if (strcmp(wn_labels[i].label, low) == 0) return wn_labels[i].canon;
    return NULL;
}

static const char *iconv_name(const char *canon) {
    for (size_t i = 0; i < sizeof wn_iconv_names / sizeof wn_iconv_names[0]; i++)
        if (strcmp(wn_iconv_names[i].canon, canon) == 0) return wn_iconv_names[i].iconv;
    return NULL;
}

/* ---- decoder lifetime --------------------------------------------------- */

wn_charset_t *wn_charset_new(void) {
    wn_charset_t *cs = calloc(1, sizeof *cs);
    if (!cs) return NULL;
    cs->ud = uchardet_new();
    if (!cs->ud) {
        free(cs);
        return NULL;
    }
    for (int i = 0; i < WN_ICONV_SLOTS; i++) cs->slots[i].cd = (iconv_t)-1;
    wn_buf_init(&cs->scratch, SIZE_MAX / 2);
    return cs;
}

void wn_charset_destroy(wn_charset_t **self) {
    if (!self || !*self) return;
    wn_charset_t *cs = *self;
    for (int i = 0; i < WN_ICONV_SLOTS; i++)
        if (cs->slots[i].cd != (iconv_t)-1) iconv_close(cs->slots[i].cd);
    uchardet_delete(cs->ud);
    wn_buf_free(&cs->scratch);
    free(cs);
    *self = NULL;
}

/* Returns a reset iconv handle converting `canon` to UTF-8, opening it (and
 * evicting the least recently used) if needed; (iconv_t)-1 if iconv does not
 * know the charset. The handle belongs to `cs`. */
static iconv_t get_iconv(wn_charset_t *cs, const char *canon) {
    wn_iconv_slot *victim = &cs->slots[0];
    cs->clock++;
    for (int i = 0; i < WN_ICONV_SLOTS; i++) {
        wn_iconv_slot *s = &cs->slots[i];
        if (s->canon && strcmp(s->canon, canon) == 0) {
            s->last_use = cs->clock;
            iconv(s->cd, NULL, NULL, NULL, NULL);
            return s->cd;
        }
        if (!victim->canon) continue;
        if (!s->canon || s->last_use < victim->last_use) victim = s;
    }
    const char *name = iconv_name(canon);
    if (!name) return (iconv_t)-1;
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1) return cd;
    if (victim->cd != (iconv_t)-1) iconv_close(victim->cd);
    victim->canon = canon;
    victim->cd = cd;
    victim->last_use = cs->clock;
    return cd;
}

/* ---- UTF-8 validation and scrubbing ------------------------------------- */

typedef struct wn_u8stats {
    size_t invalid;   /* maximal invalid subsequences */
    size_t multibyte; /* valid sequences of 2-4 bytes */
    size_t nul;       /* NUL bytes */
    size_t out_len;   /* length after replacing invalid sequences and NULs with U+FFFD */
} wn_u8stats;

/* Length of the valid UTF-8 sequence at p[0..n) (2..4), or 0 if invalid;
 * then *bad holds how many bytes form the maximal invalid subpart (>= 1),
 * so that a truncated sequence becomes one U+FFFD as in the WHATWG decoder. */
static size_t u8_seq(const unsigned char *p, size_t n, size_t *bad) {
    unsigned c = p[0];
    size_t len;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        *bad = 1;
        return 0;
    }
    size_t i = 1;
    for (; i < len; i++) {
        if (i >= n) break;
        unsigned b = p[i];
        if (b < lo || b > hi) break;
        lo = 0x80, hi = 0xBF;
    }
    if (i == len) return len;
    *bad = i;
    return 0;
}

static void u8_scan(const unsigned char *p, size_t n, wn_u8stats *st) {
    memset(st, 0, sizeof *st);
    size_t i = 0, out = 0;
    while (i < n) {
        /* ASCII fast path, eight bytes at a time. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ull) break;
            /* a zero byte among the eight? */
            if ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull) break;
            i += 8;
            out += 8;
        }
        if (i >= n) break;
        unsigned c = p[i];
        if (c < 0x80) {
            if (c == 0) st->nul++, out += 3;
            else out++;
            i++;
            continue;
        }
        size_t bad = 0, len = u8_seq(p + i, n - i, &bad);
        if (len) {
            st->multibyte++;
            out += len;
            i += len;
        } else {
            st->invalid++;
            out += 3;
            i += bad;
        }
    }
    st->out_len = out;
}

/* Copies p[0..n) to dst replacing invalid sequences and NULs with U+FFFD;
 * dst has room for the out_len computed by u8_scan, plus a NUL. */
static void u8_scrub(const unsigned char *p, size_t n, char *dst) {
    size_t i = 0, o = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c && c < 0x80) {
            dst[o++] = (char)c;
            i++;
            continue;
        }
        size_t bad = 0, len = c ? u8_seq(p + i, n - i, &bad) : 0;
        if (len) {
            memcpy(dst + o, p + i, len);
            o += len;
            i += len;
        } else {
            memcpy(dst + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i += c ? bad : 1;
        }
    }
    dst[o] = '\0';
}

/* UTF-8 with a few bad bytes is still UTF-8 when valid multi-byte sequences
 * outnumber bad ones `ratio` to 1 (1 when a label says utf-8, 8 when
 * guessing without one). Pages assembled from several
 * sources often carry a stray latin1 byte among hundreds of valid sequences
 * (four such pages in the dev set: 1-4 bad, 75-499 valid). A page that is
 * really latin1 or GBK has far more bad sequences than valid ones
 * (archive.org "travaillent": 1 bad, 0 valid; xinhuanet gb2312: 2399 vs 661). */
static int mostly_utf8(const wn_u8stats *st, size_t ratio) {
    return st->invalid == 0 || st->invalid * ratio <= st->multibyte;
}

/* ---- label sources ------------------------------------------------------ */

/* Finds "charset" followed by optional spaces, '=' and a value in p[0..n);
 * returns the canonical name of the first one that parses, else NULL. */
static const char *find_charset_param(const char *p, size_t n) {
    static const char kw[] = "charset";
    for (size_t i = 0; i + 7 < n; i++) {
        if (lower((unsigned char)p[i]) != 'c') continue;
        size_t k = 1;
        while (k < 7 && lower((unsigned char)p[i + k]) == kw[k]) k++;
        if (k < 7) continue;
        size_t j = i + 7;
        while (j < n && is_space((unsigned char)p[j])) j++;
        if (j >= n || p[j] != '=') continue;
        j++;
        while (j < n && (is_space((unsigned char)p[j]) || p[j] == '"' || p[j] == '\'')) j++;
        size_t s = j;
        while (j < n && j - s < 40 && !is_space((unsigned char)p[j]) && p[j] != '"' && p[j] != '\'' &&
               p[j] != ';' && p[j] != '>' && p[j] != ',' && p[j] != '/')
            j++;
        if (j == s) continue;
        return wn_charset_canonical(p + s, j - s);
    }
    return NULL;
}

/* The cheap byte scan of the first 8 KiB for <meta charset=...> or
 * <meta http-equiv="Content-Type" content="...; charset=...">, skipping
 * comments. Returns the canonical name or NULL. */
static const char *meta_charset(const char *in, size_t n) {
    if (n > WN_META_WINDOW) n = WN_META_WINDOW;
    size_t i = 0;
    while (i < n) {
        const char *lt = memchr(in + i, '<', n - i);
        if (!lt) return NULL;
        size_t at = (size_t)(lt - in);
        i = at + 1;
        if (n - at >= 4 && memcmp(lt, "<!--", 4) == 0) {
            const char *end = memmem(lt + 4, n - at - 4, "-->", 3);
            if (!end) return NULL;
            i = (size_t)(end - in) + 3;
            continue;
        }
        if (n - at < 6) return NULL;
        if (lower((unsigned char)lt[1]) != 'm' || lower((unsigned char)lt[2]) != 'e' ||
            lower((unsigned char)lt[3]) != 't' || lower((unsigned char)lt[4]) != 'a')
            continue;
        if (!is_space((unsigned char)lt[5]) && lt[5] != '/') continue;
        const char *gt = memchr(lt + 5, '>', n - at - 5);
        size_t tag_end = gt ? (size_t)(gt - in) : n;
        const char *c = find_charset_param(lt + 5, tag_end - at - 5);
        if (c || !gt) return c; /* no '>' left: no later tag can be complete */
        i = tag_end;
    }
    return NULL;
}

/* UTF-16 without a BOM: text in Latin script has a NUL in every other byte.
 * Returns "utf-16le", "utf-16be" or NULL, looking at the first KiB. */
static const char *sniff_utf16(const unsigned char *p, size_t n) {
    if (n > 1024) n = 1024;
    n &= ~(size_t)1;
    if (n < 8) return NULL;
    size_t even = 0, odd = 0;
    for (size_t i = 0; i < n; i += 2) {
        even += p[i] == 0;
        odd += p[i + 1] == 0;
    }
    size_t pairs = n / 2;
    if (odd * 2 > pairs && even * 8 < pairs) return "utf-16le";
    if (even * 2 > pairs && odd * 8 < pairs) return "utf-16be";
    return NULL;
}

/* ---- conversion --------------------------------------------------------- */

/* Appends q[0..n) (UTF-8 from iconv) to b, turning NULs into U+FFFD. */
static wn_status add_converted(wn_buf_t *b, const char *q, size_t n) {
    while (n) {
        const char *z = memchr(q, 0, n);
        size_t k = z ? (size_t)(z - q) : n;
        wn_status st = wn_buf_add(b, q, k);
        if (st != WN_OK) return st;
        if (!z) break;
        st = wn_buf_add(b, "\xEF\xBF\xBD", 3);
        if (st != WN_OK) return st;
        q += k + 1;
        n -= k + 1;
    }
    return WN_OK;
}

/* Converts in[0..n) from charset `canon` with handle cd into arena memory.
 * Undecodable bytes become U+FFFD (one per byte, per unit in UTF-16). */
static wn_status convert(wn_charset_t *cs, iconv_t cd, const char *canon, wn_arena_t *a, const char *in,
                         size_t n, const char **out, size_t *out_len, size_t *replaced) {
    wn_buf_t *b = &cs->scratch;
    size_t unit = strncmp(canon, "utf-16", 6) == 0 ? 2 : 1;
    char chunk[16384];
    char *inp = (char *)(uintptr_t)in; /* iconv's prototype is not const-correct */
    size_t left = n;
    wn_status st = WN_OK;
    wn_buf_reset(b);
    while (left > 0) {
        char *op = chunk;
        size_t oleft = sizeof chunk;
        size_t r = iconv(cd, &inp, &left, &op, &oleft);
        int err = r == (size_t)-1 ? errno : 0;
        st = add_converted(b, chunk, (size_t)(op - chunk));
        if (st != WN_OK) goto out;
        if (!err || err == E2BIG) continue;
        /* EILSEQ, or EINVAL (incomplete sequence at the end): replace one
         * byte (one code unit in UTF-16) and go on. */
        size_t skip = err == EINVAL ? left : (unit < left ? unit : left);
        st = wn_buf_add(b, "\xEF\xBF\xBD", 3);
        if (st != WN_OK) goto out;
        (*replaced)++;
        inp += skip;
        left -= skip;
    }
    {
        /* Flush the shift state of stateful encodings (ISO-2022-JP). */
        char *op = chunk;
        size_t oleft = sizeof chunk;
        iconv(cd, NULL, NULL, &op, &oleft);
        st = add_converted(b, chunk, (size_t)(op - chunk));
        if (st != WN_OK) goto out;
    }
    char *dst = wn_arena_alloc(a, b->len + 1);
    if (!dst) {
        st = WN_ENOMEM;
        goto out;
    }
    memcpy(dst, b->data ? b->data : "", b->len);
    dst[b->len] = '\0';
    *out = dst;
    *out_len = b->len;
out:
    if (b->cap > WN_SCRATCH_KEEP) wn_buf_free(b);
    else wn_buf_reset(b);
    return st;
}

/* Returns UTF-8 input in place, or scrubbed into the arena when it holds
 * invalid sequences or NULs. */
static wn_status pass_utf8(wn_arena_t *a, const char *in, size_t n, const wn_u8stats *u8, const char **out,
                           size_t *out_len, size_t *replaced) {
    if (u8->invalid == 0 && u8->nul == 0) {
        *out = in;
        *out_len = n;
        return WN_OK;
    }
    char *dst = wn_arena_alloc(a, u8->out_len + 1);
    if (!dst) return WN_ENOMEM;
    u8_scrub((const unsigned char *)in, n, dst);
    *out = dst;
    *out_len = u8->out_len;
    *replaced += u8->invalid + u8->nul;
    return WN_OK;
}

static void set_info(wn_charset_info_t *info, const char *name, wn_charset_source src) {
    size_t k = strlen(name);
    if (k >= sizeof info->name) k = sizeof info->name - 1;
    memcpy(info->name, name, k);
    info->name[k] = '\0';
    info->source = src;
}

/* Valid multi-byte UTF-8 sequences (and no invalid one) past which a
 * legacy charset label is taken to lie. */
#define WN_LYING_LEGACY_MIN 16

/* Tries to decode with the charset `canon` from source `src`. Returns WN_OK
 * with *done = 1 if it did; *done = 0 if the label must be ignored (a lying
 * utf-8 label, a utf-16 label on bytes without NULs, a charset iconv lacks). */
static wn_status try_label(wn_charset_t *cs, wn_arena_t *a, const char *in, size_t n, const char *canon,
                           wn_charset_source src, const wn_u8stats *u8, int *done, const char **out,
                           size_t *out_len, wn_charset_info_t *info) {
    *done = 0;
    if (strcmp(canon, "utf-8") == 0) {
        if (!mostly_utf8(u8, 1)) return WN_OK;
        *done = 1;
        set_info(info, canon, src);
        return pass_utf8(a, in, n, u8, out, out_len, &info->replaced);
    }
    int is16 = strncmp(canon, "utf-16", 6) == 0;
    if (!is16 && u8->invalid == 0 && u8->multibyte >= WN_LYING_LEGACY_MIN) {
        /* A legacy label on bytes that are valid UTF-8 with many multi-byte
         * sequences: the label lies (a CMS that says gb2312 and serves
         * UTF-8). Text really in windows-125x, GBK or Shift_JIS is almost
         * never valid UTF-8 that often. Fall through to detection. */
        return WN_OK;
    }
    if (is16) {
        /* Only believed when the bytes look like UTF-16 (NULs in the first
         * KiB); otherwise it is an ASCII-compatible page and WHATWG says a
         * utf-16 label in <meta> means utf-8. */
        if (u8->nul == 0) return WN_OK;
    } else if (u8->multibyte == 0 && u8->invalid == 0 && strcmp(canon, "iso-2022-jp") != 0) {
        /* Pure ASCII decodes the same in every ASCII-compatible charset. */
        *done = 1;
        set_info(info, canon, src);
        return pass_utf8(a, in, n, u8, out, out_len, &info->replaced);
    }
    iconv_t cd = get_iconv(cs, canon);
    if (cd == (iconv_t)-1) return WN_OK;
    *done = 1;
    set_info(info, canon, src);
    return convert(cs, cd, canon, a, in, n, out, out_len, &info->replaced);
}

/* Runs uchardet over the first 64 KiB. Returns a canonical name or NULL. */
static const char *detect(wn_charset_t *cs, const char *in, size_t n) {
    uchardet_reset(cs->ud);
    if (uchardet_handle_data(cs->ud, in, n > WN_DETECT_WINDOW ? WN_DETECT_WINDOW : n) != 0) return NULL;
    uchardet_data_end(cs->ud);
    const char *name = uchardet_get_charset(cs->ud);
    if (!name || !*name) return NULL;
    return wn_charset_canonical(name, strlen(name));
}

wn_status wn_charset_decode(wn_charset_t *cs, wn_arena_t *a, const char *in, size_t n, const char *content_type,
                            const char **out, size_t *out_len, wn_charset_info_t *info) {
    wn_charset_info_t local;
    if (!info) info = &local;
    memset(info, 0, sizeof *info);
    const unsigned char *u = (const unsigned char *)in;
    wn_u8stats u8;
    wn_status st;
    int done = 0;
    if (n == 0 || !in) {
        *out = "";
        *out_len = 0;
        set_info(info, "utf-8", WN_CS_DEFAULT);
        return WN_OK;
    }

    /* 1. Byte-order mark. */
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        u8_scan(u + 3, n - 3, &u8);
        set_info(info, "utf-8", WN_CS_BOM);
        return pass_utf8(a, in + 3, n - 3, &u8, out, out_len, &info->replaced);
    }
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        const char *canon = u[0] == 0xFF ? "utf-16le" : "utf-16be";
        iconv_t cd = get_iconv(cs, canon);
        if (cd != (iconv_t)-1) {
            set_info(info, canon, WN_CS_BOM);
            return convert(cs, cd, canon, a, in + 2, n - 2, out, out_len, &info->replaced);
        }
    }

    u8_scan(u, n, &u8);

    /* 2. HTTP Content-Type charset=. */
    if (content_type) {
        const char *canon = find_charset_param(content_type, strlen(content_type));
        if (canon) {
            st = try_label(cs, a, in, n, canon, WN_CS_HTTP, &u8, &done, out, out_len, info);
            if (st != WN_OK || done) return st;
        }
    }

    /* 3. <meta> in the first 8 KiB. */
    const char *meta = meta_charset(in, n);
    if (meta) {
        st = try_label(cs, a, in, n, meta, WN_CS_META, &u8, &done, out, out_len, info);
        if (st != WN_OK || done) return st;
    }

    /* 4. Detection. Valid (or nearly valid) UTF-8 needs no detector: text
     * in a legacy multi-byte charset is almost never valid UTF-8. */
    int ascii = u8.multibyte == 0 && u8.invalid == 0;
    if (ascii && !memmem(in, n, "\x1b$", 2)) {
        /* Pure ASCII (but not 7-bit ISO-2022-JP, whose escapes start ESC $). */
        set_info(info, "utf-8", WN_CS_DETECTED);
        return pass_utf8(a, in, n, &u8, out, out_len, &info->replaced);
    }
    if (u8.nul) {
        const char *canon = sniff_utf16(u, n);
        if (canon) {
            st = try_label(cs, a, in, n, canon, WN_CS_DETECTED, &u8, &done, out, out_len, info);
            if (st != WN_OK || done) return st;
        }
    }
    if (!ascii && mostly_utf8(&u8, 8)) {
        set_info(info, "utf-8", WN_CS_DETECTED);
        return pass_utf8(a, in, n, &u8, out, out_len, &info->replaced);
    }
    const char *guess = detect(cs, in, n);
    if (guess && strcmp(guess, "utf-8") == 0) {
        set_info(info, "utf-8", WN_CS_DETECTED);
        return pass_utf8(a, in, n, &u8, out, out_len, &info->replaced);
    }
    if (guess) {
        st = try_label(cs, a, in, n, guess, WN_CS_DETECTED, &u8, &done, out, out_len, info);
        if (st != WN_OK || done) return st;
    }

    /* 5. windows-1252, which decodes every byte. */
    st = try_label(cs, a, in, n, "windows-1252", WN_CS_DEFAULT, &u8, &done, out, out_len, info);
    if (st != WN_OK || done) return st;
    /* iconv lacks CP1252 (never on glibc): keep the bytes, scrubbed. */
    set_info(info, "utf-8", WN_CS_DEFAULT);
    return pass_utf8(a, in, n, &u8, out, out_len, &info->replaced);
}
