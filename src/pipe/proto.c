/* proto.c -- encode and decode the WNT1/WNR1/WNA1 messages (jansson).
 *
 * Headers are JSON objects; this module builds them, checks the fields a
 * peer sent (types, lengths, UTF-8) and turns a result into the JSON Lines
 * record the sink writes. No I/O here: the sockets live in source.c and the
 * commands. docs/protocol.md is the specification.
 */
#include "winnow/proto.h"

#include "extract/record_json.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void set_err(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void set_err(char *err, size_t errlen, const char *fmt, ...) {
    if (!err || !errlen) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static char *utf8_clean(const unsigned char *p, size_t n, size_t *out_len);

/* A JSON string of s; invalid UTF-8 is repaired (U+FFFD) rather than
 * refused, so one odd byte in a URL or header never loses a page. */
static json_t *str_value(const char *s) {
    json_t *v = json_string(s);
    if (v) return v;
    size_t n = 0;
    char *clean = utf8_clean((const unsigned char *)s, strlen(s), &n);
    if (!clean) return NULL;
    v = json_stringn(clean, n);
    free(clean);
    return v;
}

/* Sets key to a string, or skips it when s is NULL. Returns 0 on failure
 * (no memory). */
static int put_str(json_t *o, const char *key, const char *s) {
    if (!s) return 1;
    json_t *v = str_value(s);
    return v && json_object_set_new(o, key, v) == 0;
}

/* Sets key to a string, or to null when s is NULL. Returns 0 on failure. */
static int put_str_or_null(json_t *o, const char *key, const char *s) {
    json_t *v = wn_record_str(s);
    return v && json_object_set_new(o, key, v) == 0;
}

static int put_int(json_t *o, const char *key, json_int_t n) {
    json_t *v = json_integer(n);
    return v && json_object_set_new(o, key, v) == 0;
}

/* Serialises and frees `o`; returns malloc'd text and its length. */
static char *dump(json_t *o, size_t *len) {
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (s && len) *len = strlen(s);
    return s;
}

char *wn_proto_task_header(const wn_task_t *t, const char *ack, unsigned attempt, size_t *len) {
    if (!t || !t->id || !*t->id || strlen(t->id) > WN_PROTO_ID_MAX) return NULL;
    json_t *o = json_object();
    if (!o) return NULL;
    int ok = put_str(o, "id", t->id) && put_str(o, "url", t->url) && put_str(o, "ack", ack) &&
             put_int(o, "attempt", attempt) && (t->http_status ? put_int(o, "http_status", t->http_status) : 1) &&
             put_str(o, "content_type", t->content_type) && put_str(o, "content_encoding", t->content_encoding) &&
             put_str(o, "transfer_encoding", t->transfer_encoding) && put_str(o, "warc_date", t->fetch_time) &&
             put_str(o, "warc_file", t->warc_file) &&
             (t->warc_file && t->warc_offset >= 0 ? put_int(o, "warc_offset", (json_int_t)t->warc_offset) : 1) &&
             put_str(o, "warc_record_id", t->warc_record_id) && put_str(o, "target_uri", t->target_uri);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return dump(o, len);
}

/* Reads optional string `key` of `o`: absent or null gives NULL; another
 * type is an error (returns 0). */
static int get_opt_str(json_t *o, const char *key, const char **out, char *err, size_t errlen) {
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v)) return 1;
    if (!json_is_string(v)) {
        set_err(err, errlen, "field '%s' must be a string", key);
        return 0;
    }
    *out = json_string_value(v);
    return 1;
}

static int get_opt_int(json_t *o, const char *key, long long min, long long max, long long *out, char *err,
                       size_t errlen) {
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) return 1;
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
        set_err(err, errlen, "field '%s' must be an integer %lld..%lld", key, min, max);
        return 0;
    }
    *out = (long long)json_integer_value(v);
    return 1;
}

/* Parses a header frame into a JSON object, bounding its size. */
static json_t *load_object(const void *p, size_t n, char *err, size_t errlen) {
    if (n > WN_PROTO_HEADER_MAX) {
        set_err(err, errlen, "header frame of %zu bytes exceeds %u", n, (unsigned)WN_PROTO_HEADER_MAX);
        return NULL;
    }
    json_error_t je;
    json_t *o = json_loadb(p, n, JSON_REJECT_DUPLICATES, &je);
    if (!o) {
        set_err(err, errlen, "header is not JSON: %s", je.text);
        return NULL;
    }
    if (!json_is_object(o)) {
        json_decref(o);
        set_err(err, errlen, "header is not a JSON object");
        return NULL;
    }
    return o;
}

struct msg_block {
    wn_task_msg_t msg;
    char data[]; /* the strings, NUL-separated */
};

wn_status wn_proto_task_parse(const void *hdr, size_t len, wn_task_msg_t **out, char *err, size_t errlen) {
    *out = NULL;
    json_t *o = load_object(hdr, len, err, errlen);
    if (!o) return WN_EPROTO;
    wn_status st = WN_EPROTO;
    enum { NS = 11 };
    const char *s[NS] = {0};
    static const char *const names[NS] = {"id",         "url",       "ack",           "content_type",
                                          "content_encoding", "transfer_encoding", "warc_date", "warc_file",
                                          "warc_record_id", "target_uri", "fetch_time"};
    for (size_t i = 0; i < NS; i++)
        if (!get_opt_str(o, names[i], &s[i], err, errlen)) goto out;
    if (!s[6]) s[6] = s[10]; /* "fetch_time": what protocol 1 senders before warc_date wrote */
    s[10] = NULL;
    if (!s[0] || !*s[0]) {
        set_err(err, errlen, "header has no id");
        goto out;
    }
    if (strlen(s[0]) > WN_PROTO_ID_MAX) {
        set_err(err, errlen, "id longer than %d bytes", WN_PROTO_ID_MAX);
        goto out;
    }
    long long attempt = 1, http_status = 0;
    if (!get_opt_int(o, "attempt", 0, 1000000, &attempt, err, errlen)) goto out;
    if (!get_opt_int(o, "http_status", 0, 999, &http_status, err, errlen)) goto out;
    long long warc_offset = -1;
    if (!get_opt_int(o, "warc_offset", 0, (long long)1 << 62, &warc_offset, err, errlen)) goto out;
    size_t total = 0;
    for (size_t i = 0; i < NS; i++) total += s[i] ? strlen(s[i]) + 1 : 0;
    struct msg_block *b = calloc(1, sizeof *b + total);
    if (!b) {
        st = WN_ENOMEM;
        goto out;
    }
    const char *copy[NS] = {0};
    char *p = b->data;
    for (size_t i = 0; i < NS; i++) {
        if (!s[i]) continue;
        size_t n = strlen(s[i]) + 1;
        memcpy(p, s[i], n);
        copy[i] = p;
        p += n;
    }
    b->msg.task.id = copy[0];
    b->msg.task.url = copy[1];
    b->msg.ack = copy[2];
    b->msg.task.content_type = copy[3];
    b->msg.task.content_encoding = copy[4];
    b->msg.task.transfer_encoding = copy[5];
    b->msg.task.fetch_time = copy[6];
    b->msg.task.warc_file = copy[7];
    b->msg.task.warc_record_id = copy[8];
    b->msg.task.target_uri = copy[9];
    b->msg.task.warc_offset = warc_offset;
    b->msg.task.http_status = (int)http_status;
    b->msg.attempt = (unsigned)attempt;
    *out = &b->msg;
    st = WN_OK;
out:
    json_decref(o);
    return st;
}

void wn_task_msg_destroy(wn_task_msg_t **self) {
    if (!self || !*self) return;
    free(*self); /* msg is the first member of its block */
    *self = NULL;
}

static void copy_field(json_t *o, const char *key, char *dst, size_t dstlen) {
    if (!dst || !dstlen) return;
    dst[0] = '\0';
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v)) return;
    size_t n = json_string_length(v);
    if (n >= dstlen) n = dstlen - 1;
    memcpy(dst, json_string_value(v), n);
    dst[n] = '\0';
}

int wn_proto_salvage_ids(const void *hdr, size_t len, char *id, size_t idlen, char *url, size_t urllen,
                         char *ack, size_t acklen) {
    json_t *o = load_object(hdr, len, NULL, 0);
    copy_field(o, "id", id, idlen);
    copy_field(o, "url", url, urllen);
    copy_field(o, "ack", ack, acklen);
    json_decref(o);
    return id && idlen && id[0] != '\0';
}

char *wn_proto_result_header(const wn_result_info_t *r, size_t *len) {
    if (!r || !r->id || !*r->id) return NULL;
    wn_record_t rec;
    wn_record_init(&rec);
    rec.id = r->id;
    rec.url = r->url;
    rec.status = r->status;
    rec.error = r->error;
    rec.doc = r->doc;
    rec.attempt = r->attempt;
    rec.worker = r->worker;
    rec.ms = r->ms;
    rec.prov.http_status = r->http_status;
    rec.prov.warc_date = r->fetch_time;
    const wn_task_t *t = r->task;
    if (t) {
        rec.prov.warc_file = t->warc_file;
        rec.prov.warc_offset = t->warc_file ? t->warc_offset : -1;
        rec.prov.warc_record_id = t->warc_record_id;
        rec.prov.target_uri = t->target_uri;
        rec.prov.content_type = t->content_type;
        if (!rec.prov.http_status) rec.prov.http_status = t->http_status;
        if (!rec.prov.warc_date) rec.prov.warc_date = t->fetch_time;
    }
    json_t *o = wn_record_object(&rec, 0);
    if (!o || !put_str(o, "ack", r->ack)) {
        json_decref(o);
        return NULL;
    }
    return dump(o, len);
}

/* Returns the length (2-4) of the valid multi-byte UTF-8 sequence at p[i]
 * (not overlong, not a surrogate, at most U+10FFFF, not cut by n), or 0. */
static size_t utf8_seq(const unsigned char *p, size_t i, size_t n) {
    unsigned c = p[i], cp, min;
    size_t need;
    if ((c & 0xE0) == 0xC0) need = 1, cp = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0) need = 2, cp = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0) need = 3, cp = c & 0x07, min = 0x10000;
    else return 0;
    if (n - i <= need) return 0;
    for (size_t k = 1; k <= need; k++) {
        if ((p[i + k] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return need + 1;
}

/* Copies p[0..n) replacing every invalid UTF-8 sequence (overlongs,
 * surrogates, > U+10FFFF, cut sequences) and NUL bytes with U+FFFD.
 * Returns a malloc'd NUL-terminated string, its length in *out_len. */
/* Copies the UTF-8 sequence at p[*i] to o, or U+FFFD for a byte that does
 * not start a valid one (utf8_seq's rules); advances *i past what it used.
 * Returns the bytes written (at most 4). */
static size_t copy_seq(const unsigned char *p, size_t *i, size_t n, char *o) {
    size_t len = utf8_seq(p, *i, n);
    if (!len) {
        memcpy(o, "\xEF\xBF\xBD", 3);
        (*i)++;
        return 3;
    }
    memcpy(o, p + *i, len);
    *i += len;
    return len;
}

static char *utf8_clean(const unsigned char *p, size_t n, size_t *out_len) {
    if (n > (SIZE_MAX - 1) / 3) return NULL;
    char *o = malloc(n * 3 + 1);
    if (!o) return NULL;
    size_t j = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        if (c >= 0x01 && c < 0x80) {
            o[j++] = (char)c;
            i++;
            continue;
        }
        j += copy_seq(p, &i, n, o + j);
    }
    o[j] = '\0';
    *out_len = j;
    return o;
}

char *wn_proto_utf8_clean(const void *p, size_t n, size_t *out_len) {
    size_t len = 0;
    char *s = utf8_clean(p, n, &len);
    if (s && out_len) *out_len = len;
    return s;
}

void wn_result_line_free(wn_result_line_t *r) {
    if (!r) return;
    free(r->id);
    free(r->ack);
    free(r->line);
    memset(r, 0, sizeof *r);
}


/* Appends text[0..n) to o as the body of a JSON string (no quotes), the way
 * jansson's compact dump writes it (", \ and control characters escaped,
 * UTF-8 kept as is), repairing invalid UTF-8 (and NUL) to U+FFFD in the
 * same pass. o needs room for 6 * n bytes. Returns the bytes written. */
static size_t json_escape_clean(const unsigned char *p, size_t n, char *o) {
    static const char hex[] = "0123456789ABCDEF";
    size_t j = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            o[j++] = (char)c;
            i++;
            continue;
        }
        if (c >= 0x01 && c < 0x80) {
            o[j++] = '\\';
            switch (c) {
            case '"': o[j++] = '"'; break;
            case '\\': o[j++] = '\\'; break;
            case '\b': o[j++] = 'b'; break;
            case '\f': o[j++] = 'f'; break;
            case '\n': o[j++] = 'n'; break;
            case '\r': o[j++] = 'r'; break;
            case '\t': o[j++] = 't'; break;
            default:
                memcpy(o + j, "u00", 3);
                o[j + 3] = hex[c >> 4];
                o[j + 4] = hex[c & 15];
                j += 5;
            }
            i++;
            continue;
        }
        j += copy_seq(p, &i, n, o + j);
    }
    return j;
}

/* Checks the types of the result fields of a known meaning; on a wrong
 * one writes the reason to why and returns 0. */
static int result_types_ok(json_t *h, char *why, size_t whylen) {
    static const char *const strs[] = {"url",          "error",       "error_code",    "title",       "author",
                                       "date",         "site_name",   "description",   "canonical_url", "lang",
                                       "lang_declared", "page_type",  "charset",       "content_type", "warc_file",
                                       "warc_record_id", "warc_date", "target_uri",    "text_source", "comments",
                                       "worker"};
    static const char *const ints[] = {"http_status", "warc_offset", "in_bytes",      "html_bytes",
                                       "text_bytes",  "attempt",     "record_version"};
    static const char *const nums[] = {"ms", "lang_confidence"};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
        json_t *v = json_object_get(h, strs[i]);
        if (v && !json_is_null(v) && !json_is_string(v)) {
            snprintf(why, whylen, "bad result header: field '%s' must be a string or null", strs[i]);
            return 0;
        }
    }
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        json_t *v = json_object_get(h, ints[i]);
        if (v && !json_is_null(v) && (!json_is_integer(v) || json_integer_value(v) < 0)) {
            snprintf(why, whylen, "bad result header: field '%s' must be a non-negative integer", ints[i]);
            return 0;
        }
    }
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        json_t *v = json_object_get(h, nums[i]);
        if (v && !json_is_null(v) && !json_is_number(v)) {
            snprintf(why, whylen, "bad result header: field '%s' must be a number", nums[i]);
            return 0;
        }
    }
    json_t *posts = json_object_get(h, "posts");
    if (posts && !json_is_null(posts)) {
        size_t i;
        json_t *e;
        int good = json_is_array(posts);
        if (good)
            json_array_foreach(posts, i, e) good = good && json_is_object(e);
        if (!good) {
            snprintf(why, whylen, "bad result header: field 'posts' must be an array of objects");
            return 0;
        }
    }
    json_t *tr = json_object_get(h, "truncated");
    if (tr && !json_is_null(tr)) {
        size_t i;
        json_t *e;
        int good = json_is_array(tr) && json_array_size(tr) <= 32;
        if (good)
            json_array_foreach(tr, i, e) good = good && json_is_string(e);
        if (!good) {
            snprintf(why, whylen, "bad result header: field 'truncated' must be an array of strings");
            return 0;
        }
    }
    return 1;
}

wn_status wn_proto_result_line(const void *hdr, size_t hlen, const void *text, size_t tlen, size_t max_text,
                               wn_result_line_t *out, char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    if (max_text && tlen > max_text) {
        set_err(err, errlen, "text frame of %zu bytes exceeds %zu", tlen, max_text);
        return WN_ETOOBIG;
    }
    json_t *h = load_object(hdr, hlen, err, errlen);
    if (!h) return WN_EPROTO;
    wn_status st = WN_EPROTO;
    json_t *lead = NULL, *rest = NULL;
    char *lead_s = NULL, *rest_s = NULL;
    const char *id = NULL, *ack = NULL, *status = NULL;
    if (!get_opt_str(h, "id", &id, err, errlen) || !get_opt_str(h, "ack", &ack, err, errlen) ||
        !get_opt_str(h, "status", &status, err, errlen))
        goto out;
    if (!id || !*id || strlen(id) > WN_PROTO_ID_MAX) {
        set_err(err, errlen, "result has no usable id");
        goto out;
    }
    if (!status || (strcmp(status, "ok") && strcmp(status, "error") && strcmp(status, "skipped"))) {
        set_err(err, errlen, "result status must be \"ok\", \"error\" or \"skipped\"");
        goto out;
    }
    /* Fields of a known meaning must have their type: a result that says
     * "title": {...} is written as an error record saying so, not as it came. */
    {
        char why[160];
        if (!result_types_ok(h, why, sizeof why)) {
            json_t *e = json_object();
            json_t *url = json_object_get(h, "url"), *worker = json_object_get(h, "worker");
            if (!e || json_object_set_new(e, "id", json_string(id)) ||
                json_object_set(e, "url", json_is_string(url) ? url : json_null()) ||
                json_object_set_new(e, "status", json_string("error")) ||
                json_object_set_new(e, "error", json_string(why)) ||
                json_object_set_new(e, "error_code", json_string(wn_status_name(WN_EPROTO))) ||
                json_object_set_new(e, "truncated", json_array()) ||
                json_object_set_new(e, "record_version", json_integer(WN_RECORD_VERSION)) ||
                (json_is_string(worker) && json_object_set(e, "worker", worker)) ||
                (ack && json_object_set_new(e, "ack", json_string(ack)))) {
                json_decref(e);
                st = WN_ENOMEM;
                goto out;
            }
            json_decref(h); /* id and ack pointed into it: point them into e */
            h = e;
            id = json_string_value(json_object_get(h, "id"));
            ack = ack ? json_string_value(json_object_get(h, "ack")) : NULL;
            status = "error";
            tlen = 0;
        }
    }
    /* The line is the record: the schema's keys before "text" in order
     * (null when the header lacks one), the text, the schema's keys after
     * it, then header keys the schema does not name, but "ack". The two
     * objects are dumped by jansson; the text, by far the largest part, is
     * escaped straight into the line (no JSON string object, no second
     * copy), which is most of the sink's work per page. */
    st = WN_ENOMEM;
    lead = json_object();
    rest = json_object();
    if (!lead || !rest) goto out;
    size_t nk = 0;
    const char *const *keys = wn_record_keys(&nk);
    json_t *dst = lead;
    for (size_t i = 0; i < nk; i++) {
        if (!strcmp(keys[i], "text")) {
            dst = rest;
            continue;
        }
        json_t *v = json_object_get(h, keys[i]);
        if (json_object_set(dst, keys[i], v ? v : json_null())) goto out;
    }
    const char *key;
    json_t *v;
    json_object_foreach(h, key, v) {
        if (!strcmp(key, "ack") || !strcmp(key, "text") || json_object_get(lead, key) || json_object_get(rest, key))
            continue;
        if (json_object_set(rest, key, v)) goto out;
    }
    lead_s = json_dumps(lead, JSON_COMPACT);
    rest_s = json_object_size(rest) ? json_dumps(rest, JSON_COMPACT) : NULL;
    if (!lead_s || (json_object_size(rest) && !rest_s)) goto out;
    size_t llen = strlen(lead_s), rlen = rest_s ? strlen(rest_s) : 0;
    if (tlen > (SIZE_MAX - llen - rlen - 16) / 6) goto out;
    char *line = malloc(llen + 6 * tlen + rlen + 16);
    if (!line) goto out;
    size_t n = llen - 1; /* lead without its closing brace */
    memcpy(line, lead_s, n);
    memcpy(line + n, ",\"text\":\"", 9);
    n += 9;
    n += json_escape_clean(text, tlen, line + n);
    line[n++] = '"';
    if (rest_s) {
        line[n++] = ',';
        memcpy(line + n, rest_s + 1, rlen - 1); /* rest without its opening brace */
        n += rlen - 1;
    } else {
        line[n++] = '}';
    }
    line[n] = '\0';
    out->line = line;
    out->line_len = n;
    out->id = strdup(id);
    out->ack = ack && *ack ? strdup(ack) : NULL;
    out->ok = !strcmp(status, "ok");
    out->skipped = !strcmp(status, "skipped");
    out->empty = out->ok && tlen == 0;
    json_t *at = json_object_get(h, "attempt"), *ms = json_object_get(h, "ms");
    out->attempt = json_is_integer(at) && json_integer_value(at) <= 1000000 ? (unsigned)json_integer_value(at) : 0;
    out->ms = json_is_number(ms) && json_number_value(ms) >= 0 ? json_number_value(ms) : -1;
    if (!out->id || (ack && *ack && !out->ack)) {
        wn_result_line_free(out);
        goto out;
    }
    st = WN_OK;
out:
    free(lead_s);
    free(rest_s);
    json_decref(lead);
    json_decref(rest);
    json_decref(h);
    return st;
}

char *wn_proto_ack_encode(const wn_ack_t *acks, size_t n, size_t *len) {
    json_t *a = json_array();
    if (!a) return NULL;
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_pack("{s:s, s:s}", "id", acks[i].id,
                              "status", acks[i].skipped ? "skipped" : acks[i].ok ? "ok" : "error");
        if (o && acks[i].ok && acks[i].empty && json_object_set_new(o, "empty", json_true())) {
            json_decref(o);
            o = NULL;
        }
        if (!o || json_array_append_new(a, o)) {
            json_decref(a);
            return NULL;
        }
    }
    return dump(a, len);
}

wn_status wn_proto_ack_parse(const void *p, size_t n, void (*fn)(void *ud, const wn_ack_t *ack), void *ud) {
    if (n > WN_PROTO_HEADER_MAX) return WN_EPROTO;
    json_t *a = json_loadb(p, n, 0, NULL);
    if (!json_is_array(a)) {
        json_decref(a);
        return WN_EPROTO;
    }
    size_t i;
    json_t *e;
    json_array_foreach(a, i, e) {
        wn_ack_t ack = {NULL, 1, 0, 0};
        if (json_is_string(e)) {
            ack.id = json_string_value(e);
        } else if (json_is_object(e)) {
            json_t *id = json_object_get(e, "id"), *status = json_object_get(e, "status");
            if (!json_is_string(id)) continue;
            ack.id = json_string_value(id);
            const char *sv = json_is_string(status) ? json_string_value(status) : "";
            ack.skipped = !strcmp(sv, "skipped");
            ack.ok = strcmp(sv, "error") && !ack.skipped;
            ack.empty = ack.ok && json_is_true(json_object_get(e, "empty"));
        } else {
            continue;
        }
        if (*ack.id) fn(ud, &ack);
    }
    json_decref(a);
    return WN_OK;
}

int wn_proto_not_html(const char *ct) {
    if (!ct) return 0;
    while (*ct == ' ' || *ct == '\t') ct++;
    static const char *const prefixes[] = {"image/", "audio/", "video/", "font/", "model/"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (!strncasecmp(ct, prefixes[i], strlen(prefixes[i]))) return 1;
    static const char *const types[] = {"application/pdf",        "application/zip",     "application/gzip",
                                        "application/octet-stream", "application/javascript", "text/javascript",
                                        "text/css",               "application/json",    "application/x-shockwave-flash",
                                        "application/msword",     "application/x-tar",   "application/wasm",
                                        "text/csv",               "application/rss+xml", "application/atom+xml"};
    size_t tl = strcspn(ct, "; \t");
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (tl == strlen(types[i]) && !strncasecmp(ct, types[i], tl)) return 1;
    return 0;
}

char *wn_proto_beat_encode(const char *worker, const char *busy, size_t *len) {
    json_t *o = json_object();
    if (!o) return NULL;
    if (!put_str(o, "worker", worker ? worker : "") || !put_str_or_null(o, "busy", busy && *busy ? busy : NULL)) {
        json_decref(o);
        return NULL;
    }
    return dump(o, len);
}

int wn_proto_beat_parse(const void *p, size_t n, char *worker, size_t wlen, char *busy, size_t blen) {
    if (n > 8192) return 0;
    json_t *o = json_loadb(p, n, 0, NULL);
    copy_field(o, "worker", worker, wlen);
    copy_field(o, "busy", busy, blen);
    json_decref(o);
    return worker[0] != '\0';
}
