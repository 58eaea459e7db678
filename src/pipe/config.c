/* config.c -- pipeline.conf (INI, libinih) into a wn_config_t.
 *
 * One table lists every key with its type and where it lives in the struct,
 * so the parser, wn_config_set (command-line overrides) and the man page
 * stay in step. Values are checked strictly: a typo is an error naming
 * file:line rather than a silently ignored setting.
 */
#include "winnow/config.h"

#include "winnow/curve.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef enum { K_UINT, K_INT, K_SIZE, K_BOOL, K_STR, K_FORMAT, K_BIAS, K_GZIP, K_KEY, K_PAGETYPE } kind_t;

typedef struct {
    const char *section;
    const char *key;
    kind_t kind;
    size_t off;  /* offset of the field in wn_config_t */
    size_t size; /* K_STR: array size */
    long long min, max; /* K_UINT/K_INT/K_SIZE bounds */
} key_t_;

#define F(field) offsetof(wn_config_t, field), sizeof(((wn_config_t *)0)->field)
#define GiB (1024LL * 1024 * 1024)

static const key_t_ keys[] = {
    {"pipeline", "workers", K_UINT, F(workers), 1, 256},
    {"pipeline", "tasks", K_STR, F(tasks), 0, 0},
    {"pipeline", "results", K_STR, F(results), 0, 0},
    {"pipeline", "acks", K_STR, F(acks), 0, 0},
    {"pipeline", "local_tasks", K_STR, F(local_tasks), 0, 0},
    {"pipeline", "local_results", K_STR, F(local_results), 0, 0},
    {"pipeline", "sources", K_STR, F(sources), 0, 0},
    {"pipeline", "remote_workers", K_BOOL, F(remote_workers), 0, 0},
    {"pipeline", "ack_allow", K_STR, F(ack_allow), 0, 0},
    {"pipeline", "stats", K_STR, F(stats), 0, 0},
    {"delivery", "hwm", K_INT, F(hwm), 1, 1000000},
    {"delivery", "max_in_flight", K_UINT, F(max_in_flight), 1, 1000000},
    {"delivery", "deadline_ms", K_UINT, F(deadline_ms), 10, 86400000},
    {"delivery", "attempts", K_UINT, F(attempts), 1, 100},
    {"delivery", "heartbeat_ms", K_UINT, F(heartbeat_ms), 0, 60000},
    {"delivery", "liveness", K_UINT, F(liveness), 2, 100},
    {"delivery", "wait_ms", K_UINT, F(wait_ms), 0, 86400000},
    {"limits", "max_page_bytes", K_SIZE, F(max_page_bytes), 1, 4 * GiB},
    {"limits", "max_inflated_bytes", K_SIZE, F(max_inflated_bytes), 1, 4 * GiB},
    {"limits", "max_depth", K_UINT, F(max_depth), 1, 100000},
    {"limits", "max_headers", K_SIZE, F(max_headers), 1, 1024},
    {"limits", "max_header_line", K_SIZE, F(max_header_line), 16, GiB},
    {"limits", "max_record", K_SIZE, F(max_record), 1, 4 * GiB},
    {"extract", "format", K_FORMAT, F(format), 0, 0},
    {"extract", "tables", K_BOOL, F(tables), 0, 0},
    {"extract", "comments", K_BOOL, F(comments), 0, 0},
    {"extract", "links", K_BOOL, F(links), 0, 0},
    {"extract", "images", K_BOOL, F(images), 0, 0},
    {"extract", "bias", K_BIAS, F(bias), 0, 0},
    {"extract", "host_memory", K_UINT, F(host_memory), 0, 1000000},
    {"extract", "page_type", K_PAGETYPE, F(page_type), 0, 0},
    {"extract", "lang", K_STR, F(langs), 0, 0},
    {"output", "format", K_STR, F(output_format), 0, 0},
    {"output", "path", K_STR, F(output_path), 0, 0},
    {"output", "gzip", K_GZIP, F(output_gzip), 0, 0},
    {"output", "max_ids", K_SIZE, F(max_ids), 1024, 1LL << 32},
    {"output", "fsync", K_BOOL, F(output_fsync), 0, 0},
    {"curve", "server_public_key", K_KEY, F(server_public_key), 0, 0},
    {"curve", "server_secret_key", K_KEY, F(server_secret_key), 0, 0},
    {"curve", "client_public_key", K_KEY, F(client_public_key), 0, 0},
    {"curve", "client_secret_key", K_KEY, F(client_secret_key), 0, 0},
    {"curve", "authorized_keys", K_STR, F(authorized_keys), 0, 0},
    {"fetch", "concurrency", K_UINT, F(concurrency), 1, 10000},
    {"fetch", "per_host", K_UINT, F(per_host), 1, 1000},
    {"fetch", "delay_ms", K_UINT, F(delay_ms), 0, 86400000},
    {"fetch", "connect_timeout_ms", K_UINT, F(connect_timeout_ms), 1, 86400000},
    {"fetch", "timeout_ms", K_UINT, F(timeout_ms), 1, 86400000},
    {"fetch", "max_redirects", K_UINT, F(max_redirects), 0, 100},
    {"fetch", "max_body", K_SIZE, F(max_body), 1, 4 * GiB},
    {"fetch", "user_agent", K_STR, F(user_agent), 0, 0},
    {"fetch", "retries", K_UINT, F(retries), 0, 100},
    {"fetch", "backoff_ms", K_UINT, F(backoff_ms), 0, 86400000},
    {"fetch", "robots", K_BOOL, F(robots), 0, 0},
    {"fetch", "warc", K_STR, F(warc), 0, 0},
};

static void copy_str(char *dst, size_t size, const char *src) {
    size_t n = strlen(src);
    if (n >= size) n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void wn_config_init(wn_config_t *c) {
    memset(c, 0, sizeof *c);
    c->workers = 2;
    copy_str(c->tasks, sizeof c->tasks, "tcp://127.0.0.1:5557");
    copy_str(c->output_format, sizeof c->output_format, "jsonl");
    copy_str(c->results, sizeof c->results, "tcp://127.0.0.1:5558");
    copy_str(c->acks, sizeof c->acks, "tcp://127.0.0.1:5559");
    copy_str(c->sources, sizeof c->sources, "corpus/crawl.warc.gz");
    c->hwm = 16;
    c->max_in_flight = 64;
    c->deadline_ms = 30000;
    c->attempts = 3;
    c->max_page_bytes = 16u << 20;
    c->max_inflated_bytes = 64u << 20;
    c->max_depth = 512;
    c->max_headers = 256;
    c->max_header_line = 64u << 10;
    c->max_record = 64u << 20;
    c->format = WN_FORMAT_TEXT;
    c->tables = true;
    c->comments = false;
    c->links = false;
    c->images = false;
    c->bias = 0;
    copy_str(c->output_path, sizeof c->output_path, "out/clean.jsonl");
    c->output_gzip = WN_GZIP_AUTO;
    c->concurrency = 32;
    c->per_host = 2;
    c->delay_ms = 1000;
    c->connect_timeout_ms = 5000;
    c->timeout_ms = 30000;
    c->max_redirects = 5;
    c->max_body = 16u << 20;
    copy_str(c->user_agent, sizeof c->user_agent, "winnow/0.1 (+https://example.invalid/winnow)");
    c->retries = 2;
    c->backoff_ms = 1000;
    c->robots = true;
    c->heartbeat_ms = 250;
    c->liveness = 4;
    c->max_ids = 16u << 20;
}

wn_status wn_config_parse_size(const char *s, size_t *out) {
    if (!s) return WN_EINVAL;
    while (*s == ' ' || *s == '\t') s++;
    if (*s < '0' || *s > '9') return WN_EINVAL;
    errno = 0;
    char *end = NULL;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno == ERANGE) return WN_EINVAL;
    unsigned long long mul = 1;
    switch (*end) {
    case 'k': case 'K': mul = 1024ULL; end++; break;
    case 'm': case 'M': mul = 1024ULL * 1024; end++; break;
    case 'g': case 'G': mul = 1024ULL * 1024 * 1024; end++; break;
    default: break;
    }
    if (mul > 1 && (*end == 'i' || *end == 'I')) end++; /* "16MiB" */
    if (mul > 1 && (*end == 'b' || *end == 'B')) end++;
    while (*end == ' ' || *end == '\t') end++;
    if (*end) return WN_EINVAL;
    if (v > (unsigned long long)SIZE_MAX / mul) return WN_EINVAL;
    *out = (size_t)(v * mul);
    return WN_OK;
}

static int parse_bool(const char *v, bool *out) {
    static const char *const yes[] = {"true", "yes", "on", "1"};
    static const char *const no[] = {"false", "no", "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (!strcasecmp(v, yes[i])) return *out = true, 1;
        if (!strcasecmp(v, no[i])) return *out = false, 1;
    }
    return 0;
}

static int parse_int(const char *v, long long min, long long max, long long *out) {
    if (!*v) return 0;
    errno = 0;
    char *end = NULL;
    long long n = strtoll(v, &end, 10);
    if (errno || *end || n < min || n > max) return 0;
    *out = n;
    return 1;
}

/* Applies one key; on error writes a message (without location) to err. */
static wn_status apply(wn_config_t *c, const char *section, const char *key, const char *value, char *err,
                       size_t errlen) {
    const key_t_ *k = NULL;
    int section_known = 0;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strcmp(keys[i].section, section)) continue;
        section_known = 1;
        if (!strcmp(keys[i].key, key)) {
            k = &keys[i];
            break;
        }
    }
    if (!section_known) {
        snprintf(err, errlen, "unknown section [%s]", section);
        return WN_ECONFIG;
    }
    if (!k) {
        snprintf(err, errlen, "unknown key '%s' in [%s]", key, section);
        return WN_ECONFIG;
    }
    char *field = (char *)c + k->off;
    long long n = 0;
    size_t sz = 0;
    bool b = false;
    switch (k->kind) {
    case K_UINT:
        if (!parse_int(value, k->min, k->max, &n)) goto bad_range;
        *(unsigned *)(void *)field = (unsigned)n;
        return WN_OK;
    case K_INT:
        if (!parse_int(value, k->min, k->max, &n)) goto bad_range;
        *(int *)(void *)field = (int)n;
        return WN_OK;
    case K_SIZE:
        if (wn_config_parse_size(value, &sz) != WN_OK || (long long)sz < k->min || (long long)sz > k->max) {
            snprintf(err, errlen, "bad size '%s' for %s (a number with optional k/M/G, %lld..%lld)", value, key,
                     k->min, k->max);
            return WN_ECONFIG;
        }
        *(size_t *)(void *)field = sz;
        return WN_OK;
    case K_BOOL:
        if (!parse_bool(value, &b)) {
            snprintf(err, errlen, "bad boolean '%s' for %s (true/false, yes/no, on/off, 1/0)", value, key);
            return WN_ECONFIG;
        }
        *(bool *)(void *)field = b;
        return WN_OK;
    case K_STR:
        if (strlen(value) >= k->size) {
            snprintf(err, errlen, "value for %s is too long (at most %zu bytes)", key, k->size - 1);
            return WN_ECONFIG;
        }
        copy_str(field, k->size, value);
        return WN_OK;
    case K_KEY: /* a Z85 CURVE key, or empty for none; pairs are checked by wn_curve_new */
        if (value[0] && !wn_curve_key_valid(value)) {
            snprintf(err, errlen, "bad %s: not a Z85 CURVE key (40 characters, as written by winnow keygen)", key);
            return WN_ECONFIG;
        }
        copy_str(field, k->size, value);
        return WN_OK;
    case K_FORMAT:
        if (!strcasecmp(value, "text")) c->format = WN_FORMAT_TEXT;
        else if (!strcasecmp(value, "markdown")) c->format = WN_FORMAT_MARKDOWN;
        else if (!strcasecmp(value, "json")) c->format = WN_FORMAT_JSON;
        else {
            snprintf(err, errlen, "bad format '%s' (text, markdown or json)", value);
            return WN_ECONFIG;
        }
        return WN_OK;
    case K_BIAS:
        if (!strcasecmp(value, "precision")) c->bias = -1;
        else if (!strcasecmp(value, "balanced")) c->bias = 0;
        else if (!strcasecmp(value, "recall")) c->bias = 1;
        else {
            snprintf(err, errlen, "bad bias '%s' (precision, balanced or recall)", value);
            return WN_ECONFIG;
        }
        return WN_OK;
    case K_PAGETYPE:
        if (wn_page_type_parse(value, &c->page_type) != WN_OK) {
            snprintf(err, errlen,
                     "bad page_type '%s' (auto, article, forum, product, collection, listing, documentation or "
                     "service)",
                     value);
            return WN_ECONFIG;
        }
        return WN_OK;
    case K_GZIP:
        if (!strcasecmp(value, "auto")) c->output_gzip = WN_GZIP_AUTO;
        else if (parse_bool(value, &b)) c->output_gzip = b ? WN_GZIP_YES : WN_GZIP_NO;
        else {
            snprintf(err, errlen, "bad gzip '%s' (auto, yes or no)", value);
            return WN_ECONFIG;
        }
        return WN_OK;
    }
bad_range:
    snprintf(err, errlen, "bad value '%s' for %s (an integer %lld..%lld)", value, key, k->min, k->max);
    return WN_ECONFIG;
}

wn_status wn_config_set(wn_config_t *c, const char *section, const char *key, const char *value, char *err,
                        size_t errlen) {
    char tmp[256];
    if (!err || !errlen) err = tmp, errlen = sizeof tmp;
    if (!section || !key || !value) {
        snprintf(err, errlen, "missing section, key or value");
        return WN_ECONFIG;
    }
    return apply(c, section, key, value, err, errlen);
}

wn_status wn_config_set_arg(wn_config_t *c, const char *arg, char *err, size_t errlen) {
    char tmp[256];
    if (!err || !errlen) err = tmp, errlen = sizeof tmp;
    const char *dot = arg ? strchr(arg, '.') : NULL;
    const char *eq = dot ? strchr(dot, '=') : NULL;
    if (!dot || !eq || dot == arg || eq == dot + 1) {
        snprintf(err, errlen, "'%s': expected section.key=value", arg ? arg : "");
        return WN_ECONFIG;
    }
    char section[64], key[64];
    size_t sl = (size_t)(dot - arg), kl = (size_t)(eq - dot - 1);
    if (sl >= sizeof section || kl >= sizeof key) {
        snprintf(err, errlen, "'%s': section or key too long", arg);
        return WN_ECONFIG;
    }
    memcpy(section, arg, sl);
    section[sl] = '\0';
    memcpy(key, dot + 1, kl);
    key[kl] = '\0';
    return apply(c, section, key, eq + 1, err, errlen);
}

typedef struct {
    wn_config_t *c;
    const char *name;
    char *err;
    size_t errlen;
    wn_status st;
    char last[128]; /* "section.key" of the previous setting: a list key given again continues */
} load_ctx;

/* Keys holding a whitespace-separated list: a value on an indented line
 * after them (or the key given again) continues the list, so a list longer
 * than one INI line (LINE_MAX_INI) can be written. */
static int is_list_key(const char *section, const char *key) {
    return (!strcmp(section, "pipeline") && (!strcmp(key, "sources") || !strcmp(key, "ack_allow")));
}

/* The longest line libinih reads whole (its INI_MAX_LINE as Debian builds
 * it, NUL included); a longer line would be read as two. */
#define LINE_MAX_INI 200

/* inih handler: returns 1 to go on, 0 to stop at the first error (inih
 * then reports the line number, which load() puts into the message). */
static int handler(void *user, const char *section, const char *name, const char *value) {
    load_ctx *ctx = user;
    if (ctx->st != WN_OK) return 0;
    char msg[512], here[128];
    snprintf(here, sizeof here, "%s.%s", section, name);
    wn_status st;
    if (is_list_key(section, name) && !strcmp(here, ctx->last)) {
        const key_t_ *k = NULL;
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            if (!strcmp(keys[i].section, section) && !strcmp(keys[i].key, name)) k = &keys[i];
        char *field = (char *)ctx->c + k->off;
        size_t have = strlen(field);
        if (have + 1 + strlen(value) >= k->size) {
            snprintf(msg, sizeof msg, "value for %s is too long (at most %zu bytes)", name, k->size - 1);
            st = WN_ECONFIG;
        } else {
            if (have && value[0]) field[have++] = ' ';
            copy_str(field + have, k->size - have, value);
            st = WN_OK;
        }
    } else {
        st = apply(ctx->c, section, name, value, msg, sizeof msg);
    }
    snprintf(ctx->last, sizeof ctx->last, "%s", here);
    if (st != WN_OK) {
        ctx->st = st;
        snprintf(ctx->err, ctx->errlen, "%s", msg);
        return 0;
    }
    return 1;
}

/* Turns inih's return (0, -1 open failed, -2 no memory, line) into a status. */
static wn_status finish(load_ctx *ctx, int rc) {
    if (rc == 0) return WN_OK;
    if (rc == -1) {
        snprintf(ctx->err, ctx->errlen, "%s: cannot open: %s", ctx->name, strerror(errno));
        return WN_EIO;
    }
    if (rc == -2) {
        snprintf(ctx->err, ctx->errlen, "%s: out of memory", ctx->name);
        return WN_ENOMEM;
    }
    char msg[512];
    if (ctx->st != WN_OK) snprintf(msg, sizeof msg, "%s", ctx->err);
    else snprintf(msg, sizeof msg, "syntax error (expected [section] or key = value)");
    snprintf(ctx->err, ctx->errlen, "%s:%d: %s", ctx->name, rc, msg);
    return WN_ECONFIG;
}

/* Finds the first line of text[0..n) too long for libinih; returns its
 * number (1-based) and length, or 0. */
static int long_line(const char *text, size_t n, size_t *len) {
    int line = 1;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(text + i, '\n', n - i);
        size_t l = nl ? (size_t)(nl - (text + i)) : n - i;
        size_t content = l && text[i + l - 1] == '\r' ? l - 1 : l;
        if (content + 2 > LINE_MAX_INI) {
            *len = content;
            return line;
        }
        i += l + 1;
        line++;
    }
    return 0;
}

static wn_status load_text(load_ctx *ctx, const char *text, size_t n) {
    size_t len = 0;
    int line = long_line(text, n, &len);
    if (line) {
        snprintf(ctx->err, ctx->errlen,
                 "%s:%d: line of %zu bytes is too long (at most %d); continue a list (sources, ack_allow) on "
                 "indented lines",
                 ctx->name, line, len, LINE_MAX_INI - 2);
        return WN_ECONFIG;
    }
    return finish(ctx, ini_parse_string(text, handler, ctx));
}

wn_status wn_config_load_file(wn_config_t *c, const char *path, char *err, size_t errlen) {
    char tmp[256];
    if (!err || !errlen) err = tmp, errlen = sizeof tmp;
    load_ctx ctx = {c, path, err, errlen, WN_OK, ""};
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return WN_EIO;
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || S_ISDIR(sb.st_mode)) {
        snprintf(err, errlen, "%s: a directory, not a pipeline.conf file", path);
        fclose(f);
        return WN_EIO;
    }
    /* Read whole (at most 1 MiB), also from /dev/null or a pipe. */
    size_t cap = 1u << 20, n = 0;
    char *text = malloc(cap + 1);
    int bad = !text;
    while (!bad && n <= cap) {
        size_t got = fread(text + n, 1, cap + 1 - n, f);
        if (got == 0) break;
        n += got;
        if (n > cap) break;
    }
    if (!bad && ferror(f)) bad = 1;
    fclose(f);
    if (bad) {
        wn_status bst = text ? WN_EIO : WN_ENOMEM;
        snprintf(err, errlen, "%s: cannot read: %s", path, text ? strerror(errno) : "out of memory");
        free(text);
        return bst;
    }
    if (n > cap) {
        snprintf(err, errlen, "%s: larger than 1 MiB; not a pipeline.conf", path);
        free(text);
        return WN_ECONFIG;
    }
    text[n] = '\0';
    wn_status st = load_text(&ctx, text, n);
    free(text);
    return st;
}

wn_status wn_config_load_string(wn_config_t *c, const char *ini, const char *name, char *err, size_t errlen) {
    char tmp[256];
    if (!err || !errlen) err = tmp, errlen = sizeof tmp;
    load_ctx ctx = {c, name ? name : "(string)", err, errlen, WN_OK, ""};
    return load_text(&ctx, ini, strlen(ini));
}

/* Endpoint syntax: tcp://HOST:PORT (1..65535 or *), ipc://PATH, inproc://NAME. */
wn_status wn_config_check_endpoint(const char *ep, const char *what, char *err, size_t errlen) {
    char tmp[256];
    if (!err || !errlen) err = tmp, errlen = sizeof tmp;
    if (!strncmp(ep, "ipc://", 6)) {
        size_t n = strlen(ep + 6);
        if (n == 0 || n >= 108) {
            snprintf(err, errlen, "%s endpoint '%s': an ipc:// path must be 1..107 bytes", what, ep);
            return WN_ECONFIG;
        }
        return WN_OK;
    }
    if (!strncmp(ep, "inproc://", 9) && ep[9]) return WN_OK;
    if (strncmp(ep, "tcp://", 6)) {
        snprintf(err, errlen, "%s endpoint '%s': expected tcp://HOST:PORT or ipc://PATH", what, ep);
        return WN_ECONFIG;
    }
    const char *colon = strrchr(ep + 6, ':');
    if (!colon || colon == ep + 6) {
        snprintf(err, errlen, "%s endpoint '%s': expected tcp://HOST:PORT", what, ep);
        return WN_ECONFIG;
    }
    if (!strcmp(colon + 1, "*")) return WN_OK;
    long long port = 0;
    if (!parse_int(colon + 1, 1, 65535, &port)) {
        snprintf(err, errlen, "%s endpoint '%s': port must be 1..65535 (or *)", what, ep);
        return WN_ECONFIG;
    }
    return WN_OK;
}

wn_status wn_config_check(const wn_config_t *c, char *err, size_t errlen) {
    char tmp[256];
    if (!err || !errlen) err = tmp, errlen = sizeof tmp;
    const char *name[5] = {"tasks", "results", "acks", "local_tasks", "local_results"};
    const char *ep[5] = {c->tasks, c->results, c->acks, c->local_tasks, c->local_results};
    for (int i = 0; i < 5; i++) {
        if (!ep[i][0] && i >= 3) continue;
        wn_status st = wn_config_check_endpoint(ep[i], name[i], err, errlen);
        if (st != WN_OK) return st;
        for (int j = 0; j < i; j++)
            if (ep[j][0] && !strcmp(ep[i], ep[j]) && !strstr(ep[i], ":*")) {
                snprintf(err, errlen, "%s and %s are the same endpoint (%s): each role needs its own", name[j],
                         name[i], ep[i]);
                return WN_ECONFIG;
            }
    }
    return WN_OK;
}

char *wn_config_to_ini(const wn_config_t *c) {
    size_t cap = 16384, len = 0;
    char *out = malloc(cap);
    if (!out) return NULL;
    const char *section = "";
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const key_t_ *k = &keys[i];
        const char *field = (const char *)c + k->off;
        char val[sizeof c->sources + 8];
        switch (k->kind) {
        case K_UINT: snprintf(val, sizeof val, "%u", *(const unsigned *)(const void *)field); break;
        case K_INT: snprintf(val, sizeof val, "%d", *(const int *)(const void *)field); break;
        case K_SIZE: snprintf(val, sizeof val, "%zu", *(const size_t *)(const void *)field); break;
        case K_BOOL: snprintf(val, sizeof val, "%s", *(const bool *)(const void *)field ? "true" : "false"); break;
        case K_STR:
            if (strpbrk(field, "\n\r") || strstr(field, " ;") || strstr(field, "\t;") || field[0] == ';' || field[0] == '#' || field[0] == ' ' || (field[0] && field[strlen(field) - 1] == ' ')) {
                free(out);
                return NULL; /* inih would not read it back the same */
            }
            snprintf(val, sizeof val, "%s", field);
            break;
        case K_KEY: snprintf(val, sizeof val, "%s", field); break; /* Z85: no blanks, no ';' */
        case K_FORMAT:
            snprintf(val, sizeof val, "%s", c->format == WN_FORMAT_MARKDOWN ? "markdown" : c->format == WN_FORMAT_JSON ? "json" : "text");
            break;
        case K_BIAS: snprintf(val, sizeof val, "%s", c->bias < 0 ? "precision" : c->bias > 0 ? "recall" : "balanced"); break;
        case K_PAGETYPE: snprintf(val, sizeof val, "%s", wn_page_type_name(c->page_type)); break;
        case K_GZIP:
            snprintf(val, sizeof val, "%s", c->output_gzip == WN_GZIP_YES ? "yes" : c->output_gzip == WN_GZIP_NO ? "no" : "auto");
            break;
        }
        size_t need = strlen(k->section) + strlen(k->key) + 2 * strlen(val) + 16;
        if (len + need >= cap) {
            cap = (len + need) * 2;
            char *p = realloc(out, cap);
            if (!p) {
                free(out);
                return NULL;
            }
            out = p;
        }
        if (strcmp(section, k->section)) {
            section = k->section;
            len += (size_t)snprintf(out + len, cap - len, "%s[%s]\n", len ? "\n" : "", section);
        }
        if (!is_list_key(k->section, k->key)) {
            len += (size_t)snprintf(out + len, cap - len, "%s = %s\n", k->key, val);
            continue;
        }
        /* A list: at most LINE_MAX_INI / 2 bytes a line, the rest on indented lines. */
        len += (size_t)snprintf(out + len, cap - len, "%s =", k->key);
        size_t col = LINE_MAX_INI; /* start a line at the first word */
        for (const char *p = val; *p;) {
            while (*p == ' ' || *p == '\t') p++;
            size_t w = strcspn(p, " \t");
            if (!w) break;
            if (w + 8 > LINE_MAX_INI) {
                free(out);
                return NULL; /* one word longer than a line */
            }
            if (col + w + 1 > LINE_MAX_INI / 2 && col != LINE_MAX_INI) {
                len += (size_t)snprintf(out + len, cap - len, "\n   ");
                col = 3;
            } else if (col == LINE_MAX_INI) {
                col = strlen(k->key) + 2;
            }
            len += (size_t)snprintf(out + len, cap - len, " %.*s", (int)w, p);
            col += w + 1;
            p += w;
        }
        len += (size_t)snprintf(out + len, cap - len, "\n");
    }
    return out;
}

void wn_config_extract_options(const wn_config_t *c, wn_options_t *opt) {
    wn_options_init(opt);
    opt->format = c->format;
    opt->tables = c->tables;
    opt->comments = c->comments;
    opt->links = c->links;
    opt->images = c->images;
    opt->bias = c->bias;
    opt->page_type = c->page_type;
    snprintf(opt->langs, sizeof opt->langs, "%s", c->langs);
    opt->max_page_bytes = c->max_page_bytes;
    opt->max_inflated_bytes = c->max_inflated_bytes;
    opt->max_depth = c->max_depth;
}
